package io.stockbridge.connector.brightpearl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stockbridge.idset.IdSet;
import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulatorOptions;
import io.stockbridge.simulator.brightpearl.CatalogGenerator;
import io.stockbridge.simulator.brightpearl.SimCounters;
import io.stockbridge.simulator.brightpearl.SimFaults;
import io.stockbridge.simulator.brightpearl.SimHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BrightpearlBudgetTest {
  private ConnectorFixture fixture = new ConnectorFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private long throttled() {
    return fixture.simulator.counters().get(SimCounters.THROTTLED);
  }

  @Test
  void a_node_waits_for_budget_another_node_drained_through_the_shared_store_and_sees_no_503() {
    fixture.simulator.control().seed(CatalogGenerator.Spec.ofProducts(1000));
    long start = fixture.clock.millis();
    try (BrightpearlClient otherNode = fixture.client();
        BrightpearlClient node = fixture.client()) {
      for (int i = 0; i < 200; i++) {
        otherNode.warehouses();
      }

      Map<Long, ProductAvailability> read = node.availability(IdSet.parse("1001-2000"));

      assertThat(read).hasSize(1000);
    }
    assertThat(throttled()).isZero();
    assertThat(fixture.clock.millis() - start).isGreaterThanOrEqualTo(60_000);
  }

  @Test
  void
      an_outside_client_draining_the_budget_costs_one_throttled_answer_and_the_caller_gets_everything() {
    fixture.simulator.control().seed(CatalogGenerator.Spec.ofProducts(1000));
    SimHttp outside = new SimHttp(fixture.simulator);
    for (int i = 0; i < 200; i++) {
      outside.api("GET", "/warehouse-service/warehouse/");
    }

    try (BrightpearlClient client = fixture.client()) {
      assertThat(client.availability(IdSet.parse("1001-2000"))).hasSize(1000);
    }
    assertThat(throttled()).isEqualTo(1);
  }

  @Test
  void a_steady_read_of_more_than_a_minute_of_budget_waits_instead_of_hitting_503() {
    fixture.simulator.control().seed(CatalogGenerator.Spec.ofProducts(500));
    long start = fixture.clock.millis();
    try (BrightpearlClient client =
        fixture.client(fixture.settings().maxIdsPerAvailabilityCall(1))) {
      assertThat(client.availability(IdSet.parse("1001-1500"))).hasSize(500);
    }
    assertThat(throttled()).isZero();
    assertThat(fixture.simulator.counters().get(SimCounters.REQUESTS)).isEqualTo(500);
    assertThat(fixture.clock.millis() - start).isBetween(120_000L, 125_000L);
  }

  @Test
  void two_nodes_reading_concurrently_share_one_budget_and_get_everything() throws Exception {
    fixture.simulator.control().seed(CatalogGenerator.Spec.ofProducts(300));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Integer>> results = new ArrayList<>();
    try (BrightpearlClient a = fixture.client(fixture.settings().maxIdsPerAvailabilityCall(1));
        BrightpearlClient b = fixture.client(fixture.settings().maxIdsPerAvailabilityCall(1))) {
      results.add(pool.submit(() -> a.availability(IdSet.parse("1001-1300")).size()));
      results.add(pool.submit(() -> b.availability(IdSet.parse("1001-1300")).size()));
      assertThat(results.get(0).get()).isEqualTo(300);
      assertThat(results.get(1).get()).isEqualTo(300);
    } finally {
      pool.shutdownNow();
    }
    // Clock jumps by both sleepers can only make the simulator more lenient; the budget model
    // alone keeps 600 requests from being answered 503 more than rarely.
    assertThat(throttled()).isLessThanOrEqualTo(2);
  }

  @Test
  void answers_429_with_retry_after_are_waited_out_and_retried() {
    fixture.close();
    fixture =
        new ConnectorFixture(
            options -> options.throttleMode(BrightpearlSimulatorOptions.ThrottleMode.STATUS_429));
    fixture.simulator.control().seed(CatalogGenerator.Spec.ofProducts(10));
    fixture.simulator.faults().queue(new SimFaults.Fault.Throttle(), 3);

    try (BrightpearlClient client = fixture.client()) {
      assertThat(client.warehouses()).hasSize(2);
    }
    assertThat(throttled()).isEqualTo(3);
  }

  @Test
  void a_budget_throttled_for_too_long_is_reported_as_retryable_with_a_retry_after() {
    fixture.simulator.control().seed(CatalogGenerator.Spec.ofProducts(10));
    fixture.simulator.faults().set(new SimFaults.Settings(0, 500, 0, 0, 0, 0, 0, true, 0, 0, 0, 1));

    try (BrightpearlClient client = fixture.client(fixture.settings().maxThrottledAnswers(3))) {
      BrightpearlThrottledException error =
          catchThrowableOfType(BrightpearlThrottledException.class, client::warehouses);
      assertThat(error.retryable()).isTrue();
      assertThat(error.retryAfter()).isPresent();
    }
    assertThat(throttled()).isEqualTo(4);
  }

  @Test
  void the_shared_state_is_json_named_after_the_account() {
    InMemoryBudgetStateStore store = new InMemoryBudgetStateStore();
    fixture.simulator.control().seed(CatalogGenerator.Spec.ofProducts(1));
    try (BrightpearlClient client = fixture.client(fixture.settings(), store)) {
      client.warehouses();
    }
    String state =
        store.update(
            "brightpearl:" + fixture.simulator.options().accountCode(),
            current -> new io.stockbridge.ratelimit.BudgetStateStore.Decision<>(null, current));
    assertThat(state).contains("\"remaining\":199").contains("\"leases\":[]");
    assertThat(Duration.ofMillis(AccountBudget.PROBE_HOLD_MS)).isPositive();
  }
}
