package io.stockbridge.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.auth.ApiKeys;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What order events name in the search index: the order's name, its lines' SKUs, the customer's
 * email as a hash (never the address; case and surrounding spaces do not matter), a refund's order
 * id and SKUs, the catch-up poll's order.
 */
class OrderEventNamesTest {
  static EventNames.Rows shopify(String type, String key, String json) {
    return EventNames.of("shopify", type, key, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void an_order_webhook_names_its_order_its_skus_and_its_customer_by_hash_only() {
    EventNames.Rows rows =
        shopify(
            "orders/create",
            "5001",
            """
            {"id": 5001, "name": "#1001", "email": " Grace.Hopper@Example.com ",
             "line_items": [{"id": 1, "sku": "SKU-A"}, {"id": 2, "sku": "SKU-B"}]}
            """);
    String hash = EventName.emailHash("grace.hopper@example.com");
    assertThat(rows.names())
        .containsExactlyInAnyOrder(
            EventName.sku("SKU-A"),
            EventName.sku("SKU-B"),
            EventName.order("#1001"),
            new EventName(EventName.EMAIL, hash));
    assertThat(rows.names()).noneMatch(n -> n.value().contains("@"));
    // The customer's email only inside "customer": the same name.
    assertThat(
            shopify(
                    "orders/updated",
                    "5001",
                    "{\"id\": 5001, \"name\": \"#1001\", \"customer\": {\"email\": \"GRACE.HOPPER@example.com\"}}")
                .names())
        .contains(EventName.email("grace.hopper@example.com"));
  }

  @Test
  void the_email_hash_is_the_sha256_of_the_trimmed_lower_cased_address() {
    assertThat(EventName.emailHash("Grace.Hopper@x"))
        .isEqualTo(EventName.emailHash("grace.hopper@x"))
        .isEqualTo(EventName.emailHash("  GRACE.HOPPER@X\t"))
        .isEqualTo(ApiKeys.hash("grace.hopper@x"))
        .hasSize(64)
        .doesNotContain("@");
    assertThat(EventName.emailHash("grace.hopper@y"))
        .isNotEqualTo(EventName.emailHash("grace.hopper@x"));
    assertThat(EventName.emailHash(null)).isNull();
  }

  @Test
  void a_refund_names_its_order_id_and_the_skus_of_its_lines() {
    EventNames.Rows rows =
        shopify(
            "refunds/create",
            "77",
            """
            {"id": 77, "order_id": 5001,
             "refund_line_items": [{"line_item_id": 1, "quantity": 1, "line_item": {"sku": "SKU-B"}}]}
            """);
    assertThat(rows.names())
        .containsExactlyInAnyOrder(EventName.shopifyOrder("5001"), EventName.sku("SKU-B"));
  }

  @Test
  void the_catch_up_event_of_a_missed_order_names_the_order() {
    EventNames.Rows rows =
        EventNames.of(
            "stockbridge",
            "order.catch-up",
            "5001",
            "{\"order\": \"gid://shopify/Order/5001\", \"name\": \"#1001\"}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(rows.names()).containsExactly(EventName.order("#1001"));
    // Other events of Stockbridge keep their names: a SKU key, a sku field.
    assertThat(
            EventNames.of(
                    "stockbridge",
                    "stock.correction",
                    "SKU-9",
                    "{\"sku\": \"SKU-8\"}".getBytes(StandardCharsets.UTF_8))
                .names())
        .containsExactly(EventName.sku("SKU-8"));
  }
}
