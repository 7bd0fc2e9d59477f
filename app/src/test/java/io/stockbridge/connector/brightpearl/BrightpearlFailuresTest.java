package io.stockbridge.connector.brightpearl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stockbridge.config.Secret;
import io.stockbridge.idset.IdSet;
import io.stockbridge.simulator.brightpearl.CatalogGenerator;
import io.stockbridge.simulator.brightpearl.SimCounters;
import io.stockbridge.simulator.brightpearl.SimFaults;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrightpearlFailuresTest {
  private static ConnectorFixture fixture;
  private static BrightpearlClient client;

  @BeforeAll
  static void start() {
    fixture = new ConnectorFixture();
    fixture.simulator.control().seed(CatalogGenerator.Spec.ofProducts(400));
    client =
        fixture.client(fixture.settings().maxAttempts(3).requestTimeout(Duration.ofMillis(400)));
  }

  @BeforeEach
  void reset() {
    fixture.simulator.faults().reset();
    fixture.simulator.counters().reset();
  }

  @AfterAll
  static void stop() {
    client.close();
    fixture.close();
  }

  private long requests() {
    return fixture.simulator.counters().get(SimCounters.REQUESTS);
  }

  @Test
  void server_errors_are_retried_and_the_read_completes() {
    fixture.simulator.faults().queue(new SimFaults.Fault.ErrorStatus(500), 1);
    fixture.simulator.faults().queue(new SimFaults.Fault.ErrorStatus(502), 1);

    assertThat(client.availability(IdSet.parse("1001-1400"))).hasSize(400);
    assertThat(requests()).isEqualTo(4);
  }

  @Test
  void persistent_server_errors_are_reported_as_retryable_unavailability_after_the_attempts() {
    fixture.simulator.faults().queue(new SimFaults.Fault.ErrorStatus(500), 3);

    BrightpearlUnavailableException error =
        catchThrowableOfType(
            BrightpearlUnavailableException.class, () -> client.availability(IdSet.of(1001)));

    assertThat(error.retryable()).isTrue();
    assertThat(error.getMessage()).contains("HTTP 500").contains("product-availability/1001");
    assertThat(requests()).isEqualTo(3);
  }

  @Test
  void a_request_that_times_out_is_retried() {
    fixture.simulator.faults().queue(new SimFaults.Fault.Hang(1500), 1);

    assertThat(client.warehouses()).hasSize(2);
    assertThat(requests()).isEqualTo(2);
  }

  @Test
  void repeated_timeouts_are_reported_never_dropped() {
    fixture.simulator.faults().queue(new SimFaults.Fault.Hang(1500), 3);

    BrightpearlUnavailableException error =
        catchThrowableOfType(BrightpearlUnavailableException.class, client::warehouses);

    assertThat(error.getMessage()).contains("no answer");
    assertThat(error.retryable()).isTrue();
  }

  @Test
  void a_malformed_body_is_retried_and_the_read_completes() {
    fixture.simulator.faults().queue(new SimFaults.Fault.Malformed(), 2);

    assertThat(client.products(IdSet.parse("1001-1010"))).hasSize(10);
    assertThat(requests()).isEqualTo(3);
  }

  @Test
  void persistent_malformed_bodies_are_reported() {
    fixture.simulator.faults().queue(new SimFaults.Fault.Malformed(), 3);

    BrightpearlUnavailableException error =
        catchThrowableOfType(
            BrightpearlUnavailableException.class, () -> client.products(IdSet.of(1001)));

    assertThat(error.getMessage()).contains("malformed");
  }

  @Test
  void a_refused_request_is_reported_at_once_with_the_api_errors() {
    try (BrightpearlClient tooGreedy =
        fixture.client(fixture.settings().maxIdsPerAvailabilityCall(300))) {
      BrightpearlRequestException error =
          catchThrowableOfType(
              BrightpearlRequestException.class,
              () -> tooGreedy.availability(IdSet.parse("1001-1300")));

      assertThat(error.status()).isEqualTo(400);
      assertThat(error.errors())
          .singleElement()
          .satisfies(e -> assertThat(e.message()).contains("200"));
      assertThat(error.retryable()).isFalse();
    }
    assertThat(requests()).isEqualTo(1);
  }

  @Test
  void a_webhook_registration_whose_fate_is_unknown_is_not_repeated() {
    fixture.simulator.faults().queue(new SimFaults.Fault.ErrorStatus(500), 1);

    BrightpearlUnavailableException error =
        catchThrowableOfType(
            BrightpearlUnavailableException.class,
            () ->
                client.registerWebhook(
                    StockbridgeWebhooks.wanted(
                        "product.created",
                        URI.create("http://example.test/hook"),
                        Secret.of("x"))));

    assertThat(error.retryable()).isTrue();
    assertThat(requests()).isEqualTo(1);
  }
}
