package io.stockbridge.flow.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.shopify.ShopifyOrders;
import io.stockbridge.event.NewEvent;
import io.stockbridge.flow.EventRouter;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.order.OrderStore;
import io.stockbridge.sync.SyncContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Orders the webhooks missed: a cheap query of the orders updated since the last one seen (ids and
 * times only, 50 a page), and one {@code order.catch-up} event for each order not known yet, which
 * the order flow then reads in full and takes like a webhook. Run on a schedule (each store's
 * {@code orders.pollSeconds}) and on demand. The first poll of a store starts at that moment:
 * orders before Stockbridge ran are not imported. Thread-safe.
 */
public final class OrderCatchUp {
  /** Most pages read in one poll; the rest waits for the next poll (the cursor has moved). */
  static final int MAX_PAGES = 20;

  /**
   * Orders updated this recently are left for the next poll: their webhook is most likely on its
   * way, and reading them now would cost a query for nothing.
   */
  static final Duration GRACE = Duration.ofSeconds(30);

  private final SyncContext context;
  private final OrderStore orders;
  private final EventRouter router;
  private final Runnable wake;

  OrderCatchUp(SyncContext context, OrderStore orders, EventRouter router, Runnable wake) {
    this.context = context;
    this.orders = orders;
    this.router = router;
    this.wake = wake;
  }

  /** What one poll found: orders read, and orders raised as missed. */
  public record Result(String store, int seen, int raised, String cursor) {}

  /**
   * Polls every store that runs the orders flow whose interval has come (or all, {@code force}).
   */
  public List<Result> pollAll(boolean force) {
    List<Result> results = new ArrayList<>();
    for (SyncConfig.Store store : context.config().stores().values()) {
      if (!store.runs(SyncConfig.ORDERS)) {
        continue;
      }
      Duration interval = store.orders().pollInterval();
      if (force || !interval.isZero()) {
        results.add(poll(store.name()));
      }
    }
    return results;
  }

  public Result poll(String storeName) {
    SyncConfig.Store store = context.store(storeName);
    Optional<String> cursor = orders.cursor(storeName);
    if (cursor.isEmpty()) {
      String start = context.clock().instant().toString();
      orders.putCursor(storeName, start);
      return new Result(storeName, 0, 0, start);
    }
    ShopifyOrders shopify = new ShopifyOrders(context.shopify(storeName));
    String since = cursor.get();
    String newest = since;
    String after = null;
    int seen = 0;
    List<NewEvent> events = new ArrayList<>();
    long now = context.clock().millis();
    java.time.Instant graceLimit = context.clock().instant().minus(GRACE);
    boolean recent = false;
    for (int page = 0; page < MAX_PAGES && !recent; page++) {
      ShopifyOrders.OrderPage found = shopify.ordersUpdatedSince(since, after);
      for (ShopifyOrders.OrderRef ref : found.orders()) {
        if (java.time.Instant.parse(ref.updatedAt()).isAfter(graceLimit)) {
          recent = true;
          break;
        }
        seen++;
        if (ref.updatedAt().compareTo(newest) > 0) {
          newest = ref.updatedAt();
        }
        if (orders.find(storeName, ref.legacyId()).isEmpty()) {
          events.add(
              new NewEvent(
                  FlowKinds.STOCKBRIDGE,
                  FlowKinds.ORDER_CATCH_UP,
                  ref.legacyId(),
                  storeName,
                  "stockbridge|order-catch-up|" + storeName + "|" + ref.legacyId(),
                  io.stockbridge.observe.TraceIds.random(),
                  null,
                  "application/json",
                  ("{\"order\":\"" + ref.id() + "\",\"name\":\"" + ref.name() + "\"}")
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                  router.route(
                      FlowKinds.STOCKBRIDGE,
                      FlowKinds.ORDER_CATCH_UP,
                      ref.legacyId(),
                      storeName,
                      now)));
        }
      }
      after = found.nextCursor();
      if (after == null) {
        break;
      }
    }
    if (!events.isEmpty()) {
      context.events().append(events, now);
      wake.run();
    }
    orders.putCursor(storeName, newest);
    return new Result(storeName, seen, events.size(), newest);
  }

  /** An order read from Shopify in full, as the webhook would have carried it. */
  Optional<ShopifyOrder> read(SyncConfig.Store store, String orderId) {
    return new ShopifyOrders(context.shopify(store.name()))
        .order(orderId)
        .map(OrderCatchUp::toOrder);
  }

  static ShopifyOrder toOrder(JsonNode order) {
    List<ShopifyOrder.Line> lines = new ArrayList<>();
    for (JsonNode line : order.at("/lineItems/nodes")) {
      lines.add(
          new ShopifyOrder.Line(
              tail(line.path("id").asText()),
              line.hasNonNull("sku") ? line.path("sku").asText().strip() : null,
              line.path("title").asText(""),
              line.path("quantity").asInt(),
              amount(line.at("/originalUnitPriceSet/shopMoney/amount")),
              amount(line.at("/totalDiscountSet/shopMoney/amount")),
              taxes(line.path("taxLines"))));
    }
    List<ShopifyOrder.Shipping> shipping = new ArrayList<>();
    for (JsonNode line : order.at("/shippingLines/nodes")) {
      shipping.add(
          new ShopifyOrder.Shipping(
              line.path("title").asText("Shipping"),
              amount(line.at("/originalPriceSet/shopMoney/amount")),
              taxes(line.path("taxLines"))));
    }
    String email =
        order.hasNonNull("email")
            ? order.path("email").asText()
            : order.at("/customer/email").asText(null);
    return new ShopifyOrder(
        order.path("legacyResourceId").asText(),
        order.path("name").asText(null),
        email,
        order.at("/customer/firstName").asText(""),
        order.at("/customer/lastName").asText(""),
        order.path("currencyCode").asText("GBP"),
        order.path("createdAt").asText(null),
        order.path("updatedAt").asText(null),
        order.hasNonNull("cancelledAt"),
        amount(order.at("/totalPriceSet/shopMoney/amount")),
        List.copyOf(lines),
        List.copyOf(shipping));
  }

  private static String tail(String gid) {
    return gid.substring(gid.lastIndexOf('/') + 1);
  }

  private static BigDecimal amount(JsonNode node) {
    return node.isMissingNode() || node.isNull()
        ? BigDecimal.ZERO
        : new BigDecimal(node.asText("0"));
  }

  private static BigDecimal taxes(JsonNode taxLines) {
    BigDecimal tax = BigDecimal.ZERO;
    for (JsonNode taxLine : taxLines) {
      tax = tax.add(amount(taxLine.at("/priceSet/shopMoney/amount")));
    }
    return tax;
  }
}
