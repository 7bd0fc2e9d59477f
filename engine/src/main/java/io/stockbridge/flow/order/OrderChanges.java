package io.stockbridge.flow.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.brightpearl.BrightpearlOrders;
import io.stockbridge.connector.brightpearl.BrightpearlRequestException;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.order.OrderStore;
import io.stockbridge.queue.Outcome;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What follows an order, exactly once each: a cancellation sets the configured status in
 * Brightpearl (which frees its allocation); a refund becomes a sales credit against the order, with
 * a goods-in for the lines Shopify restocked and the money paid back recorded. Each step is
 * recorded under its own action key before (attempt) and after (done) its call, so a retry neither
 * repeats a step that was done nor silently skips one that may have been. Thread-safe.
 */
final class OrderChanges {
  private static final Set<String> RESTOCKED = Set.of("return", "cancel", "legacy_restock");

  private final OrderStore orders;
  private final BrightpearlOrders warehouse;
  private final java.time.Clock clock;

  OrderChanges(OrderStore orders, BrightpearlOrders warehouse, java.time.Clock clock) {
    this.orders = orders;
    this.warehouse = warehouse;
    this.clock = clock;
  }

  Outcome cancel(SyncConfig.Store store, ShopifyOrder order) {
    long now = clock.millis();
    OrderStore.OrderLink link = orders.find(store.name(), order.id()).orElse(null);
    if (link == null) {
      // Cancelled before its creation arrived: remember it so a late orders/create makes nothing.
      orders.accept(
          new OrderStore.OrderLink(
              store.name(),
              order.id(),
              order.name(),
              OrderIn.emailHash(order.email()),
              OrderStore.State.ACCEPTED,
              null,
              null,
              null,
              null,
              null,
              order.updatedAt(),
              now,
              now),
          List.of(),
          now);
      orders.setState(store.name(), order.id(), OrderStore.State.CANCELLED, now);
      return new Outcome.Done("cancelled before Brightpearl had it: nothing to cancel there");
    }
    Long salesOrder = link.brightpearlOrderId();
    if (salesOrder == null && link.state() != OrderStore.State.CANCELLED) {
      // Maybe created by an attempt whose answer was lost: look it up before deciding.
      salesOrder = warehouse.findSalesOrder(OrderIn.externalRef(store, order.id())).orElse(null);
    }
    if (salesOrder == null) {
      orders.setState(store.name(), order.id(), OrderStore.State.CANCELLED, now);
      return new Outcome.Done("cancelled before Brightpearl had it: nothing to cancel there");
    }
    String key = "cancel|" + order.id();
    if (orders.action(store.name(), key).isPresent()) {
      return new Outcome.Done("cancellation already sent (duplicate)");
    }
    warehouse.setStatus(salesOrder, store.orders().cancelledStatusId());
    orders.recordAction(
        store.name(), key, order.id(), "status " + store.orders().cancelledStatusId(), now);
    orders.setState(store.name(), order.id(), OrderStore.State.CANCELLED, now);
    return new Outcome.Done(
        "sales order " + salesOrder + " set to status " + store.orders().cancelledStatusId());
  }

