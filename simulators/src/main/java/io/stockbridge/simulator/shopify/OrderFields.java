package io.stockbridge.simulator.shopify;

import graphql.schema.DataFetchingEnvironment;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Root fields of the order side: {@code orders} (with {@code query: "updated_at:>=<time>"} for a
 * catch-up poll, sorted by {@code sortKey: UPDATED_AT}), {@code order(id)} with its fulfillment
 * orders, and {@code fulfillmentCreate} with tracking info. Run with the shop's lock held.
 */
final class OrderFields {
  private OrderFields() {}

  static Object orders(DataFetchingEnvironment env) {
    SimulatedShop shop = RequestContext.of(env).shop;
    String query = env.getArgument("query");
    Instant since = null;
    boolean inclusive = false;
    if (query != null && !query.isBlank()) {
      String text = query.strip();
      if (!text.startsWith("updated_at:>")) {
        throw GraphqlErrors.error(
            "The simulator filters orders by updated_at:>TIME or updated_at:>=TIME only, got '"
                + query
                + "'",
            "NOT_IMPLEMENTED_BY_SIMULATOR");
      }
      String value = text.substring("updated_at:>".length());
      if (value.startsWith("=")) {
        inclusive = true;
        value = value.substring(1);
      }
      value = value.replace("'", "").replace("\"", "");
      try {
        since = Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw GraphqlErrors.error("Invalid updated_at value '" + value + "'", "BAD_REQUEST");
      }
    }
    List<ShopOrders.Order> matching = new ArrayList<>();
    for (ShopOrders.Order order : shop.orders.orders.values()) {
      if (since == null
          || order.updatedAt.isAfter(since)
          || (inclusive && order.updatedAt.equals(since))) {
        matching.add(order);
      }
    }
    // An Object, not the generic T: String.valueOf(T) would resolve to valueOf(char[]) and fail.
    Object sortKey = env.getArgument("sortKey");
    if ("UPDATED_AT".equals(String.valueOf(sortKey))) {
      matching.sort(
          java.util.Comparator.comparing((ShopOrders.Order o) -> o.updatedAt)
              .thenComparing(o -> o.id));
    }
    return Connections.page(matching, env, OrderFields::view);
  }

  static Object order(DataFetchingEnvironment env) {
    SimulatedShop shop = RequestContext.of(env).shop;
    ShopOrders.Order order = shop.orders.orders.get(Gid.parse("Order", env.getArgument("id")));
    return order == null ? null : view(order);
  }

  static Map<String, Object> view(ShopOrders.Order order) {
    Map<String, Object> view = Views.object("Order", Gid.of("Order", order.id));
    view.put("legacyResourceId", String.valueOf(order.id));
    view.put("name", order.name);
    view.put("email", order.email);
    view.put("createdAt", order.createdAt.toString());
    view.put("updatedAt", order.updatedAt.toString());
    view.put("cancelledAt", order.cancelledAt == null ? null : order.cancelledAt.toString());
    view.put("currencyCode", order.currency);
    view.put("totalPriceSet", money(order.total(), order.currency));
    Map<String, Object> customer = Views.object("Customer", Gid.of("Customer", order.customerId));
    customer.put("email", order.email);
    customer.put("firstName", order.firstName);
    customer.put("lastName", order.lastName);
    view.put("customer", customer);
    view.put(
        "lineItems",
        (Resolver) env -> Connections.page(order.lines, env, line -> lineItem(order, line)));
    List<ShopOrders.Order> shipped = order.shippingTitle == null ? List.of() : List.of(order);
    view.put(
        "shippingLines",
        (Resolver)
            env ->
                Connections.page(
                    shipped,
                    env,
                    o -> {
                      Map<String, Object> line =
                          Views.object("ShippingLine", Gid.of("ShippingLine", o.id));
                      line.put("title", o.shippingTitle);
                      line.put("originalPriceSet", money(o.shippingPrice, o.currency));
                      line.put("taxLines", List.of());
                      return line;
                    }));
    view.put(
        "displayFulfillmentStatus",
        order.fulfillmentStatus().equals("CLOSED")
            ? "FULFILLED"
            : order.fulfillmentStatus().equals("IN_PROGRESS")
                ? "PARTIALLY_FULFILLED"
                : "UNFULFILLED");
    view.put(
        "fulfillmentOrders",
        (Resolver) env -> Connections.page(List.of(order), env, OrderFields::fulfillmentOrder));
    view.put(
        "fulfillments",
        (Resolver)
            env -> {
              List<Map<String, Object>> fulfillments = new ArrayList<>();
              for (ShopOrders.Fulfillment fulfillment : order.fulfillments) {
                fulfillments.add(fulfillment(order, fulfillment));
              }
              return fulfillments;
            });
    return view;
  }

