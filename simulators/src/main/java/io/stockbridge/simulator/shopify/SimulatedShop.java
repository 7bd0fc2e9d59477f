package io.stockbridge.simulator.shopify;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One shop served by the simulator: its catalog, cost bucket, idempotency keys, bulk operations and
 * webhook subscriptions. The public methods are the Java side of the control API (seed and change
 * data, drain the bucket). Thread-safe: every read and change of the catalog holds this shop's
 * lock.
 */
public final class SimulatedShop {
  private final String name;
  private final Clock clock;
  final Catalog catalog = new Catalog();
  final CostBucket bucket;
  final Idempotency idempotency = new Idempotency();
  final BulkOperations bulk;
  final ShopOrders orders = new ShopOrders();
  final java.util.concurrent.atomic.AtomicLong adjustmentGroups =
      new java.util.concurrent.atomic.AtomicLong();
  private final Webhooks webhooks;
  private final FileStore files;
  private final List<Webhooks.Subscription> subscriptions = new CopyOnWriteArrayList<>();

  SimulatedShop(
      String name,
      Clock clock,
      ShopifyPlan plan,
      Webhooks webhooks,
      BulkOperations bulk,
      FileStore files) {
    this.name = name;
    this.files = files;
    this.clock = clock;
    this.bucket = new CostBucket(clock, plan);
    this.webhooks = webhooks;
    this.bulk = bulk;
  }

  /** The shop name: {@code <name>.myshopify.com}. */
  public String name() {
    return name;
  }

  /** One seeded variant: its SKU and the global ids of variant, product and inventory item. */
  public record SeededVariant(
      String sku, String productId, String variantId, String inventoryItemId) {}

  /** Adds a location; returns its global id. */
  public synchronized String addLocation(String locationName) {
    return Gid.of("Location", catalog.addLocation(locationName).id);
  }

