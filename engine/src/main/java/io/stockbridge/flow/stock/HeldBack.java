package io.stockbridge.flow.stock;

import java.util.Collection;
import java.util.Map;

/**
 * Units held back from what a store is told, per SKU, on top of its safety stock: for example the
 * quantities of the store's orders still on their way to Brightpearl, which the warehouse's figures
 * do not show yet ({@code flow.order.InFlightReservations}). The stock plan subtracts a SKU's units
 * from each of its locations' levels, never below 0; reconciliation expects the same levels.
 * Implementations are thread-safe and may read a database; {@link #NONE} holds nothing back.
 */
@FunctionalInterface
public interface HeldBack {
  /** Holds nothing back. */
  HeldBack NONE = (store, skus, readStartedAt) -> Map.of();

  /**
   * Units held back on {@code store} for those of {@code skus} that have any (a SKU left out holds
   * back nothing; a negative figure counts as 0), for levels computed from warehouse figures whose
   * read began at {@code readStartedAt} (epoch milliseconds; a figure read before an order reached
   * the warehouse may lack it). Called once per store and flush.
   */
  Map<String, Integer> unitsBySku(String store, Collection<String> skus, long readStartedAt);

  /**
   * {@link #unitsBySku} with the units of the store's orders ever received per SKU, read together;
   * {@code receivedUnits} is null when the store's sales are never heard of here (it runs no order
   * flow): a fall of its levels on Shopify is then no sale to wait for.
   */
  default Reservations reservations(String store, Collection<String> skus, long readStartedAt) {
    return new Reservations(unitsBySku(store, skus, readStartedAt), null);
  }

  /**
   * Units held back by SKU, and every unit of the store's orders received by SKU (a counter that
   * only grows; null: not known, see {@link #reservations}).
   */
  record Reservations(Map<String, Integer> units, Map<String, Long> receivedUnits) {}
}
