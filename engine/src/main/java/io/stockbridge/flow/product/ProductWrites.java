package io.stockbridge.flow.product;

import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.sync.SyncState;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where a store's product writes go, chosen once per store when the flows are wired: to the store
 * ({@link #live}), or, for a store in shadow mode, into its record of shadow writes ({@link
 * #shadow}: nothing is sent). Thread-safe.
 */
public abstract class ProductWrites {
  ProductWrites() {}

  /**
   * Writes to the store through its Shopify connector.
   *
   * @param locations the store's location global ids (a new variant is stocked at each), resolved
   *     on first use
   * @param bulkThreshold more writes than this in one run go as one bulk operation
   */
  public static ProductWrites live(
      String store,
      ShopifyConnector shopify,
      SyncState state,
      Supplier<List<String>> locations,
      int bulkThreshold) {
    return new LiveProductWrites(store, shopify, state, locations, bulkThreshold);
  }

  /** Records what would be written to the store ({@code shadow_writes}) and sends nothing. */
  public static ProductWrites shadow(
      String store, SyncState state, Supplier<List<String>> locations) {
    return new ShadowProductWrites(store, state, locations);
  }

  /**
   * Sends (or records) {@code writes}, putting each product's result into {@code results} and the
   * id map lines to write into {@code lines}.
   *
   * @param eventOf the event each product belongs to (null: none)
   */
  abstract void set(
      List<ProductSync.Write> writes,
      Map<Long, Long> eventOf,
      long now,
      Map<Long, ProductResult> results,
      List<StoreProduct> lines);

  /**
   * Archives ({@code delete} false) or deletes the store's products of {@code targets} (lines with
   * a Shopify product), adding the id map lines to write to {@code lines}.
   *
   * @return each target's result, by product id
   */
  abstract Map<Long, ProductResult> destroy(
      List<StoreProduct> targets, boolean delete, Long eventId, long now, List<StoreProduct> lines);
}
