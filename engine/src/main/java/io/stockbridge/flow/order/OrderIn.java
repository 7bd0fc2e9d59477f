package io.stockbridge.flow.order;

import io.stockbridge.auth.ApiKeys;
import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.brightpearl.BrightpearlOrders;
import io.stockbridge.connector.brightpearl.BrightpearlRequestException;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.order.OrderStore;
import io.stockbridge.queue.Outcome;
import io.stockbridge.store.IssueStore;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.sync.SyncContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Shopify order into Brightpearl, exactly once: recorded (its lines held back from the stores),
 * SKUs resolved through the catalog (an unknown SKU parks it and raises an issue), the customer
 * found in the contact cache, else by email, else created; then one atomic sales-order call and the
 * customer payment. Every attempt to create is counted in the database before the call is sent, so
 * a later attempt (after a crash, a timeout, a second node) first looks the order up by its
 * external reference: a second sales order is never made. Thread-safe (per order, the queue runs
 * one item at a time).
 */
final class OrderIn {
  private final SyncContext context;
  private final OrderStore orders;
  private final IssueStore issues;
  private final BrightpearlOrders warehouse;
  private final ContactDirectory contacts;

  /** New customers' contacts are created one at a time per email (by stripe of its hash). */
  private final Object[] newCustomerLocks = new Object[64];

  OrderIn(SyncContext context, OrderStore orders, IssueStore issues, BrightpearlOrders warehouse) {
    this.context = context;
    this.contacts = new ContactDirectory(orders, warehouse, context.clock());
    for (int i = 0; i < newCustomerLocks.length; i++) {
      newCustomerLocks[i] = new Object();
    }
    this.orders = orders;
    this.issues = issues;
    this.warehouse = warehouse;
  }

  /** The external reference of a Shopify order in Brightpearl: unique per shop. */
  static String externalRef(SyncConfig.Store store, String shopifyOrderId) {
    return "shopify-" + store.shop() + "-" + shopifyOrderId;
  }

  /** SHA-256 (hex) of the lower-cased email: what the contact cache and the event index keep. */
  static String emailHash(String email) {
    return io.stockbridge.event.EventName.emailHash(email);
  }

  /**
   * @param receivedAt when the order's event was stored (epoch ms): a contact Brightpearl had by
   *     then is found
   */
  Outcome run(String storeName, ShopifyOrder order, long receivedAt) {
    SyncConfig.Store store = context.store(storeName);
    long now = context.clock().millis();
    OrderStore.OrderLink link = orders.find(storeName, order.id()).orElse(null);
    if (link == null) {
      List<OrderStore.OrderLine> lines = new ArrayList<>();
      for (ShopifyOrder.Line line : order.lines()) {
        lines.add(new OrderStore.OrderLine(line.id(), line.sku(), line.quantity(), null, null));
      }
      link =
          orders.accept(
              new OrderStore.OrderLink(
                  storeName,
                  order.id(),
                  order.name(),
                  emailHash(order.email()),
                  OrderStore.State.ACCEPTED,
                  null,
                  null,
                  null,
                  null,
                  null,
                  order.updatedAt(),
                  now,
                  now),
              lines,
              now);
    }
    switch (link.state()) {
      case CANCELLED -> {
        return new Outcome.Done(
            "order " + order.name() + " was cancelled before Brightpearl had it");
      }
      case IN_BRIGHTPEARL -> {
        if (link.paymentId() == null) {
          pay(store, order, link.brightpearlOrderId(), now);
          return new Outcome.Done("payment recorded for sales order " + link.brightpearlOrderId());
        }
        return new Outcome.Done(
            "already in Brightpearl as sales order " + link.brightpearlOrderId() + " (duplicate)");
      }
      default -> {}
    }
    if (order.cancelled()) {
      orders.setState(storeName, order.id(), OrderStore.State.CANCELLED, now);
      return new Outcome.Done("order " + order.name() + " cancelled before reaching Brightpearl");
    }
    Map<String, Long> products = new LinkedHashMap<>();
    for (ShopifyOrder.Line line : order.lines()) {
      if (line.sku() == null || line.sku().isEmpty()) {
        return new Outcome.Dead(
            "order " + order.name() + " line " + line.id() + " has no SKU: it cannot be matched");
      }
      Optional<Long> product = productOf(line.sku());
      if (product.isEmpty()) {
        return park(storeName, order, line.sku(), now);
      }
      products.put(line.id(), product.get());
    }
    long contact = customer(order, link.emailHash(), receivedAt, now);
    SyncConfig.Orders settings = store.orders();
    String reference = externalRef(store, order.id());
    Long created = null;
    if (orders.beginCreate(storeName, order.id(), now) > 0) {
      created = warehouse.findSalesOrder(reference).orElse(null);
    }
    if (created == null) {
      created =
          warehouse.createSalesOrder(
              new BrightpearlOrders.NewOrder(
                  contact,
                  order.name(),
                  reference,
                  settings.channelId(),
                  settings.warehouseId(),
                  settings.statusId(),
                  order.currency(),
                  order.createdAt(),
                  null,
                  rows(order, products, settings.taxCode())));
    }
    orders.reflected(
        storeName, order.id(), created, contact, products, Map.of(), context.clock().millis());
    context.queue().release(FlowKinds.orderInBrightpearl(storeName, order.id()), now);
    restock(store, products.values());
    pay(store, order, created, now);
    return new Outcome.Done("sales order " + created + " for " + order.name());
  }