  /**
   * Adds a product with one variant per SKU, each stocked at every location in {@code available}
   * (location global id to available quantity; on_hand starts equal to available).
   */
  public synchronized List<SeededVariant> addProduct(
      String title, List<String> skus, Map<String, Integer> available) {
    Catalog.Product product =
        catalog.addProduct(
            title, title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"), clock.instant());
    List<SeededVariant> seeded = new ArrayList<>();
    for (String sku : skus) {
      Catalog.Variant variant = catalog.addVariant(product, sku);
      available.forEach(
          (location, quantity) -> {
            Catalog.Level level =
                catalog.stock(
                    variant.inventoryItemId, Gid.parse("Location", location), clock.instant());
            level.available = quantity;
            level.lastApiWrite = null;
            level.onHand = quantity;
          });
      seeded.add(
          new SeededVariant(
              sku,
              Gid.of("Product", product.id),
              Gid.of("ProductVariant", variant.id),
              Gid.of("InventoryItem", variant.inventoryItemId)));
    }
    return seeded;
  }

  /**
   * Adds {@code count} single-variant products with SKUs {@code <skuPrefix><n>} (n from 1), each
   * stocked at {@code locationId} with {@code available}. For benchmarks and demos.
   */
  public synchronized List<SeededVariant> generate(
      int count, String skuPrefix, String locationId, int available) {
    List<SeededVariant> seeded = new ArrayList<>(count);
    for (int n = 1; n <= count; n++) {
      seeded.addAll(
          addProduct(
              "Product " + skuPrefix + n, List.of(skuPrefix + n), Map.of(locationId, available)));
    }
    return seeded;
  }

  /** The inventory item global id of the variant with {@code sku}, or null. */
  public synchronized String inventoryItemOfSku(String sku) {
    return catalog.variants.values().stream()
        .filter(v -> sku.equals(v.sku))
        .findFirst()
        .map(v -> Gid.of("InventoryItem", v.inventoryItemId))
        .orElse(null);
  }

  /**
   * Sets many available quantities at once by SKU (a stock burst); returns the SKUs that are
   * unknown or not stocked at their location. Sends {@code inventory_levels/update} for each
   * change.
   */
  public List<String> setAvailableBySku(List<StockLine> lines) {
    Map<String, String> items = new java.util.HashMap<>();
    synchronized (this) {
      catalog
          .variants
          .values()
          .forEach(v -> items.put(v.sku, Gid.of("InventoryItem", v.inventoryItemId)));
    }
    List<String> rejected = new ArrayList<>();
    for (StockLine line : lines) {
      String item = items.get(line.sku());
      if (item == null || !setAvailable(item, line.locationId(), line.available())) {
        rejected.add(line.sku());
      }
    }
    return rejected;
  }

  /**
   * Every level at {@code locationId} by SKU: available quantity and when it last changed (one pass
   * over the catalog, for checking thousands of SKUs at once).
   */
  public synchronized Map<String, LevelSnapshot> levelsBySku(String locationId) {
    long location = Gid.parse("Location", locationId);
    Map<String, LevelSnapshot> levels = new java.util.HashMap<>();
    for (Catalog.Variant variant : catalog.variants.values()) {
      Catalog.Level level = catalog.level(variant.inventoryItemId, location);
      if (level != null && variant.sku != null) {
        levels.put(
            variant.sku,
            new LevelSnapshot(
                level.available, level.updatedAt, level.apiWrites, level.repeatedApiWrites));
      }
    }
    return levels;
  }

  /** Every variant with a SKU, by SKU, with its global ids. */
  public synchronized Map<String, SeededVariant> variantsBySku() {
    Map<String, SeededVariant> variants = new java.util.HashMap<>();
    for (Catalog.Variant variant : catalog.variants.values()) {
      if (variant.sku != null) {
        variants.put(
            variant.sku,
            new SeededVariant(
                variant.sku,
                Gid.of("Product", variant.productId),
                Gid.of("ProductVariant", variant.id),
                Gid.of("InventoryItem", variant.inventoryItemId)));
      }
    }
    return variants;
  }

  /**
   * A level's available quantity, the time it last changed, and how often the API set it ({@code
   * apiWrites}), of which {@code repeatedApiWrites} wrote again the figure the write before had
   * set, nothing having changed it in between (one change written twice).
   */
  public record LevelSnapshot(
      int available, java.time.Instant updatedAt, int apiWrites, int repeatedApiWrites) {}

  /** One line of a stock burst. */
  public record StockLine(String sku, String locationId, int available) {}

  /** The available quantity of an item at a location, or null when it is not stocked there. */
  public synchronized Integer available(String inventoryItemId, String locationId) {
    Catalog.Level level =
        catalog.level(
            Gid.parse("InventoryItem", inventoryItemId), Gid.parse("Location", locationId));
    return level == null ? null : level.available;
  }

  /**
   * Sets the available quantity as the merchant or a sale would (no idempotency, no cost) and sends
   * {@code inventory_levels/update}. Returns false when the item is not stocked at the location.
   */
  public boolean setAvailable(String inventoryItemId, String locationId, int quantity) {
    RequestContext context = new RequestContext(this, clock.instant(), false);
    synchronized (this) {
      Catalog.Level level =
          catalog.level(
              Gid.parse("InventoryItem", inventoryItemId), Gid.parse("Location", locationId));
      if (level == null) {
        return false;
      }
      level.onHand += quantity - level.available;
      level.available = quantity;
      level.lastApiWrite = null;
      level.updatedAt = context.now;
      context.emit("inventory_levels/update", InventoryPayloads.levelWebhook(level));
    }
    webhooks.send(this, context.events);
    return true;
  }

  /** One line of an order placed: SKU, quantity, unit price, discount on the line, tax rate. */
  public record OrderLineSpec(
      String sku,
      int quantity,
      java.math.BigDecimal price,
      java.math.BigDecimal discount,
      java.math.BigDecimal taxRate) {
    public static OrderLineSpec of(String sku, int quantity, String price) {
      return new OrderLineSpec(
          sku,
          quantity,
          new java.math.BigDecimal(price),
          java.math.BigDecimal.ZERO,
          new java.math.BigDecimal("0.20"));
    }
  }

  /** An order placed: its id, name ({@code #1001}) and its line item ids by SKU. */
  public record PlacedOrder(long id, String name, Map<String, Long> lineIdsBySku) {}

  /**
   * A customer places an order (checkout): the available quantity of each line falls at {@code
   * locationId} (null: the shop's first location) and {@code orders/create} is sent with {@code
   * inventory_levels/update} for each level. Unknown SKUs are refused.
   */
  public PlacedOrder placeOrder(
      String email,
      String currency,
      List<OrderLineSpec> lines,
      String shippingTitle,
      java.math.BigDecimal shippingPrice,
      String locationId) {
    RequestContext context = new RequestContext(this, clock.instant(), false);
    PlacedOrder placed;
    synchronized (this) {
      long location =
          locationId != null
              ? Gid.parse("Location", locationId)
              : catalog.locations.keySet().iterator().next();
      String local = email.contains("@") ? email.substring(0, email.indexOf('@')) : email;
      ShopOrders.Order order =
          orders.create(email, local, "Customer", currency, context.now, location);
      Map<String, Long> lineIds = new java.util.LinkedHashMap<>();
      for (OrderLineSpec spec : lines) {
        Catalog.Variant variant =
            catalog.variants.values().stream()
                .filter(v -> spec.sku().equals(v.sku))
                .findFirst()
                .orElseThrow(
                    () -> new IllegalArgumentException("no variant with SKU " + spec.sku()));
        ShopOrders.Line line =
            orders.addLine(
                order, variant, spec.quantity(), spec.price(), spec.discount(), spec.taxRate());
        lineIds.put(spec.sku(), line.id);
        Catalog.Level level = catalog.level(variant.inventoryItemId, location);
        if (level != null) {
          level.available -= spec.quantity();
          level.lastApiWrite = null;
          level.updatedAt = context.now;
          context.emit("inventory_levels/update", InventoryPayloads.levelWebhook(level));
        }
      }
      order.shippingTitle = shippingTitle;
      order.shippingPrice = shippingPrice == null ? java.math.BigDecimal.ZERO : shippingPrice;
      context.emit("orders/create", ShopOrders.payload(order));
      placed = new PlacedOrder(order.id, order.name, Map.copyOf(lineIds));
    }
    webhooks.send(this, context.events);
    return placed;
  }

  /**
   * The merchant cancels an order: {@code orders/cancelled} (and {@code orders/updated}) is sent;
   * with {@code restock} the unfulfilled quantities go back on sale at the order's location.
   */
  public void cancelOrder(long orderId, boolean restock) {
    RequestContext context = new RequestContext(this, clock.instant(), false);
    synchronized (this) {
      ShopOrders.Order order = orders.orders.get(orderId);
      if (order == null) {
        throw new IllegalArgumentException("no order " + orderId);
      }
      if (order.cancelledAt != null) {
        return;
      }
      order.cancelledAt = context.now;
      order.updatedAt = context.now;
      if (restock) {
        for (ShopOrders.Line line : order.lines) {
          restock(context, line, order.locationId, line.remaining);
        }
      }
      context.emit("orders/cancelled", ShopOrders.payload(order));
      context.emit("orders/updated", ShopOrders.payload(order));
    }
    webhooks.send(this, context.events);
  }

  /**
   * The merchant refunds lines ({@code quantities} by SKU), restocking them when {@code restock}:
   * {@code refunds/create} is sent with {@code restock_type} {@code return} or {@code no_restock}.
   * Returns the refund id.
   */
  public long refund(long orderId, Map<String, Integer> quantities, boolean restock) {
    RequestContext context = new RequestContext(this, clock.instant(), false);
    long refundId;
    synchronized (this) {
      ShopOrders.Order order = orders.orders.get(orderId);
      if (order == null) {
        throw new IllegalArgumentException("no order " + orderId);
      }
      refundId = orders.nextRefundId();
      List<Map<String, Object>> refundLines = new ArrayList<>();
      java.math.BigDecimal amount = java.math.BigDecimal.ZERO;
      for (Map.Entry<String, Integer> wanted : quantities.entrySet()) {
        ShopOrders.Line line =
            order.lines.stream()
                .filter(l -> l.sku.equals(wanted.getKey()))
                .findFirst()
                .orElseThrow(
                    () -> new IllegalArgumentException("no line with SKU " + wanted.getKey()));
        Map<String, Object> refundLine = new java.util.LinkedHashMap<>();
        refundLine.put("id", refundId * 10 + refundLines.size());
        refundLine.put("line_item_id", line.id);
        refundLine.put("quantity", wanted.getValue());
        refundLine.put("restock_type", restock ? "return" : "no_restock");
        refundLine.put("location_id", restock ? order.locationId : null);
        java.math.BigDecimal subtotal =
            line.price.multiply(java.math.BigDecimal.valueOf(wanted.getValue()));
        refundLine.put("subtotal", ShopOrders.money(subtotal));
        refundLine.put("total_tax", ShopOrders.money(subtotal.multiply(line.taxRate)));
        refundLine.put("line_item", ShopOrders.linePayload(line));
        refundLines.add(refundLine);
        amount = amount.add(subtotal).add(subtotal.multiply(line.taxRate));
        if (restock) {
          restock(context, line, order.locationId, wanted.getValue());
        }
      }
      Map<String, Object> refund = new java.util.LinkedHashMap<>();
      refund.put("id", refundId);
      refund.put("admin_graphql_api_id", Gid.of("Refund", refundId));
      refund.put("order_id", order.id);
      refund.put("created_at", context.now.toString());
      refund.put("restock", restock);
      refund.put("refund_line_items", refundLines);
      Map<String, Object> transaction = new java.util.LinkedHashMap<>();
      transaction.put("kind", "refund");
      transaction.put("status", "success");
      transaction.put("amount", ShopOrders.money(amount));
      transaction.put("currency", order.currency);
      refund.put("transactions", List.of(transaction));
      order.refunds.add(refund);
      order.updatedAt = context.now;
      context.emit("refunds/create", refund);
      context.emit("orders/updated", ShopOrders.payload(order));
    }
    webhooks.send(this, context.events);
    return refundId;
  }

  private void restock(RequestContext context, ShopOrders.Line line, long location, int quantity) {
    Catalog.Variant variant = catalog.variants.get(line.variantId);
    Catalog.Level level = variant == null ? null : catalog.level(variant.inventoryItemId, location);
    if (level != null && quantity > 0) {
      level.available += quantity;
      level.lastApiWrite = null;
      level.updatedAt = context.now;
      context.emit("inventory_levels/update", InventoryPayloads.levelWebhook(level));
    }
  }

  /** A fulfillment of an order: tracking and quantities by SKU. */
  public record FulfillmentView(
      String company, String number, String url, Map<String, Integer> quantities) {}

  /** The fulfillments of an order, oldest first. */
  public synchronized List<FulfillmentView> fulfillments(long orderId) {
    ShopOrders.Order order = orders.orders.get(orderId);
    if (order == null) {
      return List.of();
    }
    List<FulfillmentView> views = new ArrayList<>();
    for (ShopOrders.Fulfillment fulfillment : order.fulfillments) {
      Map<String, Integer> bySku = new java.util.LinkedHashMap<>();
      for (ShopOrders.Line line : order.lines) {
        Integer quantity = fulfillment.quantities.get(line.fulfillmentLineId);
        if (quantity != null) {
          bySku.put(line.sku, quantity);
        }
      }
      views.add(
          new FulfillmentView(fulfillment.company, fulfillment.number, fulfillment.url, bySku));
    }
    return views;
  }

  /** Orders placed in this shop. */
  public synchronized int orderCount() {
    return orders.orders.size();
  }

  /** How many inventory adjustment groups (applied inventorySetQuantities calls) were created. */
  public long adjustmentGroupsCreated() {
    return adjustmentGroups.get();
  }

  /** Makes this shop's bulk operations refuse to start, fail or run slowly (see BulkFaults). */
  public void setBulkFaults(BulkFaults faults) {
    bulk.setFaults(faults);
  }

  public BulkFaults bulkFaults() {
    return bulk.faults();
  }

  /** The status of bulk operation {@code id} ({@code RUNNING}, {@code CANCELED}...), or null. */
  public String bulkOperationStatus(String id) {
    BulkOperations.Operation operation = bulk.byId(id);
    return operation == null ? null : operation.status;
  }

  /**
   * The most bulk operations of {@code type} ({@code QUERY}, {@code MUTATION}) ever run at once.
   */
  public long mostBulkOperationsRunningAtOnce(String type) {
    return bulk.peakRunning(type);
  }

  /** Holds (true) or releases (false) this shop's bulk operations: held ones stay RUNNING. */
  public void holdBulkOperations(boolean hold) {
    bulk.hold(hold);
  }

  /** Empties the cost bucket down to {@code leave} points, as a competing app would. */
  public void drainBucket(double leave) {
    bucket.drain(leave);
  }

  public void setPlan(ShopifyPlan plan) {
    bucket.setPlan(plan);
  }

  /** Points currently in the bucket. */
  public double bucketAvailable() {
    return bucket.status().currentlyAvailable();
  }

  /** Registers a webhook subscription (topic like {@code products/update}); returns its id. */
  public String subscribe(String topic, URI uri) {
    String id =
        Gid.of(
            "WebhookSubscription",
            Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
    subscriptions.add(new Webhooks.Subscription(id, topic, uri));
    return id;
  }

  boolean hasStagedFile(String path) {
    return files.staged(path) != null;
  }

  List<Webhooks.Subscription> subscriptions() {
    return subscriptions;
  }

  void sendWebhooks(List<Webhooks.Event> events) {
    if (!events.isEmpty()) {
      webhooks.send(this, events);
    }
  }
}
