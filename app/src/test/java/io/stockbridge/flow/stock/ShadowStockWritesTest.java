package io.stockbridge.flow.stock;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.connector.shopify.QuantityChange;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.sync.ShadowWrite;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store in shadow mode: its stock writes are recorded as they would be sent, and not sent. */
class ShadowStockWritesTest {
  private static final String STORE = "shop-s";
  private static final String ITEM = "gid://shopify/InventoryItem/70";
  private static final String LONDON = "gid://shopify/Location/1";
  private static final String LEEDS = "gid://shopify/Location/2";

  @TempDir Path dir;

  @Test
  void each_level_is_recorded_with_the_body_it_would_send_and_the_product_succeeds_at_once() {
    try (Storage storage =
        StorageFactory.open(
            new StockbridgeConfig.Database(TestDatabases.sqliteUrl(dir), 2),
            new MutableClock(1_000))) {
      storage.migrate();
      StoreWrites writes = StoreWrites.shadow(STORE, storage.syncState(), storage.events());
      Coalescer.Pending product = new Coalescer.Pending(7, 0, 0);
      CompletableFuture<ProductOutcome> result = new CompletableFuture<>();
      product
          .waitersByStore
          .computeIfAbsent(STORE, s -> new ArrayList<>())
          .add(new Coalescer.Waiter(null, result, Context.root()));

      writes.submit(
          List.of(
              new StoreWrites.Planned(
                  product,
                  "SKU-7",
                  List.of(
                      new QuantityChange(ITEM, LONDON, 5, null),
                      new QuantityChange(ITEM, LEEDS, 0, null)))),
          1_000);

      assertThat(result)
          .isCompletedWithValue(
              new ProductOutcome.Pushed(
                  "shadow: would set SKU SKU-7 to 5 at location 1, 0 at location 2; not sent"));
      List<ShadowWrite> recorded =
          storage.syncState().shadowWrites(STORE, null, 10).stream()
              .sorted(Comparator.comparingLong(ShadowWrite::id))
              .toList();
      assertThat(recorded)
          .extracting(ShadowWrite::target)
          .containsExactly(
              "inventorySetQuantities SKU-7 @ " + LONDON,
              "inventorySetQuantities SKU-7 @ " + LEEDS);
      assertThat(recorded).extracting(ShadowWrite::flow).containsOnly(FlowKinds.STOCK_SYNC);
      assertThat(recorded).extracting(ShadowWrite::at).containsOnly(1_000L);
      // The body as it was written by string concatenation before: same keys, same order.
      assertThat(recorded.get(0).body())
          .matches(
              "\\{\"inventoryItemId\":\"gid://shopify/InventoryItem/70\","
                  + "\"locationId\":\"gid://shopify/Location/1\",\"quantity\":5,"
                  + "\"referenceDocumentUri\":\"gid://stockbridge/SyncBatch/\\d+\"\\}");
      assertThat(writes.buffered()).isZero();
      assertThat(storage.syncState().pushedLevels(STORE, List.of(ITEM))).isEmpty();
    }
  }
}
