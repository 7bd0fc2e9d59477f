package io.stockbridge.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.demo.SyncLab;
import io.stockbridge.event.EventQuery;
import io.stockbridge.queue.Pauses;
import io.stockbridge.simulator.brightpearl.SimControl;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.simulator.brightpearl.SimFaults;
import io.stockbridge.simulator.shopify.SimulatedShop;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock flow end to end: both simulators over real HTTP, Brightpearl webhooks into a real node
 * on a real database, writes checked in the Shopify simulator's stores.
 */
@EndToEnd
abstract class StockSyncEndToEndTest {
  static final String FAST =
      """
      sync:
        debounceMillis: 50
        maxWaitMillis: 300
        batchFillMillis: 50
      queue:
        pollMillis: 10
      """;

  @TempDir Path dir;
  private SyncLab lab;

  protected abstract String databaseUrl(Path dir);

  protected void cleanUp() {}

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
    cleanUp();
  }

  private SyncLab start(List<SyncLab.StoreSpec> stores) {
    lab = SyncLab.start(new SyncLab.Spec(60, 3, stores, databaseUrl(dir), dir, FAST));
    lab.seedStoresFromWarehouse(0);
    return lab;
  }

  private static List<SyncLab.StoreSpec> twoStores() {
    return List.of(
        new SyncLab.StoreSpec("shop-a", java.util.Map.of("Main", List.of(1L, 2L)), ""),
        SyncLab.StoreSpec.of("shop-b", "Outlet", 3L)
            .with("safetyStock:\n  default: 2\n  skus:\n    SKU-NONE: 0\n"));
  }

  /** New on-hand figures for every product in every warehouse, as one CSV import would do. */
  private static List<SimControl.StockUpdate> importAll(SyncLab lab, long seed) {
    Random random = new Random(seed);
    List<SimControl.StockUpdate> updates = new ArrayList<>();
    for (SimData.Product product : lab.brightpearl().catalog().allProducts()) {
      for (long warehouse = 1; warehouse <= 3; warehouse++) {
        updates.add(new SimControl.StockUpdate(product.sku(), warehouse, random.nextInt(50)));
      }
    }
    return updates;
  }

  @Test
  void burstsWithDuplicatedWebhooksReachEveryStoreOnce() {
    start(twoStores());
    lab.brightpearl()
        .faults()
        .set(new SimFaults.Settings(0, 500, 0, 0, 0, 0, 0, false, 0, 1.0, 0, 7));
    lab.brightpearl().control().stockBurst(importAll(lab, 1));
    lab.brightpearl().control().stockBurst(importAll(lab, 2).subList(0, 60));

    Eventually.await(
        "both stores match the warehouse",
        Duration.ofSeconds(30),
        () -> lab.driftByStore().values().stream().allMatch(List::isEmpty));
    // Each webhook came twice; the duplicates were recognised and stored once. (The
    // product.modified webhook covers on-hand changes too: its deliveries name their own event.)
    long events =
        lab.node()
            .storage()
            .events()
            .count(
                new EventQuery(
                    null,
                    "brightpearl",
                    SimControl.ON_HAND_MODIFIED,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    10));
    assertThat(events).isEqualTo(2);
    assertThat(lab.node().storage().queue().stats().dead()).isZero();
    // Safety stock holds back 2 units on shop-b: a level there never exceeds on hand - 2.
    assertThat(lab.expectedLevels("shop-b").values()).allMatch(v -> v >= 0);
  }

  @Test
  void shadowStoreSendsNothingAndRecordsEveryWrite() {
    start(
        List.of(
            SyncLab.StoreSpec.of("shop-a", "Main", 1L),
            SyncLab.StoreSpec.of("shop-s", "Main", 1L).with("shadow: true\n")));
    long adjustmentsBefore = lab.shopify().shop("shop-s").adjustmentGroupsCreated();
    lab.brightpearl().control().stockBurst(importAll(lab, 3));

    Eventually.await(
        "shop-a is in sync", Duration.ofSeconds(30), () -> lab.drift("shop-a").isEmpty());
    Eventually.await(
        "every shop-s write recorded",
        Duration.ofSeconds(30),
        () -> lab.node().storage().syncState().shadowWrites("shop-s", null, 1000).size() >= 50);
    assertThat(lab.shopify().shop("shop-s").adjustmentGroupsCreated()).isEqualTo(adjustmentsBefore);
    assertThat(lab.actualLevels("shop-s").values()).allMatch(v -> v == 0);
    assertThat(lab.node().storage().syncState().shadowWrites("shop-s", null, 1000))
        .allSatisfy(w -> assertThat(w.target()).startsWith("inventorySetQuantities SKU"));
    // Operators read them over the admin API, newest first, in pages.
    io.stockbridge.testhelper.TestHttp http =
        new io.stockbridge.testhelper.TestHttp(lab.node().port());
    var page =
        http.get(
            "/api/stores/shop-s/shadow-writes?limit=10",
            java.util.Map.of("Authorization", "Bearer " + SyncLab.API_KEY));
    assertThat(page.status()).as(page.raw()).isEqualTo(200);
    assertThat(page.json().path("writes")).hasSize(10);
    assertThat(page.json().path("writes").get(0).path("body").asText()).contains("\"quantity\"");
    assertThat(page.json().path("nextBefore").isNumber()).isTrue();
    assertThat(
            http.get(
                    "/api/stores/shop-s/shadow-writes?limit=zero",
                    java.util.Map.of("Authorization", "Bearer " + SyncLab.API_KEY))
                .status())
        .isEqualTo(400);
    assertThat(http.get("/api/stores/shop-s/shadow-writes", java.util.Map.of()).status())
        .isEqualTo(401);
  }

  @Test
  void pausedStoreKeepsItsEventsAndCatchesUpWhenResumed() {
    start(twoStores());
    lab.node().storage().pauses().pause(Pauses.store("shop-b"), "test", 0);
    lab.brightpearl().control().stockBurst(importAll(lab, 4));

    Eventually.await(
        "shop-a is in sync", Duration.ofSeconds(30), () -> lab.drift("shop-a").isEmpty());
    assertThat(lab.drift("shop-b")).isNotEmpty();
    assertThat(lab.node().storage().queue().stats().ready()).isPositive();

    lab.node().storage().pauses().resume(Pauses.store("shop-b"));
    lab.node().dispatcher().wake();
    Eventually.await(
        "shop-b caught up", Duration.ofSeconds(30), () -> lab.drift("shop-b").isEmpty());
  }

  @Test
  void aStockChangeForAProductMissingOnTheStoreCreatesItAndResumesByItself() {
    lab =
        SyncLab.start(
            new SyncLab.Spec(
                20,
                3,
                List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L)),
                databaseUrl(dir),
                dir,
                FAST));
    SimData.Product missing = lab.brightpearl().catalog().allProducts().get(4);
    lab.seedStoresFromWarehouse(0, sku -> !sku.equals(missing.sku()));
    assertThat(lab.shopify().shop("shop-a").inventoryItemOfSku(missing.sku())).isNull();
    // The stock flow's own way to a missing product: without the product.modified webhook (which
    // covers on-hand changes too, and would have the product flow create it first).
    lab.brightpearl().webhooks().registrations().stream()
        .filter(w -> w.subscribeTo().equals(SimControl.PRODUCT_MODIFIED))
        .forEach(w -> lab.brightpearl().webhooks().delete(w.id()));

    lab.brightpearl()
        .control()
        .stockBurst(List.of(new SimControl.StockUpdate(missing.sku(), 1, 37)));

    Eventually.await(
        "the missing product created and its stock set",
        Duration.ofSeconds(60),
        () -> Integer.valueOf(37).equals(lab.actualLevels("shop-a").get(missing.sku() + "@Main")));
    var event =
        lab.node()
            .storage()
            .events()
            .search(
                new EventQuery(
                    null, "brightpearl", null, null, null, null, null, null, null, null, 10))
            .events()
            .get(0);
    Eventually.await(
        "the event succeeded",
        Duration.ofSeconds(30),
        () ->
            lab.node().storage().events().find(event.id()).orElseThrow().status()
                == io.stockbridge.event.EventStatus.SUCCEEDED);
    String history = lab.node().storage().events().history(event.id()).toString();
    assertThat(history).contains("WAITING").contains("product.sync").contains("stock.sync");
  }

  @Test
  void unchangedLevelsAreNotWrittenAgain() {
    start(List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L)));
    List<SimControl.StockUpdate> updates = importAll(lab, 5);
    lab.brightpearl().control().stockBurst(updates);
    Eventually.await(
        "shop-a is in sync", Duration.ofSeconds(30), () -> lab.drift("shop-a").isEmpty());
    Eventually.await(
        "queue drained",
        Duration.ofSeconds(10),
        () ->
            lab.node().storage().queue().stats().ready() == 0
                && lab.node().dispatcher().inFlightCount() == 0);
    long writes = lab.shopify().shop("shop-a").adjustmentGroupsCreated();

    // Warehouse 2 is not mapped to shop-a: its changes leave shop-a's levels as they are.
    List<SimControl.StockUpdate> otherWarehouse = new ArrayList<>();
    for (SimControl.StockUpdate update : updates) {
      if (update.warehouseId() == 2) {
        otherWarehouse.add(new SimControl.StockUpdate(update.sku(), 2, update.onHand() + 5));
      }
    }
    lab.brightpearl().control().stockBurst(otherWarehouse);
    Eventually.await(
        "the second burst processed",
        Duration.ofSeconds(30),
        // Brightpearl's webhooks only: the change events (stock.changed, fan-out) are stored too.
        () ->
            lab.node()
                    .storage()
                    .events()
                    .count(
                        new EventQuery(
                            io.stockbridge.event.EventStatus.SUCCEEDED,
                            "brightpearl",
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            10))
                == 2);
    assertThat(lab.shopify().shop("shop-a").adjustmentGroupsCreated()).isEqualTo(writes);
  }

  @Test
  void productsOnTheStoreButNotStockedAtAMappedLocationAreStockedThere() {
    // Main existed before Stockbridge; Outlet was mapped later. The storefront already had every
    // product (adopted by SKU): every other one stocked at Main only, the rest nowhere.
    lab =
        SyncLab.start(
            new SyncLab.Spec(
                60,
                3,
                List.of(
                    new SyncLab.StoreSpec(
                        "shop-a",
                        java.util.Map.of("Main", List.of(1L), "Outlet", List.of(3L)),
                        "")),
                databaseUrl(dir),
                dir,
                FAST));
    String main = lab.locationId("shop-a", "Main");
    String outlet = lab.locationId("shop-a", "Outlet");
    SimulatedShop shop = lab.shopify().shop("shop-a");
    List<String> items = new ArrayList<>();
    int n = 0;
    for (SimData.Product product : lab.brightpearl().catalog().allProducts()) {
      java.util.Map<String, Integer> stocked =
          n++ % 2 == 0 ? java.util.Map.of(main, 0) : java.util.Map.of();
      items.add(
          shop.addProduct(product.name(), List.of(product.sku()), stocked)
              .get(0)
              .inventoryItemId());
    }
    assertThat(items).allMatch(item -> shop.available(item, outlet) == null);

    lab.brightpearl().control().stockBurst(importAll(lab, 6));

    Eventually.await(
        "shop-a matches the warehouse at both locations",
        Duration.ofSeconds(30),
        () -> lab.drift("shop-a").isEmpty());
    Eventually.await("queue drained", Duration.ofSeconds(10), lab::isQuiet);
    assertThat(lab.node().storage().queue().stats().dead()).isZero();
    assertThat(lab.shopify().counters().callsOf("inventoryActivate")).isPositive();
  }
}
