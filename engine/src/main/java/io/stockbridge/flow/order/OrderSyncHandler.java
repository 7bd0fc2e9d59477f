package io.stockbridge.flow.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.config.SyncConfig;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.Payload;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.sync.SyncContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code order.sync}: Shopify's {@code orders/create} and {@code orders/updated} (an order not yet
 * in Brightpearl becomes a sales order), {@code orders/cancelled}, {@code refunds/create} and the
 * catch-up poll's {@code order.catch-up} events, for one store. Items of one order run one at a
 * time in order on any node ({@code KeyOrder.ordered} on the order id). Events of another shop than
 * the item's store's are done without effect. Thread-safe.
 */
public final class OrderSyncHandler implements WorkHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SyncContext context;
  private final OrderIn in;
  private final OrderChanges changes;
  private final OrderCatchUp catchUp;

  OrderSyncHandler(SyncContext context, OrderIn in, OrderChanges changes, OrderCatchUp catchUp) {
    this.context = context;
    this.in = in;
    this.changes = changes;
    this.catchUp = catchUp;
  }

  @Override
  public String kind() {
    return FlowKinds.ORDER_SYNC;
  }

  @Override
  public List<Outcome> handle(List<WorkItem> items) {
    Map<Long, EventRecord> events = new HashMap<>();
    List<Long> ids =
        items.stream().map(WorkItem::eventId).filter(java.util.Objects::nonNull).toList();
    for (EventRecord event : context.events().findAll(ids)) {
      events.put(event.id(), event);
    }
    // Items of one order are never claimed together (KeyOrder.ordered on the order id), so the
    // items of a claim run side by side: while one waits for Brightpearl's budget or answer the
    // others go on, and the budget is spent as fast as it frees.
    List<java.util.concurrent.CompletableFuture<Outcome>> running = new ArrayList<>();
    java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(PARALLEL_ORDERS);
    try (java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (WorkItem item : items) {
        EventRecord event = events.get(item.eventId());
        java.util.concurrent.CompletableFuture<Outcome> result =
            new java.util.concurrent.CompletableFuture<>();
        running.add(result);
        threads.execute(
            io.stockbridge.observe.Tracing.wrap(
                () -> {
                  try {
                    slots.acquire();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    result.complete(Outcome.of(e));
                    return;
                  }
                  try {
                    result.complete(handle(item, event));
                  } catch (RuntimeException | Error e) {
                    result.complete(Outcome.of(e));
                  } finally {
                    slots.release();
                  }
                }));
      }
    }
    return running.stream().map(java.util.concurrent.CompletableFuture::join).toList();
  }

  /** Orders of one claim handled at once. */
  static final int PARALLEL_ORDERS = 8;

  private Outcome handle(WorkItem item, EventRecord event) {
    if (event == null) {
      return new Outcome.Dead("event " + item.eventId() + " not found");
    }
    SyncConfig.Store store = context.config().stores().get(item.store());
    if (store == null || !store.runs(SyncConfig.ORDERS)) {
      return new Outcome.Dead("store '" + item.store() + "' does not run the orders flow");
    }
    if (FlowKinds.STOCKBRIDGE.equals(event.source())) {
      // The catch-up poll's event: read the order from Shopify now.
      Optional<ShopifyOrder> order = catchUp.read(store, event.key());
      return order
          .map(o -> in.run(store.name(), o, event.receivedAt()))
          .orElseGet(() -> new Outcome.Dead("order " + event.key() + " is not on " + store.shop()));
    }
    if (!shopOf(store).equals(event.store())) {
      return new Outcome.Done("for " + event.store() + ", not " + store.name());
    }
    JsonNode body = body(event);
    if (body == null) {
      return new Outcome.Dead("event " + event.id() + " has no readable JSON payload");
    }
    try {
      return switch (event.type()) {
        case FlowKinds.ORDERS_CREATE, FlowKinds.ORDERS_UPDATED -> {
          ShopifyOrder order = ShopifyOrder.fromWebhook(body);
          yield order.cancelled()
              ? changes.cancel(store, order)
              : in.run(store.name(), order, event.receivedAt());
        }
        case FlowKinds.ORDERS_CANCELLED -> changes.cancel(store, ShopifyOrder.fromWebhook(body));
        case FlowKinds.REFUNDS_CREATE -> changes.refund(store, body);
        default -> new Outcome.Done("no order action for " + event.type());
      };
    } catch (IllegalArgumentException e) {
      return new Outcome.Dead("event " + event.id() + ": " + e.getMessage());
    }
  }

  /** The shop domain Shopify names in its webhooks for {@code store}. */
  static String shopOf(SyncConfig.Store store) {
    return store.shop() + ".myshopify.com";
  }

  private JsonNode body(EventRecord event) {
    Optional<Payload> payload = context.events().payload(event.id());
    if (payload.isEmpty()) {
      return null;
    }
    try {
      return JSON.readTree(payload.get().body());
    } catch (IOException e) {
      return null;
    }
  }
}
