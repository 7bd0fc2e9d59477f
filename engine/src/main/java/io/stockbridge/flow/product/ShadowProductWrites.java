package io.stockbridge.flow.product;

import io.stockbridge.flow.FlowKinds;
import io.stockbridge.flow.product.ProductResult.Action;
import io.stockbridge.sync.ShadowWrite;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.sync.SyncState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A store in shadow mode: each {@code productSet}, archive or delete it would send is recorded in
 * its shadow writes (target and body) and nothing is sent; the id map is not changed by them.
 * Thread-safe.
 */
final class ShadowProductWrites extends ProductWrites {
  private final String store;
  private final SyncState state;
  private final Supplier<List<String>> locations;

  ShadowProductWrites(String store, SyncState state, Supplier<List<String>> locations) {
    this.store = store;
    this.state = state;
    this.locations = locations;
  }

  @Override
  void set(
      List<ProductSync.Write> writes,
      Map<Long, Long> eventOf,
      long now,
      Map<Long, ProductResult> results,
      List<StoreProduct> lines) {
    List<ShadowWrite> shadow = new ArrayList<>();
    List<String> locations = this.locations.get();
    for (ProductSync.Write write : writes) {
      Map<String, Object> input = write.input(locations);
      shadow.add(
          new ShadowWrite(
              0,
              store,
              eventOf.get(write.product().productId()),
              FlowKinds.PRODUCT_SYNC,
              "productSet " + write.product().sku(),
              ProductMapper.json(input),
              now));
      results.put(
          write.product().productId(),
          new ProductResult(
              write.product().productId(),
              write.product().sku(),
              Action.SHADOW,
              write.shopifyProduct(),
              "shadow: would "
                  + (write.create() ? "create" : "update")
                  + " "
                  + write.product().sku()));
    }
    if (!shadow.isEmpty()) {
      state.recordShadowWrites(shadow);
    }
  }

  @Override
  Map<Long, ProductResult> destroy(
      List<StoreProduct> targets,
      boolean delete,
      Long eventId,
      long now,
      List<StoreProduct> lines) {
    List<ShadowWrite> shadow = new ArrayList<>();
    Map<Long, ProductResult> results = new LinkedHashMap<>();
    for (StoreProduct line : targets) {
      String target = line.shopifyProduct();
      shadow.add(
          new ShadowWrite(
              0,
              store,
              eventId,
              FlowKinds.PRODUCT_DESTROY,
              (delete ? "productDelete " : "productSet status ARCHIVED ") + line.sku(),
              ProductMapper.json(
                  delete ? Map.of("id", target) : Map.of("id", target, "status", "ARCHIVED")),
              now));
      results.put(
          line.productId(),
          new ProductResult(
              line.productId(),
              line.sku(),
              Action.SHADOW,
              target,
              "shadow: would " + (delete ? "delete " : "archive ") + target));
    }
    if (!shadow.isEmpty()) {
      state.recordShadowWrites(shadow);
    }
    return results;
  }
}
