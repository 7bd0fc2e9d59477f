package io.stockbridge.flow.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.simulator.shopify.SimulatedShop;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TestDatabases;
import io.stockbridge.testhelper.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store above the bulk threshold is read with one bulk query per location, and the warehouse in
 * ID-set calls: the figures of one run are checked, and the drift is repaired.
 */
@io.stockbridge.testhelper.EndToEnd
class ReconcileLargeStoreTest {
  private static final String STORE = "shop-a";
  private static final Map<String, String> KEY = Map.of("X-Api-Key", SyncLab.API_KEY);
  private static final int PRODUCTS = Reconciler.BULK_THRESHOLD + 100;

  @TempDir Path dir;

  @Test
  void a_large_store_is_read_in_bulk_and_repaired() {
    try (SyncLab lab =
        SyncLab.start(
            new SyncLab.Spec(
                PRODUCTS,
                2,
                List.of(SyncLab.StoreSpec.of(STORE, "Main", 1L)),
                TestDatabases.sqliteUrl(dir),
                dir.resolve("data"),
                ""))) {
      SimulatedShop shop = lab.shopify().shop(STORE);
      String location = lab.locationId(STORE, "Main");
      List<StoreProduct> idMap = new ArrayList<>();
      List<PushedLevel> pushed = new ArrayList<>();
      Map<String, Integer> expected = lab.expectedLevels(STORE);
      List<String> items = new ArrayList<>();
      lab.brightpearl()
          .catalog()
          .allProducts()
          .forEach(
              product -> {
                int level = expected.get(product.sku() + "@Main");
                SimulatedShop.SeededVariant variant =
                    shop.addProduct(
                            "Product " + product.sku(),
                            List.of(product.sku()),
                            Map.of(location, level))
                        .get(0);
                items.add(variant.inventoryItemId());
                pushed.add(new PushedLevel(STORE, variant.inventoryItemId(), location, level));
                idMap.add(
                    new StoreProduct(
                        STORE,
                        product.id(),
                        product.sku(),
                        variant.productId(),
                        variant.variantId(),
                        variant.inventoryItemId(),
                        null,
                        StoreProduct.State.ACTIVE));
              });
      lab.node().storage().syncState().putStoreProducts(idMap, System.currentTimeMillis());
      lab.node().storage().syncState().putPushedLevels(pushed, System.currentTimeMillis());
      for (int i = 0; i < 10; i++) {
        String item = items.get(i * 200);
        shop.setAvailable(item, location, shop.available(item, location) + 3);
      }
      assertThat(lab.drift(STORE)).hasSize(10);

      TestHttp http = new TestHttp(lab.node().port());
      long started = System.nanoTime();
      TestHttp.Answer accepted = http.postJson("/api/reconciliations", KEY, "");
      assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
      long id = accepted.json().path("id").asLong();
      JsonNode[] report = new JsonNode[1];
      Eventually.await(
          "the reconciliation to complete",
          Duration.ofSeconds(180),
          () -> {
            report[0] = http.get("/api/reconciliations/" + id, KEY).json();
            return report[0].path("status").asText().equals("completed");
          });
      double seconds = (System.nanoTime() - started) / 1e9;
      JsonNode store = report[0].path("detail").path("stores").path(STORE);
      System.out.printf(
          "reconciliation of %d products: %.1f s, %s Brightpearl calls, %s Shopify calls (%s)%n",
          PRODUCTS,
          seconds,
          report[0].path("detail").path("brightpearlCalls").asText(),
          store.path("shopifyCalls").asText(),
          store.path("read").asText());
      assertThat(store.path("read").asText()).isEqualTo("bulk");
      assertThat(store.path("shopifyCalls").asInt()).isEqualTo(1);
      assertThat(store.path("levelsRead").asInt()).isEqualTo(PRODUCTS);
      assertThat(report[0].path("checked").asInt()).isEqualTo(PRODUCTS);
      assertThat(report[0].path("drifted").asInt()).isEqualTo(10);
      assertThat(report[0].path("fixed").asInt()).isEqualTo(10);
      // Search: 5 pages of 500; availability: 11 ID sets of 200; the rest is the first run's
      // catalog facts (products in ID sets, the category tree, brands).
      assertThat(report[0].path("detail").path("brightpearlCalls").asInt()).isLessThan(40);
      assertThat(lab.drift(STORE)).isEmpty();
    }
  }
}
