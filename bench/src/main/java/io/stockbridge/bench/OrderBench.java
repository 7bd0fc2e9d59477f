package io.stockbridge.bench;

import io.stockbridge.demo.OrderLab;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.order.OrderStore;
import io.stockbridge.simulator.brightpearl.SimCounters;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.simulator.brightpearl.SimOrders;
import io.stockbridge.simulator.shopify.SimulatedShop;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code bench orders}: a flash sale on one store. 1,000 orders (1 to 4 rows, 30% from returning
 * customers) are placed within a minute on Shopify; each becomes a Brightpearl sales order with its
 * customer and payment, at Brightpearl's 200 requests a minute shared with the stock flow. Prints
 * the Brightpearl calls against the minimum (one per order, one per new customer, one per payment),
 * the time until every order is in Brightpearl against the time the minimum needs at the rate
 * limit, throttles, and units sold beyond what Brightpearl had (oversold: must be 0). Shopify's
 * checkout refuses a line when the store shows fewer units than asked, as the real one does: 20
 * units of each of 200 SKUs (4,000) against about 3,750 asked for let the 1,000 orders be placed
 * while popular SKUs sell out.
 */
final class OrderBench implements BenchScenario {
  @Override
  public String name() {
    return "orders";
  }

  @Override
  public String description() {
    return "a flash sale of 1,000 orders on one store into Brightpearl at 200 requests a minute:"
        + " calls per order against the minimum, time, oversold (--param orders=, skus=, stock=)";
  }

