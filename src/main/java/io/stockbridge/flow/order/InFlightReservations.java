package io.stockbridge.flow.order;

import io.stockbridge.order.OrderStore;
import io.stockbridge.sync.HeldBack;
import java.util.Collection;
import java.util.Map;

/**
 * No oversell: the quantities of orders a store took that Brightpearl's figure may not include yet,
 * held back from what the stock flow pushes to that store and from what reconciliation expects. An
 * order's lines count from the moment it is received until Brightpearl reflects it (it answered the
 * sales order's creation, which allocates its stock); a figure read before that answer may still
 * lack it, so lines of orders reflected after the read began count too. Thread-safe.
 */
public final class InFlightReservations implements HeldBack {
  private final OrderStore orders;

  public InFlightReservations(OrderStore orders) {
    this.orders = orders;
  }

  @Override
  public Map<String, Integer> units(String store, Collection<String> skus, long readStartedAt) {
    return skus.isEmpty() ? Map.of() : orders.inFlight(store, skus, readStartedAt);
  }

  @Override
  public Map<String, Integer> allUnits(String store, long readStartedAt) {
    return orders.allInFlight(store, readStartedAt);
  }
}
