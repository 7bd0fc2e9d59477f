package io.stockbridge.flow.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.flow.product.ProductResult.Action;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.sync.ShadowWrite;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store in shadow mode: its archives and deletes are recorded, not sent, and the id map kept. */
class ShadowProductWritesTest {
  private static final String STORE = "shop-s";
  private static final String PRODUCT = "gid://shopify/Product/70";
  private static final StoreProduct LINE =
      new StoreProduct(
          STORE,
          7,
          "SKU-7",
          PRODUCT,
          "gid://shopify/ProductVariant/71",
          "gid://shopify/InventoryItem/72",
          "hash",
          StoreProduct.State.ACTIVE);

  @TempDir Path dir;

  @Test
  void an_archive_and_a_delete_are_recorded_with_their_bodies_and_change_no_id_map_line()
      throws Exception {
    try (Storage storage =
        StorageFactory.open(
            new StockbridgeConfig.Database(TestDatabases.sqliteUrl(dir), 2),
            new MutableClock(1_000))) {
      storage.migrate();
      ProductWrites writes =
          ProductWrites.shadow(
              STORE, storage.syncState(), () -> List.of("gid://shopify/Location/1"));
      List<StoreProduct> lines = new ArrayList<>();

      Map<Long, ProductResult> archived = writes.destroy(List.of(LINE), false, null, 1_000, lines);
      Map<Long, ProductResult> deleted = writes.destroy(List.of(LINE), true, null, 2_000, lines);

      assertThat(archived)
          .containsExactly(
              Map.entry(
                  7L,
                  new ProductResult(
                      7, "SKU-7", Action.SHADOW, PRODUCT, "shadow: would archive " + PRODUCT)));
      assertThat(deleted.get(7L).detail()).isEqualTo("shadow: would delete " + PRODUCT);
      assertThat(lines).isEmpty();
      List<ShadowWrite> recorded = storage.syncState().shadowWrites(STORE, null, 10);
      assertThat(recorded)
          .extracting(ShadowWrite::target)
          .containsExactlyInAnyOrder("productSet status ARCHIVED SKU-7", "productDelete SKU-7");
      assertThat(recorded).extracting(ShadowWrite::flow).containsOnly(FlowKinds.PRODUCT_DESTROY);
      ObjectMapper json = new ObjectMapper();
      for (ShadowWrite write : recorded) {
        Map<?, ?> body = json.readValue(write.body(), Map.class);
        assertThat(body)
            .isEqualTo(
                write.target().startsWith("productDelete")
                    ? Map.of("id", PRODUCT)
                    : Map.of("id", PRODUCT, "status", "ARCHIVED"));
      }
    }
  }
}
