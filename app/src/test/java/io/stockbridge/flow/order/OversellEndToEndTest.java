package io.stockbridge.flow.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.demo.OrderLab;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.simulator.brightpearl.SimControl;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.simulator.brightpearl.SimOrders;
import io.stockbridge.simulator.shopify.SimulatedShop;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TestDatabases;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No oversell: a stock import into Brightpearl (a goods-in raising every figure: a decrease would
 * show on the store until pushed, whatever the orders) and a burst of Shopify orders for the same
 * SKUs at the same time. Sampled throughout, the store never shows more than Brightpearl's figure
 * minus the units of orders not yet in Brightpearl; afterwards everything settles consistent.
 */
@EndToEnd
class OversellEndToEndTest {
  @TempDir Path dir;
  private SyncLab lab;

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
  }

  // Known gap, left visible: runs show 0 to 2 one-unit excesses per run. A sale Shopify took off
  // before its webhook was stored can be overwritten by a push planned from Brightpearl's figure
  // (the compare-and-swap answers STALE and InventoryPush re-sends the plan against Shopify's new
  // figure). The fix is a re-plan on STALE for stores running the orders flow: never raise a level
  // above what Shopify shows when Shopify's figure fell since our last write.
  @Test
  void no_store_shows_more_than_brightpearl_minus_orders_in_flight_during_an_import_and_a_sale()
      throws Exception {
    lab =
        SyncLab.start(
            new SyncLab.Spec(
                10,
                1,
                List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L).with(OrderLab.ORDERS_YAML)),
                TestDatabases.sqliteUrl(dir),
                dir,
                OrderFlowEndToEndTest.FAST));
    List<SimData.Product> products = lab.brightpearl().catalog().allProducts();
    for (SimData.Product product : products) {
      lab.brightpearl().catalog().setOnHand(product.id(), 1, 30);
    }
    lab.seedStoresInSync();
    lab.warmCaches();
    OrderLab.connect(lab, lab.node().port());
    SimulatedShop shop = lab.shopify().shop("shop-a");
    String location = lab.locationId("shop-a", "Main");
    Map<String, Integer> placedUnits = new ConcurrentHashMap<>();
    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicBoolean sampling = new AtomicBoolean(true);
    int[] samples = {0};
    Thread sampler =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (sampling.get()) {
                    // Read in an order that can only loosen the bound (see the class comment):
                    // units placed, then the store, then Brightpearl's figure, then its
                    // allocations.
                    Map<String, Integer> placed = Map.copyOf(placedUnits);
                    Map<String, SimulatedShop.LevelSnapshot> store = shop.levelsBySku(location);
                    for (SimData.Product product : products) {
                      long onHand =
                          lab.brightpearl().catalog().stock(product.id()).get(1L).onHand();
                      long allocated = allocatedToShopify(product.id());
                      long inFlight = placed.getOrDefault(product.sku(), 0) - allocated;
                      SimulatedShop.LevelSnapshot level = store.get(product.sku());
                      long bound = Math.max(0, onHand - Math.max(0, inFlight));
                      if (level != null && level.available() > bound) {
                        violations.add(
                            product.sku() + " showed " + level.available() + " > " + bound);
                      }
                    }
                    samples[0]++;
                  }
                });
    Random random = new Random(3);
    List<SimControl.StockUpdate> import1 = new ArrayList<>();
    for (SimData.Product product : products) {
      // A goods-in: figures rise, the direction in which a stale figure would sell units twice.
      import1.add(new SimControl.StockUpdate(product.sku(), 1, 31 + random.nextInt(20)));
    }
    for (int n = 0; n < 40; n++) {
      if (n == 10) {
        lab.brightpearl().control().stockBurst(import1);
      }
      String sku = products.get(random.nextInt(products.size())).sku();
      SimulatedShop.LevelSnapshot level = shop.levelsBySku(location).get(sku);
      if (level == null || level.available() < 1) {
        continue;
      }
      placedUnits.merge(sku, 1, Integer::sum);
      shop.placeOrder(
          "buyer" + (n % 7) + "@example.com",
          "GBP",
          List.of(SimulatedShop.OrderLineSpec.of(sku, 1, "9.00")),
          "Standard",
          BigDecimal.ONE,
          location);
      Thread.sleep(random.nextInt(40)); // a burst: a few orders within the import's reach
    }
    int placed = placedUnits.values().stream().mapToInt(Integer::intValue).sum();
    Eventually.await(
        "every order in Brightpearl",
        Duration.ofSeconds(90),
        () -> lab.brightpearl().orders().salesOrders().size() == placed);
    try {
      Eventually.await(
          "the store consistent", Duration.ofSeconds(60), () -> lab.drift("shop-a").isEmpty());
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + ": " + lab.drift("shop-a"), e);
    }
    sampling.set(false);
    sampler.join();
    assertThat(samples[0]).isGreaterThan(10);
    assertThat(violations).isEmpty();
  }

  private long allocatedToShopify(long productId) {
    long allocated = 0;
    for (SimOrders.Order order : lab.brightpearl().orders().salesOrders()) {
      for (SimOrders.Row row : order.rows()) {
        if (row.productId() != null && row.productId() == productId) {
          allocated += row.quantity();
        }
      }
    }
    return allocated;
  }
}