  static Map<String, Object> lineItem(ShopOrders.Order order, ShopOrders.Line line) {
    Map<String, Object> view = Views.object("LineItem", Gid.of("LineItem", line.id));
    view.put("sku", line.sku);
    view.put("title", line.title);
    view.put("quantity", line.quantity);
    view.put("originalUnitPriceSet", money(line.price, order.currency));
    view.put("totalDiscountSet", money(line.discount, order.currency));
    Map<String, Object> tax = new LinkedHashMap<>();
    tax.put("title", "VAT");
    tax.put("rate", line.taxRate.doubleValue());
    tax.put("priceSet", money(line.tax, order.currency));
    view.put("taxLines", line.tax.signum() == 0 ? List.of() : List.of(tax));
    return view;
  }

  static Map<String, Object> money(java.math.BigDecimal amount, String currency) {
    Map<String, Object> money = new LinkedHashMap<>();
    money.put("amount", ShopOrders.money(amount));
    money.put("currencyCode", currency);
    Map<String, Object> bag = new LinkedHashMap<>();
    bag.put("shopMoney", money);
    bag.put("presentmentMoney", money);
    return bag;
  }

  static Map<String, Object> fulfillmentOrder(ShopOrders.Order order) {
    Map<String, Object> view =
        Views.object("FulfillmentOrder", Gid.of("FulfillmentOrder", order.fulfillmentOrderId));
    view.put("orderId", Gid.of("Order", order.id));
    view.put("orderName", order.name);
    view.put("status", order.fulfillmentStatus());
    view.put(
        "lineItems",
        (Resolver) env -> Connections.page(order.lines, env, OrderFields::fulfillmentOrderLine));
    return view;
  }

  static Map<String, Object> fulfillmentOrderLine(ShopOrders.Line line) {
    Map<String, Object> view =
        Views.object(
            "FulfillmentOrderLineItem", Gid.of("FulfillmentOrderLineItem", line.fulfillmentLineId));
    view.put("sku", line.sku);
    view.put("totalQuantity", line.quantity);
    view.put("remainingQuantity", line.remaining);
    view.put("productTitle", line.title);
    Map<String, Object> item = Views.object("LineItem", Gid.of("LineItem", line.id));
    item.put("sku", line.sku);
    item.put("quantity", line.quantity);
    view.put("lineItem", item);
    return view;
  }

  static Map<String, Object> fulfillment(
      ShopOrders.Order order, ShopOrders.Fulfillment fulfillment) {
    Map<String, Object> view = Views.object("Fulfillment", Gid.of("Fulfillment", fulfillment.id));
    view.put("legacyResourceId", String.valueOf(fulfillment.id));
    view.put("status", "SUCCESS");
    view.put("name", order.name + "-F" + (order.fulfillments.indexOf(fulfillment) + 1));
    view.put("createdAt", fulfillment.createdAt.toString());
    view.put(
        "totalQuantity",
        fulfillment.quantities.values().stream().mapToInt(Integer::intValue).sum());
    Map<String, Object> tracking = new LinkedHashMap<>();
    tracking.put("company", fulfillment.company);
    tracking.put("number", fulfillment.number);
    tracking.put("url", fulfillment.url);
    view.put("trackingInfo", (Resolver) env -> List.of(tracking));
    return view;
  }

