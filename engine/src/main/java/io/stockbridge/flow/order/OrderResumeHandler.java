package io.stockbridge.flow.order;

import io.stockbridge.event.EventRecord;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.idset.IdSet;
import io.stockbridge.order.OrderStore;
import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.sync.SyncContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code order.resume}: Brightpearl created products; orders parked on one of their SKUs are
 * released and run again. Costs nothing while no order is parked (one database read); otherwise the
 * new products' SKUs come from the catalog (read from Brightpearl if not known). Thread-safe.
 */
public final class OrderResumeHandler implements WorkHandler {
  private final SyncContext context;
  private final OrderStore orders;

  OrderResumeHandler(SyncContext context, OrderStore orders) {
    this.context = context;
    this.orders = orders;
  }

  @Override
  public String kind() {
    return FlowKinds.ORDER_RESUME;
  }

  @Override
  public List<Outcome> handle(List<WorkItem> items) {
    List<Outcome> outcomes = new ArrayList<>();
    Set<String> parked;
    try {
      parked = new HashSet<>(orders.parkedSkus());
    } catch (RuntimeException e) {
      return items.stream().map(i -> Outcome.of(e)).toList();
    }
    for (EventRecord event :
        context
            .events()
            .findAll(
                items.stream()
                    .map(WorkItem::eventId)
                    .filter(java.util.Objects::nonNull)
                    .toList())) {
      if (parked.isEmpty()) {
        break;
      }
      try {
        IdSet ids = IdSet.parse(event.key());
        for (CatalogProduct product : context.catalog().catalog(ids.ids()).values()) {
          if (product.sku() != null && parked.remove(product.sku())) {
            context
                .queue()
                .release(FlowKinds.skuInBrightpearl(product.sku()), context.clock().millis());
          }
        }
      } catch (RuntimeException e) {
        return items.stream().map(i -> Outcome.of(e)).toList();
      }
    }
    for (WorkItem item : items) {
      outcomes.add(new Outcome.Done("parked orders checked"));
    }
    return outcomes;
  }
}
