package io.stockbridge.sync;

import java.util.Collection;
import java.util.Map;

/**
 * Units the stock flow holds back from a store per SKU, on top of its safety stock: the quantities
 * of orders the store took that the warehouse's figure may not include yet (see {@code
 * flow.order.InFlightReservations}). Implementations are thread-safe.
 */
public interface HeldBack {
  /** Nothing held back. */
  HeldBack NONE =
      new HeldBack() {
        @Override
        public Map<String, Integer> units(
            String store, Collection<String> skus, long readStartedAt) {
          return Map.of();
        }

        @Override
        public Map<String, Integer> allUnits(String store, long readStartedAt) {
          return Map.of();
        }
      };

  /**
   * Units held back per SKU (absent: none) for a level computed from warehouse figures whose read
   * began at {@code readStartedAt} (epoch milliseconds).
   */
  Map<String, Integer> units(String store, Collection<String> skus, long readStartedAt);

  /** Every SKU held back on {@code store}, as {@link #units}. */
  Map<String, Integer> allUnits(String store, long readStartedAt);
}
