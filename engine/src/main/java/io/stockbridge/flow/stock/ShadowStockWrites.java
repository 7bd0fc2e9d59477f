package io.stockbridge.flow.stock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockbridge.connector.shopify.QuantityChange;
import io.stockbridge.event.EventLog;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.sync.ShadowWrite;
import io.stockbridge.sync.SyncState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A store in shadow mode: each flush's levels become one batch of shadow writes (target and body of
 * the {@code inventorySetQuantities} line it would send), nothing is sent and nothing is recorded
 * as pushed; the products' items succeed at once. Thread-safe.
 */
final class ShadowStockWrites extends StoreWrites {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String store;
  private final SyncState state;
  private final EventLog events;

  ShadowStockWrites(String store, SyncState state, EventLog events) {
    this.store = store;
    this.state = state;
    this.events = events;
  }

  @Override
  void submit(List<Planned> writes, long plannedAt) {
    if (writes.isEmpty()) {
      return;
    }
    Set<Long> eventIds = new LinkedHashSet<>();
    int levels = 0;
    for (Planned write : writes) {
      write.product().eventIds(store, eventIds);
      levels += write.changes().size();
    }
    long batchId = events.createBatch(batchName(store, eventIds), levels, plannedAt);
    String reference = BATCH_REFERENCE + batchId;
    List<ShadowWrite> recorded = new ArrayList<>();
    for (Planned write : writes) {
      Long eventId = write.product().firstEventId(store);
      List<String> set = new ArrayList<>();
      for (QuantityChange change : write.changes()) {
        recorded.add(
            new ShadowWrite(
                0,
                store,
                eventId,
                FlowKinds.STOCK_SYNC,
                "inventorySetQuantities " + write.sku() + " @ " + change.locationId(),
                body(change, reference),
                plannedAt));
        set.add(change.quantity() + " at " + shortLocation(change.locationId()));
      }
      write
          .product()
          .complete(
              store,
              new ProductOutcome.Pushed(
                  "shadow: would set SKU "
                      + write.sku()
                      + " to "
                      + String.join(", ", set)
                      + "; not sent"));
    }
    state.recordShadowWrites(recorded);
  }

  private static String body(QuantityChange change, String reference) {
    ObjectNode body = JSON.createObjectNode();
    body.put("inventoryItemId", change.inventoryItemId());
    body.put("locationId", change.locationId());
    body.put("quantity", change.quantity());
    body.put("referenceDocumentUri", reference);
    return body.toString();
  }

  @Override
  void writeLeftovers(Coalescer policy) {}

  @Override
  int buffered() {
    return 0;
  }
}