  /**
   * The order's reservation has ended: its products' levels are pushed again from a figure read
   * from now on. Brightpearl's own on-hand webhook fires before it answers the creation, so the
   * push it triggers may read a figure that includes the order while the order still counts as in
   * flight (held back twice); this push corrects that.
   */
  private void restock(SyncConfig.Store store, java.util.Collection<Long> productIds) {
    if (!store.runs(SyncConfig.STOCK) || productIds.isEmpty()) {
      return;
    }
    long now = context.clock().millis();
    String ids =
        io.stockbridge.idset.IdSet.of(List.copyOf(new java.util.TreeSet<>(productIds))).toString();
    context
        .queue()
        .enqueue(
            List.of(
                new io.stockbridge.event.NewWork(
                    null,
                    FlowKinds.STOCK_SYNC,
                    null,
                    store.name(),
                    io.stockbridge.flow.FlowCatalog.STOCK_PRIORITY,
                    now,
                    10,
                    "{\"productIds\":\"" + ids + "\"}")),
            now);
  }

  private static List<BrightpearlOrders.NewRow> rows(
      ShopifyOrder order, Map<String, Long> products, String taxCode) {
    List<BrightpearlOrders.NewRow> rows = new ArrayList<>();
    for (ShopifyOrder.Line line : order.lines()) {
      rows.add(
          new BrightpearlOrders.NewRow(
              products.get(line.id()), null, line.quantity(), line.net(), line.tax(), taxCode));
    }
    for (ShopifyOrder.Shipping shipping : order.shipping()) {
      rows.add(
          new BrightpearlOrders.NewRow(
              null, "Shipping: " + shipping.title(), 1, shipping.price(), shipping.tax(), taxCode));
    }
    return rows;
  }

  private Optional<Long> productOf(String sku) {
    Optional<CatalogProduct> known = context.state().catalogBySku(sku);
    if (known.isPresent()) {
      return Optional.of(known.get().productId());
    }
    List<Map<String, Object>> found =
        context.warehouse().searchProducts(Map.of("SKU", sku), 1, 10).rowsAsMaps();
    for (Map<String, Object> row : found) {
      Object id = row.get("productId");
      if (id != null && sku.equals(String.valueOf(row.get("SKU")))) {
        long productId = Long.parseLong(String.valueOf(id));
        context.catalog().catalog(List.of(productId));
        return Optional.of(productId);
      }
    }
    return Optional.empty();
  }

  private Outcome park(String storeName, ShopifyOrder order, String sku, long now) {
    // The issue first: whoever sees the order parked finds the issue that says why.
    String shape = "order parked: SKU is not in Brightpearl";
    issues.record(
        List.of(
            new IssueStore.Sighting(
                ApiKeys.hash(FlowKinds.ORDER_SYNC + "\n" + storeName + "\nUnknownSku\n" + sku)
                    .substring(0, 16),
                FlowKinds.ORDER_SYNC,
                storeName,
                "UnknownSku",
                shape,
                "order "
                    + order.name()
                    + " waits for SKU "
                    + sku
                    + ", which Brightpearl does not know: create the product (or fix the SKU"
                    + " on the store); the order resumes by itself",
                now,
                now,
                List.of(now))),
        now);
    orders.park(storeName, order.id(), sku, now);
    return new Outcome.WaitFor(
        FlowKinds.skuInBrightpearl(sku),
        "SKU " + sku + " of order " + order.name() + " is not in Brightpearl");
  }

  private long customer(ShopifyOrder order, String emailHash, long receivedAt, long now) {
    String email =
        order.email() != null ? order.email() : "order-" + order.id() + "@unknown.invalid";
    String hash = emailHash != null ? emailHash : emailHash(email);
    Optional<Long> known = orders.contact(hash);
    if (known.isPresent()) {
      return known.get();
    }
    // Two orders of one new customer at once make one contact: the second finds the first's.
    synchronized (newCustomerLocks[Math.floorMod(hash.hashCode(), newCustomerLocks.length)]) {
      known = contacts.find(hash, receivedAt);
      if (known.isPresent()) {
        return known.get();
      }
      long contact = warehouse.createContact(email, order.firstName(), order.lastName());
      orders.putContact(hash, contact, now);
      return contact;
    }
  }

  private void pay(SyncConfig.Store store, ShopifyOrder order, long salesOrder, long now) {
    if (order.total().signum() <= 0) {
      orders.setPayment(store.name(), order.id(), 0, now);
      return;
    }
    long payment;
    try {
      payment =
          warehouse.createPayment(
              "shopify-" + store.shop() + "-" + order.id(),
              store.orders().paymentMethod(),
              "RECEIPT",
              salesOrder,
              order.currency(),
              order.total(),
              order.createdAt() == null ? context.clock().instant().toString() : order.createdAt());
    } catch (BrightpearlRequestException e) {
      if (e.status() == 400 && String.valueOf(e.errors()).contains("exists already")) {
        payment = 0; // recorded by an earlier attempt whose answer was lost
      } else {
        throw e;
      }
    }
    orders.setPayment(store.name(), order.id(), payment, now);
  }

  static BigDecimal zeroIfNull(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