  @Override
  public Map<String, Object> run(BenchOptions options) throws Exception {
    int orderCount = options.intParam("orders", 1000);
    int skus = options.intParam("skus", 200);
    int stock = options.intParam("stock", 20);
    if (orderCount < 1 || skus < 4 || stock < 1) {
      throw new IllegalArgumentException("orders >= 1, skus >= 4, stock >= 1");
    }
    // Stock reads coalesce harder during the sale: allocations raise on-hand webhooks by the
    // hundred, and Brightpearl's budget goes to the orders first.
    String yaml =
        "sync:\n  debounceMillis: 5000\n  maxWaitMillis: 30000\n  batchFillMillis: 200\n"
            + "queue:\n  maxInFlight: 64\n";
    try (BenchDatabase database = new BenchDatabase(options);
        SyncLab lab =
            SyncLab.start(
                new SyncLab.Spec(
                    skus,
                    1,
                    List.of(SyncLab.StoreSpec.of("flash", "Main", 1L).with(OrderLab.ORDERS_YAML)),
                    database.url(),
                    options.workDir(),
                    yaml))) {
      for (SimData.Product product : lab.brightpearl().catalog().allProducts()) {
        lab.brightpearl().catalog().setOnHand(product.id(), 1, stock);
      }
      lab.seedStoresInSync();
      lab.warmCaches();
      // The levels as onboarding's reconciliation records them: what the store showed.
      lab.recordStoreLevels();
      OrderLab.connect(lab, lab.node().port());
      lab.brightpearl().resetRateLimit();
      lab.brightpearl().counters().reset();
      SimulatedShop shop = lab.shopify().shop("flash");
      String location = lab.locationId("flash", "Main");
      List<SimData.Product> products = lab.brightpearl().catalog().allProducts();
      Random random = new Random(7);
      List<String> customers = new ArrayList<>();
      Map<String, Integer> placedBySku = new HashMap<>();
      int placed = 0;
      int refused = 0;
      int newCustomers = 0;
      long start = System.nanoTime();
      System.err.printf("orders: placing %d orders over %d SKUs...%n", orderCount, skus);
      for (int n = 0; n < orderCount; n++) {
        String email;
        if (!customers.isEmpty() && random.nextDouble() < 0.3) {
          email = customers.get(random.nextInt(customers.size()));
        } else {
          email = "buyer" + n + "@example.com";
        }
        Map<String, SimulatedShop.OrderLineSpec> lines = new LinkedHashMap<>();
        int rows = 1 + random.nextInt(4);
        Map<String, SimulatedShop.LevelSnapshot> levels = shop.levelsBySku(location);
        for (int tries = 0; lines.size() < rows && tries < 50; tries++) {
          String sku = products.get(random.nextInt(products.size())).sku();
          int quantity = 1 + random.nextInt(2);
          SimulatedShop.LevelSnapshot level = levels.get(sku);
          if (level != null && level.available() >= quantity && !lines.containsKey(sku)) {
            lines.put(sku, SimulatedShop.OrderLineSpec.of(sku, quantity, "19.99"));
          } else if (level == null || level.available() < quantity) {
            refused++;
          }
        }
        if (lines.isEmpty()) {
          continue;
        }
        if (!customers.contains(email)) {
          customers.add(email);
          newCustomers++;
        }
        shop.placeOrder(
            email, "GBP", List.copyOf(lines.values()), "Express", new BigDecimal("5.00"), location);
        lines.values().forEach(l -> placedBySku.merge(l.sku(), l.quantity(), Integer::sum));
        placed++;
        if (n % 20 == 19) {
          Thread.sleep(1000); // 20 orders a second: the whole sale within a minute
        }
      }
      double placingSeconds = (System.nanoTime() - start) / 1e9;
      System.err.printf(
          "orders: %d placed in %.0f s; waiting for Brightpearl...%n", placed, placingSeconds);
      OrderStore orders = lab.node().storage().orders();
      long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
      long inBrightpearl = 0;
      long nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        if (System.nanoTime() >= nextReport) {
          nextReport += Duration.ofSeconds(30).toNanos();
          System.err.printf(
              "orders: %.0f s, %d in Brightpearl, %d calls%n",
              (System.nanoTime() - start) / 1e9,
              inBrightpearl,
              lab.brightpearl().counters().get(SimCounters.REQUESTS));
        }
        inBrightpearl =
            orders.countByState("flash").getOrDefault(OrderStore.State.IN_BRIGHTPEARL, 0L);
        long paid = lab.brightpearl().orders().payments().size();
        if (inBrightpearl >= placed && paid >= placed) {
          break;
        }
        Thread.sleep(250);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long calls = lab.brightpearl().counters().get(SimCounters.REQUESTS);
      long stockCalls =
          lab.brightpearl().counters().snapshot().entrySet().stream()
              .filter(
                  e ->
                      e.getKey().startsWith(SimCounters.REQUESTS + ".")
                          && (e.getKey().endsWith(" product-availability")
                              || e.getKey().endsWith(" product")))
              .mapToLong(Map.Entry::getValue)
              .sum();
      long orderCalls = calls - stockCalls;
      long minimum = 2L * placed + newCustomers;
      double limitSeconds = minimum / 200.0 * 60;
      long oversold = 0;
      for (SimOrders.Order order : lab.brightpearl().orders().salesOrders()) {
        for (SimOrders.Row row : order.rows()) {
          if (row.productId() != null) {
            oversold +=
                Math.max(0, row.quantity() - order.allocated().getOrDefault(row.productId(), 0));
          }
        }
      }
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("engine", options.engine());
      figures.put("orders", placed);
      figures.put("orders_in_brightpearl", inBrightpearl);
      figures.put("new_customers", newCustomers);
      figures.put("lines_refused_sold_out", refused);
      figures.put("brightpearl_calls", calls);
      figures.put("brightpearl_order_calls", orderCalls);
      figures.put("brightpearl_stock_calls", stockCalls);
      figures.put(
          "brightpearl_contact_searches",
          lab.brightpearl().counters().get(SimCounters.REQUESTS + ".GET contact-search"));
      figures.put("brightpearl_calls_min", minimum);
      figures.put("calls_ratio", Math.round(calls * 1000.0 / minimum) / 1000.0);
      figures.put("seconds_to_all_orders_in_brightpearl", Math.round(seconds * 10) / 10.0);
      figures.put("seconds_limit", Math.round(limitSeconds * 10) / 10.0);
      figures.put("time_ratio", Math.round(seconds / limitSeconds * 1000) / 1000.0);
      figures.put("oversold", oversold);
      figures.put("throttled", lab.brightpearl().counters().get(SimCounters.THROTTLED));
      figures.put("dead", lab.node().storage().queue().stats().dead());
      return figures;
    }
  }
}
