package io.stockbridge.demo;

import io.stockbridge.order.OrderStore;
import io.stockbridge.simulator.brightpearl.SimCounters;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.simulator.brightpearl.SimOrders;
import io.stockbridge.simulator.shopify.SimulatedShop;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The demo's orders (issue 12, item 7): orders on both stores, through Shopify's checkout in the
 * simulator and its signed webhooks to the node, into Brightpearl: a trickle on one store, then a
 * flash sale on the other (20 orders a second, up to 60; 30% of its customers returning); a
 * cancellation (restocked on Shopify), a refund with restock, and shipments (one partial) coming
 * back as fulfilments.
 *
 * <p>Sampled throughout, at every location of both stores for every SKU ordered: the store never
 * shows more than Brightpearl's figure (the stock rule over the mapped warehouses' on hand, as
 * {@link SyncLab#expectedLevels} computes it) minus the units of orders not yet in Brightpearl,
 * plus the units Shopify put back on sale ahead of Brightpearl (a restock on a cancellation or a
 * refund, until Brightpearl has it). Each sample reads, in this order: the allowances, the units
 * placed, the stores, Brightpearl's figures, its sales orders, then the units placed again; the
 * units of orders placed while it read are added to the bound (the store may have been read before
 * Shopify took them off, Brightpearl after it allocated them). The largest excess seen is reported
 * (it must be 0).
 *
 * <p>Calls per order: Brightpearl calls other than the stock flow's reads (availability and
 * products) from the first order until every order is in Brightpearl with its payment, against the
 * minimum: one sales order and one payment per order, one contact per new customer.
 */
final class DemoOrders {
  /** The store YAML of the order flows for a store whose orders leave {@code warehouseId}. */
  static String yaml(long warehouseId) {
    return OrderLab.ORDERS_YAML.replace("warehouseId: 1", "warehouseId: " + warehouseId);
  }

  private final SyncLab lab;
  private final PrintStream log;
  private final Random random;
  private final int products;

  /** Orders placed: store, Shopify order, units by SKU. */
  private record Placed(String store, SimulatedShop.PlacedOrder order, Map<String, Integer> units) {
    String externalRef() {
      return "shopify-" + store + "-" + order.id();
    }
  }

  /** Units Shopify shows beyond Brightpearl until {@code cleared}: a restock ahead of it. */
  private record Allowance(String store, String sku, int units, BooleanSupplier cleared) {}

  private final List<Placed> placed = new CopyOnWriteArrayList<>();
  private final List<Allowance> allowances = new CopyOnWriteArrayList<>();
  private final Map<String, Long> maxExcessBySku = new ConcurrentHashMap<>();
  private final AtomicBoolean sampling = new AtomicBoolean();
  private volatile long samples;
  private volatile long maxExcess;
  private volatile String worst;

  DemoOrders(SyncLab lab, PrintStream log, long seed, int products) {
    this.lab = lab;
    this.log = log;
    this.random = new Random(seed);
    this.products = products;
  }