  Outcome refund(SyncConfig.Store store, JsonNode refund) {
    long now = clock.millis();
    String refundId = refund.path("id").asText();
    String orderId = refund.path("order_id").asText();
    if (refundId.isEmpty() || orderId.isEmpty()) {
      return new Outcome.Dead("refund body lacks id or order_id");
    }
    OrderStore.OrderLink link = orders.find(store.name(), orderId).orElse(null);
    if (link == null || link.brightpearlOrderId() == null) {
      return new Outcome.WaitFor(
          FlowKinds.orderInBrightpearl(store.name(), orderId),
          "refund " + refundId + " waits for order " + orderId + " to reach Brightpearl");
    }
    String base = "refund|" + refundId;
    if (orders.action(store.name(), base + "|done").isPresent()) {
      return new Outcome.Done("refund " + refundId + " already credited (duplicate)");
    }
    Map<String, Long> productByLine = new LinkedHashMap<>();
    for (OrderStore.OrderLine line : orders.lines(store.name(), orderId)) {
      if (line.productId() != null) {
        productByLine.put(line.lineId(), line.productId());
      }
    }
    List<BrightpearlOrders.NewRow> rows = new ArrayList<>();
    Map<Long, Integer> restock = new LinkedHashMap<>();
    BigDecimal total = BigDecimal.ZERO;
    for (JsonNode line : refund.path("refund_line_items")) {
      Long product = productByLine.get(line.path("line_item_id").asText());
      int quantity = line.path("quantity").asInt();
      BigDecimal net = new BigDecimal(line.path("subtotal").asText("0"));
      BigDecimal tax = new BigDecimal(line.path("total_tax").asText("0"));
      total = total.add(net).add(tax);
      rows.add(
          new BrightpearlOrders.NewRow(
              product,
              product == null ? "Refunded line " + line.path("line_item_id").asText() : null,
              quantity,
              net,
              tax,
              store.orders().taxCode()));
      if (product != null && RESTOCKED.contains(line.path("restock_type").asText())) {
        restock.merge(product, quantity, Integer::sum);
      }
    }
    if (rows.isEmpty()) {
      orders.recordAction(store.name(), base + "|done", orderId, "no lines", now);
      return new Outcome.Done("refund " + refundId + " has no lines: no credit");
    }
    String reference = "shopify-" + store.shop() + "-refund-" + refundId;
    Long credit = orders.action(store.name(), base + "|credit").map(Long::parseLong).orElse(null);
    if (credit == null) {
      if (!orders.recordAction(store.name(), base + "|credit-attempt", orderId, null, now)) {
        credit = warehouse.findOrder(reference).orElse(null);
      }
      if (credit == null) {
        credit =
            warehouse.createSalesCredit(
                new BrightpearlOrders.NewOrder(
                    link.contactId(),
                    link.orderName(),
                    reference,
                    store.orders().channelId(),
                    store.orders().warehouseId(),
                    store.orders().statusId(),
                    refund.at("/transactions/0/currency").asText("GBP"),
                    refund.path("created_at").asText(null),
                    link.brightpearlOrderId(),
                    rows));
      }
      orders.recordAction(store.name(), base + "|credit", orderId, String.valueOf(credit), now);
    }
    if (!restock.isEmpty() && orders.action(store.name(), base + "|restock").isEmpty()) {
      if (orders.recordAction(store.name(), base + "|restock-attempt", orderId, null, now)) {
        warehouse.goodsIn(credit, store.orders().warehouseId(), restock);
        orders.recordAction(store.name(), base + "|restock", orderId, restock.toString(), now);
      } else {
        // An earlier attempt sent the goods-in and its answer was lost: a second one would count
        // the returned stock twice. Left for an operator to check (the order's path shows it).
        orders.recordAction(
            store.name(),
            base + "|restock",
            orderId,
            "uncertain: check goods-in of credit " + credit,
            now);
      }
    }
    BigDecimal paid = BigDecimal.ZERO;
    for (JsonNode transaction : refund.path("transactions")) {
      if ("refund".equals(transaction.path("kind").asText())) {
        paid = paid.add(new BigDecimal(transaction.path("amount").asText("0")));
      }
    }
    if (paid.signum() > 0 && orders.action(store.name(), base + "|payment").isEmpty()) {
      try {
        warehouse.createPayment(
            reference,
            store.orders().paymentMethod(),
            "PAYMENT",
            credit,
            refund.at("/transactions/0/currency").asText("GBP"),
            paid,
            refund.path("created_at").asText(clock.instant().toString()));
      } catch (BrightpearlRequestException e) {
        if (e.status() != 400 || !String.valueOf(e.errors()).contains("exists already")) {
          throw e;
        }
      }
      orders.recordAction(store.name(), base + "|payment", orderId, paid.toPlainString(), now);
    }
    orders.recordAction(store.name(), base + "|done", orderId, "credit " + credit, now);
    return new Outcome.Done(
        "sales credit "
            + credit
            + " for refund "
            + refundId
            + (restock.isEmpty() ? "" : ", restocked " + restock));
  }
}
