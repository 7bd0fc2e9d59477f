package io.stockbridge.flow.stock;

import io.stockbridge.connector.shopify.QuantityChange;
import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.event.EventLog;
import io.stockbridge.idset.IdSet;
import io.stockbridge.sync.SyncState;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

  /**
   * One product's levels to write, as planned by a flush: {@code targets} are the levels' figures
   * before the sales not yet heard of were taken off, {@code received} the SKU's units ever
   * received (null: the store's sales are not heard of), {@code pushed} the levels last pushed as
   * the plan read them, {@code readAt} when the availability planned from began to be read (epoch
   * ms; 0: unknown): of two flushes of one product, the figure of the later read is the one kept.
   */
  record Planned(
      Coalescer.Pending product,
      String sku,
      List<QuantityChange> changes,
      List<Integer> targets,
      Long received,
      Map<String, Integer> pushed,
      long readAt) {
    Planned(Coalescer.Pending product, String sku, List<QuantityChange> changes) {
      this(product, sku, changes, null, null, Map.of(), 0);
    }
  }

  /**
   * A plan made from the availability read at {@code readAt} (epoch ms) begins deciding {@code
   * keys} (level keys) at {@code now}: returns those with a write buffered or in flight, and from
   * then on a figure of them planned from an older read is not written (it would undo the newer
   * plan's decision, even one that found the level unchanged). Called before the plan reads what
   * the writes know of the levels ({@link #unseen}, {@link #expected}).
   */
  Set<String> planning(Collection<String> keys, long readAt, long now) {
    return Set.of();
  }

  /**
   * By level key, units the store took off on its own whose orders are not received yet, for levels
   * of {@code skuByKey} (level key to SKU) given the SKUs' units ever received.
   */
  Map<String, Integer> unseen(Map<String, String> skuByKey, Map<String, Long> receivedUnits) {
    return Map.of();
  }

  /**
   * By level key, what the store should hold now on levels of {@code skuByKey} it wrote before (its
   * last write less the sales received since that it had not held back): the figure a plan compares
   * with instead of the level last pushed, since the store takes its sales off itself.
   */
  Map<String, Integer> expected(Map<String, String> skuByKey, Map<String, Long> receivedUnits) {
    return Map.of();
  }

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
