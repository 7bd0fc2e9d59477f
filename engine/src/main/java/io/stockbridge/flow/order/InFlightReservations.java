package io.stockbridge.flow.order;

import io.stockbridge.flow.stock.HeldBack;
import io.stockbridge.order.OrderStore;
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
  private final java.util.function.Function<String, String> shopDomain;

  /**
   * @param shopDomain a store's shop domain ({@code <shop>.myshopify.com}), as its webhooks name
   *     it; null for a store that does not run the orders flow
   */
  public InFlightReservations(
      OrderStore orders, java.util.function.Function<String, String> shopDomain) {
    this.orders = orders;
    this.shopDomain = shopDomain;
  }

  @Override
  public Map<String, Integer> unitsBySku(
      String store, Collection<String> skus, long readStartedAt) {
    return reservations(store, skus, readStartedAt).units();
  }

  /**
   * Orders whose webhook is stored but not yet handled count too (the queue may hold them a while
   * during a sale, and Shopify has already taken their units off), read in the same statement as
   * the recorded orders' lines so that an order handled meanwhile counts exactly once; with the
   * units ever received per SKU, by which the stock writes tell the sales they have heard of.
   */
  @Override
  public Reservations reservations(String store, Collection<String> skus, long readStartedAt) {
    String domain = shopDomain.apply(store);
    if (domain == null) {
      return new Reservations(Map.of(), null);
    }
    if (skus.isEmpty()) {
      return new Reservations(Map.of(), Map.of());
    }
    OrderStore.Reservations read = orders.reservations(store, domain, skus, readStartedAt);
    return new Reservations(read.held(), read.receivedUnits());
  }
}
