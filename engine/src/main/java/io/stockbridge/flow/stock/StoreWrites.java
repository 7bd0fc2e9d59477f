package io.stockbridge.flow.stock;

import io.stockbridge.connector.shopify.QuantityChange;
import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.event.EventLog;
import io.stockbridge.idset.IdSet;
import io.stockbridge.sync.SyncState;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Where a store's planned levels go, chosen once per store when the flows are wired: to the store
 * ({@link #live}: buffered into full {@code inventorySetQuantities} calls), or, for a store in
 * shadow mode, into its record of shadow writes ({@link #shadow}: nothing is sent). Either settles
 * every product it takes on its store, at once or when its levels are written. Thread-safe.
 */
public abstract class StoreWrites {
  /** The reference every call of a batch carries (and a shadow write records). */
  static final String BATCH_REFERENCE = "gid://stockbridge/SyncBatch/";

  StoreWrites() {}

  /** Writes to the store through its Shopify connector. */
  public static StoreWrites live(
      String store, ShopifyConnector shopify, SyncState state, EventLog events, Clock clock) {
    return new ShopifyStockWrites(store, shopify, state, events, clock);
  }

  /** Records what would be written to the store ({@code shadow_writes}) and sends nothing. */
  public static StoreWrites shadow(String store, SyncState state, EventLog events) {
    return new ShadowStockWrites(store, state, events);
  }

  /** One product's levels to write, as planned by a flush. */
  record Planned(Coalescer.Pending product, String sku, List<QuantityChange> changes) {}

  /**
   * Takes one flush's planned writes, planned from a read of the pushed levels made after {@code
   * plannedAt}; each product's items on this store are settled now or once written.
   */
  abstract void submit(List<Planned> writes, long plannedAt);

  /** Sends buffered partial calls that {@code policy} says should go now. */
  abstract void writeLeftovers(Coalescer policy);

  /** Levels waiting for a call. */
  abstract int buffered();

  /** The batch name of a write for the events of {@code products} on {@code store}. */
  static String batchName(String store, Set<Long> eventIds) {
    return "stock.sync " + store + " events " + (eventIds.isEmpty() ? "-" : IdSet.of(eventIds));
  }

  static String shortLocation(String gid) {
    int slash = gid.lastIndexOf('/');
    return slash >= 0 ? "location " + gid.substring(slash + 1) : gid;
  }
}