  @SuppressWarnings("unchecked")
  static Object fulfillmentCreate(DataFetchingEnvironment env) {
    RequestContext context = RequestContext.of(env);
    SimulatedShop shop = context.shop;
    Map<String, Object> input = env.getArgument("fulfillment");
    List<Map<String, Object>> byOrder =
        (List<Map<String, Object>>) input.get("lineItemsByFulfillmentOrder");
    List<Map<String, Object>> errors = new ArrayList<>();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("userErrors", errors);
    payload.put("fulfillment", null);
    if (byOrder == null || byOrder.isEmpty()) {
      errors.add(
          GraphqlErrors.userError(
              List.of("fulfillment", "lineItemsByFulfillmentOrder"),
              "Line items by fulfillment order must not be empty.",
              null));
      return payload;
    }
    ShopOrders.Order order = null;
    Map<Long, Integer> quantities = new LinkedHashMap<>();
    for (Map<String, Object> entry : byOrder) {
      long foId = Gid.parse("FulfillmentOrder", entry.get("fulfillmentOrderId"));
      ShopOrders.Order of = shop.orders.byFulfillmentOrder(foId);
      if (of == null) {
        errors.add(
            GraphqlErrors.userError(
                List.of("fulfillment"), "Fulfillment order does not exist.", null));
        return payload;
      }
      if (order != null && order != of) {
        errors.add(
            GraphqlErrors.userError(
                List.of("fulfillment"), "Fulfillment orders must belong to the same order.", null));
        return payload;
      }
      order = of;
      if (of.cancelledAt != null) {
        errors.add(
            GraphqlErrors.userError(
                List.of("fulfillment"),
                "Fulfillment order is closed (the order was cancelled).",
                null));
        return payload;
      }
      List<Map<String, Object>> lines =
          (List<Map<String, Object>>) entry.get("fulfillmentOrderLineItems");
      if (lines == null || lines.isEmpty()) {
        for (ShopOrders.Line line : of.lines) {
          if (line.remaining > 0) {
            quantities.put(line.fulfillmentLineId, line.remaining);
          }
        }
      } else {
        for (Map<String, Object> wanted : lines) {
          long lineId = Gid.parse("FulfillmentOrderLineItem", wanted.get("id"));
          int quantity = ((Number) wanted.get("quantity")).intValue();
          ShopOrders.Line line =
              of.lines.stream().filter(l -> l.fulfillmentLineId == lineId).findFirst().orElse(null);
          if (line == null) {
            errors.add(
                GraphqlErrors.userError(
                    List.of("fulfillment"), "Fulfillment order line item does not exist.", null));
            return payload;
          }
          if (quantity <= 0 || quantity + quantities.getOrDefault(lineId, 0) > line.remaining) {
            errors.add(
                GraphqlErrors.userError(
                    List.of("fulfillment"),
                    "Invalid fulfillment order line item quantity requested.",
                    null));
            return payload;
          }
          quantities.merge(lineId, quantity, Integer::sum);
        }
      }
    }
    if (quantities.isEmpty()) {
      errors.add(
          GraphqlErrors.userError(
              List.of("fulfillment"), "The fulfillment order has nothing left to fulfill.", null));
      return payload;
    }
    Map<String, Object> tracking = (Map<String, Object>) input.get("trackingInfo");
    ShopOrders.Fulfillment fulfillment =
        new ShopOrders.Fulfillment(
            shop.orders.nextFulfillmentId(),
            tracking == null ? null : (String) tracking.get("company"),
            tracking == null ? null : (String) tracking.get("number"),
            tracking == null ? null : (String) tracking.get("url"),
            quantities,
            context.now);
    for (ShopOrders.Line line : order.lines) {
      line.remaining -= quantities.getOrDefault(line.fulfillmentLineId, 0);
    }
    order.fulfillments.add(fulfillment);
    order.updatedAt = context.now;
    payload.put("fulfillment", fulfillment(order, fulfillment));
    return payload;
  }
}
