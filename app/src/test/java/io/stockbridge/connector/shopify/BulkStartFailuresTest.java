package io.stockbridge.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockbridge.config.BulkSettings;
import io.stockbridge.simulator.shopify.BulkFaults;
import io.stockbridge.testhelper.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bulk operations that Shopify does not start, that fail while running, or that are slow: each is
 * answered at once with Shopify's reason, a busy shop is waited for within a bound, and polling
 * ends at a deadline proportional to the work (against the simulator over HTTP).
 */
class BulkStartFailuresTest {
  private static final String QUERY = "{ productVariants { edges { node { id sku } } } }";
  private final ShopifyFixture fixture = new ShopifyFixture();

  @AfterEach
  void stop() {
    fixture.shop.holdBulkOperations(false);
    fixture.close();
  }

  private BulkSettings quick() {
    return BulkSettings.DEFAULTS
        .withStartWait(Duration.ofSeconds(10))
        .withDeadline(Duration.ofSeconds(20), Duration.ofSeconds(20), 1000);
  }

  @Test
  void a_start_refused_with_a_user_error_fails_at_once_with_shopifys_reason_and_never_polls() {
    fixture.shop.setBulkFaults(BulkFaults.NONE.withRefusedStarts(1, "INVALID"));

    assertThatThrownBy(() -> fixture.connector(quick()).runBulkQuery(QUERY, 10))
        .isInstanceOfSatisfying(
            BulkOperationException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(BulkOperationException.Kind.REFUSED);
              assertThat(e.getMessage()).contains("INVALID").contains("could not be started");
            });
    assertThat(fixture.simulator.counters().callsOf("bulkOperation")).isZero();
  }

  @Test
  void a_start_answered_with_neither_operation_nor_user_error_fails_at_once() {
    fixture.shop.setBulkFaults(BulkFaults.NONE.withSilentStarts(1));

    assertThatThrownBy(() -> fixture.connector(quick()).runBulkQuery(QUERY, 10))
        .isInstanceOfSatisfying(
            BulkOperationException.class,
            e -> assertThat(e.kind()).isEqualTo(BulkOperationException.Kind.NOT_STARTED));
    assertThat(fixture.simulator.counters().callsOf("bulkOperation")).isZero();
  }

  @Test
  void a_bulk_mutation_refused_for_a_missing_file_fails_with_that_code() {
    fixture.shop.setBulkFaults(BulkFaults.NONE.withRefusedStarts(1, "NO_SUCH_FILE"));

    assertThatThrownBy(
            () ->
                fixture
                    .connector(quick())
                    .runBulkMutation(
                        "mutation m($id: ID!) { tagsAdd(id: $id, tags: [\"x\"]) { userErrors { message } } }",
                        List.of(Map.of("id", "gid://shopify/Product/1"))))
        .isInstanceOfSatisfying(
            BulkOperationException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(BulkOperationException.Kind.REFUSED);
              assertThat(e.getMessage()).contains("NO_SUCH_FILE");
            });
  }

  @Test
  void a_start_refused_for_the_concurrency_limit_waits_for_the_running_operation_then_starts()
      throws Exception {
    fixture.seed(20, 1);
    fixture.shop.setBulkFaults(BulkFaults.NONE.withMaxRunning(1));
    fixture.shop.holdBulkOperations(true);
    // Another node (its own connector) holds the only slot.
    CompletableFuture<BulkResult> other =
        CompletableFuture.supplyAsync(() -> fixture.connector(quick()).runBulkQuery(QUERY, 20));
    Eventually.await(
        "the other operation to start",
        Duration.ofSeconds(10),
        () -> fixture.simulator.counters().callsOf("bulkOperationRunQuery") == 1);

    CompletableFuture<BulkResult> ours =
        CompletableFuture.supplyAsync(() -> fixture.connector(quick()).runBulkQuery(QUERY, 20));
    Eventually.await(
        "our start to be refused and to wait for the running operation",
        Duration.ofSeconds(10),
        () -> fixture.simulator.counters().callsOf("bulkOperations") >= 1);
    assertThat(ours).isNotDone();
    fixture.shop.holdBulkOperations(false);

    assertThat(ours.get().status()).isEqualTo("COMPLETED");
    assertThat(ours.get().lines()).hasSize(20);
    assertThat(other.get().status()).isEqualTo("COMPLETED");
  }

  @Test
  void a_shop_busy_beyond_the_start_wait_is_reported_busy_within_that_wait() {
    fixture.shop.setBulkFaults(BulkFaults.NONE.withRefusedStarts(1000, "LIMIT_REACHED"));
    ShopifyConnector connector = fixture.connector(quick().withStartWait(Duration.ofMillis(1500)));

    long started = System.nanoTime();
    assertThatThrownBy(() -> connector.runBulkQuery(QUERY, 10))
        .isInstanceOfSatisfying(
            BulkOperationException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(BulkOperationException.Kind.BUSY);
              assertThat(e.getMessage()).contains("LIMIT_REACHED");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(fixture.simulator.counters().callsOf("bulkOperationRunQuery")).isBetween(2L, 10L);
  }

  @Test
  void an_operation_that_fails_while_running_is_a_failure_with_its_error_code() {
    fixture.seed(10, 1);
    fixture.shop.setBulkFaults(BulkFaults.NONE.withFailedRuns(1, "TIMEOUT"));
    ShopifyConnector connector = fixture.connector(quick());

    assertThatThrownBy(
            () -> connector.bulkInventoryLevels(fixture.location, 10, BulkProgress.Listener.NONE))
        .isInstanceOfSatisfying(
            BulkOperationException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(BulkOperationException.Kind.FAILED);
              assertThat(e.getMessage()).contains("FAILED").contains("TIMEOUT");
            });
    // The next read is fine again.
    assertThat(connector.bulkInventoryLevels(fixture.location, 10, BulkProgress.Listener.NONE))
        .hasSize(10);
  }

  @Test
  void a_slow_operation_is_polled_with_progress_until_its_deadline_then_canceled() {
    fixture.seed(50, 1);
    fixture.shop.setBulkFaults(BulkFaults.NONE.withRunMillis(60_000));
    ShopifyConnector connector =
        fixture.connector(
            quick().withDeadline(Duration.ofMillis(1500), Duration.ofMillis(1500), 1000));
    List<BulkProgress> seen = new CopyOnWriteArrayList<>();

    assertThatThrownBy(() -> connector.bulkInventoryLevels(fixture.location, 50, seen::add))
        .isInstanceOfSatisfying(
            BulkOperationException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(BulkOperationException.Kind.TIMED_OUT);
              assertThat(e.getMessage()).contains("canceled");
            });
    assertThat(seen).isNotEmpty().allSatisfy(p -> assertThat(p.expected()).isEqualTo(50));
    assertThat(seen.get(seen.size() - 1).status()).isEqualTo("RUNNING");
    String id = seen.get(0).operationId();
    Eventually.await(
        "the operation to be canceled",
        Duration.ofSeconds(10),
        () -> fixture.shop.bulkOperationStatus(id).equals("CANCELED"));
  }

  @Test
  void the_polling_deadline_grows_with_the_expected_objects_between_floor_and_ceiling() {
    BulkSettings settings =
        BulkSettings.DEFAULTS.withDeadline(Duration.ofMinutes(2), Duration.ofMinutes(30), 100);

    assertThat(settings.deadlineFor(0)).isEqualTo(Duration.ofMinutes(2));
    assertThat(settings.deadlineFor(6_000)).isEqualTo(Duration.ofMinutes(3));
    assertThat(settings.deadlineFor(10_000_000)).isEqualTo(Duration.ofMinutes(30));
    assertThat(BulkSettings.shopifyConcurrency("2026-01")).isEqualTo(5);
    assertThat(BulkSettings.shopifyConcurrency("2025-10")).isEqualTo(1);
  }

  @Test
  void several_locations_are_read_at_once_within_the_configured_concurrency() {
    List<String> locations = new ArrayList<>();
    locations.add(fixture.location);
    for (int i = 2; i <= 4; i++) {
      locations.add(fixture.shop.addLocation("Store " + i));
    }
    fixture.seed(30, 2);
    fixture.shop.setBulkFaults(BulkFaults.NONE.withRunMillis(400));
    ShopifyConnector connector = fixture.connector(quick().withConcurrency(2));
    List<BulkProgress> seen = new CopyOnWriteArrayList<>();

    Map<String, List<InventoryLevel>> levels =
        connector.bulkInventoryLevels(locations, 30, seen::add);

    assertThat(levels.keySet()).containsExactlyElementsOf(locations);
    assertThat(levels.get(fixture.location)).hasSize(30);
    assertThat(fixture.simulator.counters().callsOf("bulkOperationRunQuery")).isEqualTo(4);
    assertThat(fixture.shop.mostBulkOperationsRunningAtOnce("QUERY")).isEqualTo(2);
  }
}