  /** Plays the orders and returns their figures. */
  Map<String, Object> play(List<SyncLab.StoreSpec> stores) throws InterruptedException {
    String trickleStore = stores.get(1).name();
    String flashStore = stores.get(0).name();
    long warehouseOfTrickle =
        lab.node().config().sync().stores().get(trickleStore).orders().warehouseId();
    long warehouseOfFlash =
        lab.node().config().sync().stores().get(flashStore).orders().warehouseId();
    Map<String, Long> before = lab.brightpearl().counters().snapshot();
    sampling.set(true);
    Thread sampler = Thread.ofPlatform().name("demo-oversell-sampler").start(this::sample);
    long start = System.nanoTime();

    // 1. A trickle of orders on one store: new customers, a few lines each.
    int trickle = Math.max(6, Math.min(20, products / 250));
    List<String> trickleSkus = skus(trickleStore, warehouseOfTrickle, 12);
    log.printf("  orders: %d on %s, one every 100 ms...%n", trickle, trickleStore);
    List<String> customers = new ArrayList<>();
    for (int n = 0; n < trickle; n++) {
      String email = "customer" + n + "@example.com";
      if (place(trickleStore, email, trickleSkus, 1 + random.nextInt(3)) != null) {
        customers.add(email);
      }
      Thread.sleep(100);
    }
    awaitInBrightpearl(Duration.ofMinutes(3));

    // 2. A flash sale on the other: many orders in a few seconds on a few SKUs; 30% of them from
    // customers who ordered before (their contact is known: no lookup), spelt as they please.
    // At most 60: about what Brightpearl's 200 requests a minute take in a minute (a sales order
    // and a payment each, a contact for most), so the sale is in Brightpearl a minute later.
    int flash = Math.max(20, Math.min(60, products / 80));
    List<String> flashSkus = skus(flashStore, warehouseOfFlash, 8);
    log.printf(
        "  a flash sale on %s: %d orders on %d SKUs...%n", flashStore, flash, flashSkus.size());
    int returning = 0;
    Set<String> newCustomers = new HashSet<>(customers);
    for (int n = 0; n < flash; n++) {
      String email;
      if (random.nextDouble() < 0.3 && !customers.isEmpty()) {
        email = customers.get(random.nextInt(customers.size()));
        email = random.nextBoolean() ? email.toUpperCase(java.util.Locale.ROOT) : " " + email;
        returning++;
      } else {
        email = "flash" + n + "@example.com";
        newCustomers.add(email);
      }
      place(flashStore, email.strip(), flashSkus, 1 + random.nextInt(3));
      if (n % 20 == 19) {
        Thread.sleep(1000); // 20 orders a second
      }
    }
    awaitInBrightpearl(Duration.ofMinutes(10));
    double secondsIn = (System.nanoTime() - start) / 1e9;
    Map<String, Long> afterIn = lab.brightpearl().counters().snapshot();
    long ordersIn = placed.size();
    long callsIn = orderCalls(before, afterIn);
    long stockCallsIn = stockCalls(before, afterIn);
    long minimum = 2 * ordersIn + newCustomers.size();

    // 3. A cancellation (restocked on Shopify), a refund with restock, shipments back.
    Placed cancelled =
        placed.stream().filter(p -> p.store().equals(trickleStore)).findFirst().orElseThrow();
    long cancelledOrder = salesOrder(cancelled).id();
    long cancelledStatus =
        lab.node().config().sync().stores().get(trickleStore).orders().cancelledStatusId();
    for (Map.Entry<String, Integer> line : cancelled.units().entrySet()) {
      allowances.add(
          new Allowance(
              trickleStore,
              line.getKey(),
              line.getValue(),
              () ->
                  lab.brightpearl().orders().order(cancelledOrder).orElseThrow().statusId()
                      == cancelledStatus));
    }
    log.printf("  %s cancelled on %s (restocked)...%n", cancelled.order().name(), trickleStore);
    lab.shopify().shop(trickleStore).cancelOrder(cancelled.order().id(), true);

    Placed refunded =
        placed.stream().filter(p -> p.store().equals(flashStore)).findFirst().orElseThrow();
    String refundedSku = refunded.units().keySet().iterator().next();
    OrderStore orders = lab.node().storage().orders();
    java.util.concurrent.atomic.AtomicLong refundId =
        new java.util.concurrent.atomic.AtomicLong(-1);
    allowances.add(
        new Allowance(
            flashStore,
            refundedSku,
            1,
            () ->
                refundId.get() >= 0
                    && orders
                        .action(flashStore, "refund|" + refundId.get() + "|restock")
                        .isPresent()));
    log.printf("  %s: one %s refunded and restocked...%n", refunded.order().name(), refundedSku);
    refundId.set(
        lab.shopify().shop(flashStore).refund(refunded.order().id(), Map.of(refundedSku, 1), true));

    List<Placed> toShip = new ArrayList<>();
    for (Placed p : placed) {
      if (p != cancelled && toShip.size() < Math.max(4, (int) (ordersIn / 10))) {
        toShip.add(p);
      }
    }
    log.printf("  %d orders shipped from Brightpearl (one in two parts)...%n", toShip.size());
    int shipments = 0;
    for (Placed p : toShip) {
      SimOrders.Order order = salesOrder(p);
      Map<Long, Integer> all = new LinkedHashMap<>();
      for (SimOrders.Row row : order.rows()) {
        if (row.productId() != null) {
          all.merge(row.productId(), row.quantity(), Integer::sum);
        }
      }
      if (p == toShip.get(0) && all.size() > 1) {
        // A partial shipment, then the rest.
        Long first = all.keySet().iterator().next();
        ship(order.id(), Map.of(first, all.remove(first)), "Royal Mail", "RM" + order.id() + "A");
        shipments++;
      }
      ship(order.id(), all, "DPD", "DPD" + order.id());
      shipments++;
    }
    int expectedFulfilments = shipments;
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline && fulfilments() < expectedFulfilments) {
      Thread.sleep(100);
    }
    while (System.nanoTime() < deadline
        && (lab.brightpearl().orders().orders().stream().noneMatch(SimOrders.Order::credit)
            || allowances.stream().anyMatch(a -> !a.cleared().getAsBoolean()))) {
      Thread.sleep(100);
    }
    lab.awaitConsistent(Duration.ofMinutes(5));
    sampling.set(false);
    sampler.join();

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("orders_in", ordersIn);
    figures.put(
        "orders_flash_sale", placed.stream().filter(p -> p.store().equals(flashStore)).count());
    figures.put(
        "orders_in_brightpearl", placed.stream().filter(p -> !salesOrders(p).isEmpty()).count());
    figures.put(
        "orders_created_twice", placed.stream().filter(p -> salesOrders(p).size() > 1).count());
    figures.put("new_customers", newCustomers.size());
    figures.put("returning_customers", returning);
    figures.put("brightpearl_contacts", lab.brightpearl().orders().contacts().size());
    figures.put("order_calls", callsIn);
    figures.put("order_calls_min", minimum);
    figures.put("calls_per_order", round(callsIn / (double) ordersIn));
    figures.put("calls_per_order_min", round(minimum / (double) ordersIn));
    figures.put("stock_calls_during_orders", stockCallsIn);
    figures.put("seconds_to_all_orders_in_brightpearl", round(secondsIn));
    figures.put("cancellations", 1);
    figures.put(
        "refunds_credited",
        lab.brightpearl().orders().orders().stream().filter(SimOrders.Order::credit).count());
    figures.put("shipments", shipments);
    figures.put("fulfilments_out", fulfilments());
    figures.put("oversell_samples", samples);
    figures.put("oversell_max_excess", maxExcess);
    if (maxExcess > 0) {
      figures.put("oversell_worst", worst);
      figures.put("oversell_skus", Map.copyOf(maxExcessBySku));
    }
    return figures;
  }

  /** SKUs {@code store} shows at least 10 of, whose order warehouse has at least 20 on hand. */
  private List<String> skus(String store, long warehouse, int count) {
    Map<String, Integer> shown = lab.actualLevels(store);
    List<String> skus = new ArrayList<>();
    List<SimData.Product> all = new ArrayList<>(lab.brightpearl().catalog().allProducts());
    java.util.Collections.shuffle(all, random);
    for (SimData.Product product : all) {
      if (!product.stockTracked() || skus.size() >= count) {
        continue;
      }
      long onHand =
          lab.brightpearl()
              .catalog()
              .stock(product.id())
              .getOrDefault(warehouse, new SimData.Stock(0, 0, 0))
              .onHand();
      boolean everywhere =
          shown.entrySet().stream()
              .filter(e -> e.getKey().startsWith(product.sku() + "@"))
              .allMatch(e -> e.getValue() >= 10);
      boolean anywhere = shown.keySet().stream().anyMatch(k -> k.startsWith(product.sku() + "@"));
      if (onHand >= 20 && anywhere && everywhere) {
        skus.add(product.sku());
      }
    }
    if (skus.isEmpty()) {
      throw new IllegalStateException("no SKU with stock to sell on " + store);
    }
    return skus;
  }

  /**
   * Places an order of up to {@code lines} lines of {@code skus} (1 or 2 units each) where the
   * store shows enough, as Shopify's checkout would; null when nothing could be sold.
   */
  private Placed place(String store, String email, List<String> skus, int lines) {
    SimulatedShop shop = lab.shopify().shop(store);
    String location =
        lab.locationId(
            store,
            lab.spec().stores().stream()
                .filter(s -> s.name().equals(store))
                .findFirst()
                .orElseThrow()
                .locations()
                .keySet()
                .iterator()
                .next());
    Map<String, SimulatedShop.LevelSnapshot> levels = shop.levelsBySku(location);
    Map<String, Integer> units = new LinkedHashMap<>();
    List<SimulatedShop.OrderLineSpec> specs = new ArrayList<>();
    for (int tries = 0; units.size() < lines && tries < 20; tries++) {
      String sku = skus.get(random.nextInt(skus.size()));
      int quantity = 1 + random.nextInt(2);
      SimulatedShop.LevelSnapshot level = levels.get(sku);
      if (level != null && level.available() >= quantity && !units.containsKey(sku)) {
        units.put(sku, quantity);
        specs.add(SimulatedShop.OrderLineSpec.of(sku, quantity, "19.99"));
      }
    }
    if (specs.isEmpty()) {
      return null;
    }
    // Listed once Shopify took it: a sample that misses it read the store before its decrement
    // or finds it in Brightpearl already (its allocation then lowers the figure), so it never
    // counts units twice nor misses units in flight.
    Placed entry =
        new Placed(
            store,
            shop.placeOrder(email, "GBP", specs, "Standard", new BigDecimal("4.99"), location),
            units);
    placed.add(entry);
    return entry;
  }

  private void ship(long salesOrder, Map<Long, Integer> products, String carrier, String tracking) {
    if (products.isEmpty()) {
      return;
    }
    SimOrders.GoodsOutNote note =
        lab.brightpearl().orders().createGoodsOutNote(salesOrder, products);
    lab.brightpearl().orders().ship(note.id(), carrier, tracking);
  }

  private long fulfilments() {
    long count = 0;
    for (Placed p : placed) {
      count += lab.shopify().shop(p.store()).fulfillments(p.order().id()).size();
    }
    return count;
  }

  private List<SimOrders.Order> salesOrders(Placed p) {
    return lab.brightpearl().orders().byExternalRef(p.externalRef(), false);
  }

  private SimOrders.Order salesOrder(Placed p) {
    return salesOrders(p).get(0);
  }

  /** Waits until every order placed is in Brightpearl with its payment. */
  private void awaitInBrightpearl(Duration limit) throws InterruptedException {
    OrderStore orders = lab.node().storage().orders();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (Placed p : placed) {
        OrderStore.OrderLink link =
            orders.find(p.store(), String.valueOf(p.order().id())).orElse(null);
        if (link == null
            || link.state() != OrderStore.State.IN_BRIGHTPEARL
            || link.paymentId() == null) {
          all = false;
          break;
        }
      }
      if (all) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "orders not all in Brightpearl after " + limit.toSeconds() + " s");
  }

  private static long orderCalls(Map<String, Long> before, Map<String, Long> after) {
    return delta(before, after, SimCounters.REQUESTS) - stockCalls(before, after);
  }

  /** The stock flow's reads: availability and products. */
  private static long stockCalls(Map<String, Long> before, Map<String, Long> after) {
    long calls = 0;
    for (String name : after.keySet()) {
      if (name.startsWith(SimCounters.REQUESTS + ".")
          && (name.endsWith(" product-availability") || name.endsWith(" product"))) {
        calls += delta(before, after, name);
      }
    }
    return calls;
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String name) {
    return after.getOrDefault(name, 0L) - before.getOrDefault(name, 0L);
  }

  /** The sampler: see the class comment for what is read in which order. */
  private void sample() {
    while (sampling.get()) {
      Map<String, Integer> allowed = new HashMap<>();
      for (Allowance a : allowances) {
        if (!a.cleared().getAsBoolean()) {
          allowed.merge(a.store() + "/" + a.sku(), a.units(), Integer::sum);
        }
      }
      List<Placed> orders = List.copyOf(placed);
      Map<String, Map<String, Integer>> shown = new HashMap<>();
      for (SyncLab.StoreSpec store : lab.spec().stores()) {
        shown.put(store.name(), lab.actualLevels(store.name()));
      }
      Map<String, Map<String, Integer>> expected = new HashMap<>();
      for (SyncLab.StoreSpec store : lab.spec().stores()) {
        expected.put(store.name(), lab.expectedLevels(store.name()));
      }
      Set<String> inBrightpearl = new HashSet<>();
      for (SimOrders.Order order : lab.brightpearl().orders().salesOrders()) {
        inBrightpearl.add(order.externalRef());
      }
      // Orders placed while this sample read: the store may have been read before Shopify took
      // them off and Brightpearl after it allocated them; their units are given back to the bound.
      Map<String, Integer> during = new HashMap<>();
      List<Placed> after = List.copyOf(placed);
      for (Placed p : after.subList(orders.size(), after.size())) {
        p.units().forEach((sku, units) -> during.merge(p.store() + "/" + sku, units, Integer::sum));
      }
      Map<String, Integer> inFlight = new HashMap<>();
      Set<String> skus = new HashSet<>();
      for (Placed p : orders) {
        p.units().forEach((sku, units) -> skus.add(p.store() + "/" + sku));
        if (!inBrightpearl.contains(p.externalRef())) {
          p.units()
              .forEach((sku, units) -> inFlight.merge(p.store() + "/" + sku, units, Integer::sum));
        }
      }
      for (String key : skus) {
        String store = key.substring(0, key.indexOf('/'));
        String sku = key.substring(key.indexOf('/') + 1);
        for (Map.Entry<String, Integer> level : shown.get(store).entrySet()) {
          if (!level.getKey().startsWith(sku + "@")) {
            continue;
          }
          Integer want = expected.get(store).get(level.getKey());
          if (want == null) {
            continue;
          }
          long bound =
              Math.max(0, want - inFlight.getOrDefault(key, 0))
                  + allowed.getOrDefault(key, 0)
                  + during.getOrDefault(key, 0);
          long excess = level.getValue() - bound;
          if (excess > 0) {
            maxExcessBySku.merge(key, excess, Math::max);
            if (excess > maxExcess) {
              maxExcess = excess;
              worst = store + " " + level.getKey() + " showed " + level.getValue() + " > " + bound;
            }
          }
        }
      }
      samples++;
    }
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
