package io.stockbridge.flow.product;

import io.stockbridge.sync.StoreProduct;
import io.stockbridge.sync.SyncContext;
import java.util.List;
import java.util.Map;

/**
 * Where a store's product writes go, chosen once per store when the flows are wired: to the store
 * ({@link #live}), or, for a store in shadow mode, into its record of shadow writes ({@link
 * #shadow}: nothing is sent). Thread-safe.
 */
public abstract class ProductWrites {
  ProductWrites() {}

  /** Writes to the store through its Shopify connector. */
  public static ProductWrites live(String store, SyncContext context) {
    return new LiveProductWrites(store, context);
  }

  /** Records what would be written to the store ({@code shadow_writes}) and sends nothing. */
  public static ProductWrites shadow(String store, SyncContext context) {
    return new ShadowProductWrites(store, context);
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
