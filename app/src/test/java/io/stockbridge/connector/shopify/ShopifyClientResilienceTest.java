package io.stockbridge.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockbridge.config.Secret;
import io.stockbridge.simulator.shopify.FaultKind;
import io.stockbridge.simulator.shopify.FaultSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShopifyClientResilienceTest {
  private final ShopifyFixture fixture = new ShopifyFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void server_errors_are_retried_until_an_answer_arrives() {
    fixture.seed(3, 1);
    fixture.simulator.faults().failNext(FaultKind.SERVER_ERROR, 2);
    ShopifyConnector connector = fixture.connector();

    assertThat(connector.findVariantsBySku(List.of("SKU-1", "SKU-2")))
        .containsOnlyKeys("SKU-1", "SKU-2");
    assertThat(connector.client().stats().retries()).isEqualTo(2);
  }

  @Test
  void timeouts_are_retried_until_an_answer_arrives() {
    fixture.seed(1, 1);
    fixture.simulator.faults().set(new FaultSettings(0, 0, 0, 0, 1500, 0, 0, 0, 0, 0));
    fixture.simulator.faults().failNext(FaultKind.HANG, 1);
    ShopifyConnector connector =
        fixture.connector(
            fixture.settings().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));

    assertThat(connector.locations()).hasSize(1);
    assertThat(connector.client().stats().snapshot()).containsEntry("timeouts", 1L);
  }

  @Test
  void malformed_answers_are_retried_until_a_whole_answer_arrives() {
    fixture.simulator.faults().failNext(FaultKind.MALFORMED, 2);
    ShopifyConnector connector = fixture.connector();

    assertThat(connector.locations())
        .extracting(LocationRef::name)
        .containsExactly("Main warehouse");
    assertThat(connector.client().stats().snapshot()).containsEntry("malformed", 2L);
  }

  @Test
  void too_many_requests_with_retry_after_is_waited_out() {
    fixture.simulator.faults().failNext(FaultKind.TOO_MANY_REQUESTS, 1);
    ShopifyConnector connector = fixture.connector();

    assertThat(connector.locations()).hasSize(1);
    assertThat(connector.client().stats().retries()).isEqualTo(1);
  }

  @Test
  void throttled_answer_sent_with_http_429_is_waited_out_through_the_budget() {
    fixture.simulator.faults().failNext(FaultKind.THROTTLE_AS_429, 1);
    ShopifyConnector connector = fixture.connector();

    assertThat(connector.locations()).hasSize(1);
    assertThat(connector.client().stats().throttled()).isEqualTo(1);
    assertThat(connector.client().stats().retries()).isEqualTo(1);
  }

  @Test
  void persistent_server_errors_end_in_retry_later_never_a_silent_drop() {
    fixture.seedOne("DOWN-1", 1);
    fixture.simulator.faults().set(new FaultSettings(1.0, 0, 0, 0, 1000, 0, 0, 0, 0, 0));
    ShopifyConnector connector = fixture.connector();

    assertThatThrownBy(
            () ->
                connector.setQuantities(
                    "available",
                    "correction",
                    null,
                    List.of(
                        new QuantityChange(
                            "gid://shopify/InventoryItem/1", fixture.location, 1, null))))
        .isInstanceOf(ShopifyRetryLaterException.class)
        .hasMessageContaining("inventorySetQuantities")
        .hasMessageContaining("HTTP 503");
    assertThat(fixture.simulator.counters().get("server_errors")).isEqualTo(5);
  }

  @Test
  void field_error_without_data_is_a_refusal_not_an_empty_success() {
    String mutation =
        "mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) {"
            + " userErrors { code } } }";
    java.util.Map<String, Object> quantity = new java.util.HashMap<>();
    quantity.put("inventoryItemId", "gid://shopify/InventoryItem/1");
    quantity.put("locationId", fixture.location);
    quantity.put("quantity", 1);
    quantity.put("changeFromQuantity", null);
    java.util.Map<String, Object> input =
        java.util.Map.of(
            "name", "available", "reason", "correction", "quantities", List.of(quantity));

    assertThatThrownBy(
            () ->
                fixture
                    .connector()
                    .client()
                    .execute("noKey", mutation, java.util.Map.of("input", input), 10))
        .isInstanceOf(ShopifyRequestException.class)
        .hasMessageContaining("@idempotent");
  }

  @Test
  void rejected_token_is_reported_without_revealing_it() {
    ShopifySettings wrong = fixture.settings();
    wrong =
        new ShopifySettings(
            wrong.shop(),
            wrong.baseUrl(),
            Secret.of("shpat_wrong_token"),
            wrong.apiVersion(),
            wrong.connectTimeout(),
            wrong.requestTimeout(),
            3,
            wrong.initialBackoff(),
            wrong.maxBackoff(),
            1);
    ShopifyConnector connector = fixture.connector(wrong);

    assertThatThrownBy(connector::locations)
        .isInstanceOf(ShopifyRequestException.class)
        .hasMessageContaining("401")
        .hasMessageNotContaining("shpat_wrong_token");
    assertThat(wrong.toString()).doesNotContain("shpat_wrong_token");
  }
}
