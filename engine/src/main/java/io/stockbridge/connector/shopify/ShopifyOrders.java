package io.stockbridge.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order side of one store: a page of orders updated since a time (the catch-up poll), one
 * order's details, its fulfillment orders, and {@code fulfillmentCreate} with tracking. Through the
 * store's client and cost budget. Thread-safe.
 */
public final class ShopifyOrders {
  private final ShopifyClient client;

  public ShopifyOrders(ShopifyConnector connector) {
    this.client = connector.client();
  }

  /** An order's id (global), numeric id, name and update time. */
  public record OrderRef(String id, String legacyId, String name, String updatedAt) {}

  /** A page of orders and the cursor after it (null: the last page). */
  public record OrderPage(List<OrderRef> orders, String nextCursor) {}

  /** A line of a fulfillment order: its id, the order line it fulfils, quantities. */
  public record FulfillmentOrderLine(
      String fulfillmentOrderId, String id, String lineItemId, String sku, int remaining) {}

  /** Orders updated at or after {@code since} (ISO instant), oldest update first. */
  public OrderPage ordersUpdatedSince(String since, String after) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("query", "updated_at:>='" + since + "'");
    variables.put("after", after);
    JsonNode orders =
        client
            .execute("orders", GraphqlDocuments.get("orders-updated-since"), variables, 52)
            .data()
            .path("orders");
    List<OrderRef> refs = new ArrayList<>();
    for (JsonNode node : orders.path("nodes")) {
      refs.add(
          new OrderRef(
              node.path("id").asText(),
              node.path("legacyResourceId").asText(),
              node.path("name").asText(),
              node.path("updatedAt").asText()));
    }
    JsonNode info = orders.path("pageInfo");
    return new OrderPage(
        refs, info.path("hasNextPage").asBoolean() ? info.path("endCursor").asText() : null);
  }

  /** One order with its lines, shipping lines and customer (the {@code order-for-sync} shape). */
  public Optional<JsonNode> order(String orderId) {
    JsonNode order =
        client
            .execute(
                "order", GraphqlDocuments.get("order-for-sync"), Map.of("id", gid(orderId)), 70)
            .data()
            .path("order");
    return order.isMissingNode() || order.isNull() ? Optional.empty() : Optional.of(order);
  }

  /** The open lines of an order's fulfillment orders, and tracking numbers already fulfilled. */
  public record Fulfillable(List<FulfillmentOrderLine> lines, List<String> trackingNumbers) {}

  public Fulfillable fulfillable(String orderId) {
    JsonNode order =
        client
            .execute(
                "order",
                GraphqlDocuments.get("order-fulfillment-orders"),
                Map.of("id", gid(orderId)),
                520)
            .data()
            .path("order");
    List<FulfillmentOrderLine> lines = new ArrayList<>();
    for (JsonNode fulfillmentOrder : order.at("/fulfillmentOrders/nodes")) {
      for (JsonNode line : fulfillmentOrder.at("/lineItems/nodes")) {
        lines.add(
            new FulfillmentOrderLine(
                fulfillmentOrder.path("id").asText(),
                line.path("id").asText(),
                line.at("/lineItem/id").asText(),
                line.at("/lineItem/sku").asText(null),
                line.path("remainingQuantity").asInt()));
      }
    }
    List<String> numbers = new ArrayList<>();
    for (JsonNode fulfillment : order.path("fulfillments")) {
      for (JsonNode tracking : fulfillment.path("trackingInfo")) {
        if (tracking.hasNonNull("number")) {
          numbers.add(tracking.path("number").asText());
        }
      }
    }
    return new Fulfillable(lines, numbers);
  }

  /**
   * Fulfils {@code quantities} (fulfillment order line id to quantity) with tracking; returns the
   * fulfillment's id. Shopify's user errors throw a {@link ShopifyRequestException}.
   */
  public String createFulfillment(
      Map<String, Map<String, Integer>> quantitiesByFulfillmentOrder,
      String company,
      String number,
      String url) {
    List<Map<String, Object>> byOrder = new ArrayList<>();
    quantitiesByFulfillmentOrder.forEach(
        (fulfillmentOrder, quantities) -> {
          List<Map<String, Object>> lines = new ArrayList<>();
          quantities.forEach((id, quantity) -> lines.add(Map.of("id", id, "quantity", quantity)));
          byOrder.add(
              Map.of("fulfillmentOrderId", fulfillmentOrder, "fulfillmentOrderLineItems", lines));
        });
    Map<String, Object> tracking = new LinkedHashMap<>();
    tracking.put("company", company);
    tracking.put("number", number);
    tracking.put("url", url);
    Map<String, Object> fulfillment = new LinkedHashMap<>();
    fulfillment.put("lineItemsByFulfillmentOrder", byOrder);
    fulfillment.put("trackingInfo", tracking);
    fulfillment.put("notifyCustomer", true);
    JsonNode payload =
        client
            .execute(
                "fulfillmentCreate",
                GraphqlDocuments.get("fulfillment-create"),
                Map.of("fulfillment", fulfillment),
                10)
            .data()
            .path("fulfillmentCreate");
    if (!payload.path("userErrors").isEmpty()) {
      throw new ShopifyRequestException(
          "fulfillmentCreate refused: " + payload.path("userErrors"), 200);
    }
    return payload.at("/fulfillment/id").asText();
  }

  private static String gid(String orderId) {
    return orderId.startsWith("gid://") ? orderId : "gid://shopify/Order/" + orderId;
  }
}
