package io.stockbridge.flow.stock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockbridge.event.NewWork;
import io.stockbridge.flow.EventRouter;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.queue.WorkQueue;
import io.stockbridge.sync.CatalogProduct;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What becomes of a product a store does not have, chosen once per store when the flows are wired.
 * Thread-safe.
 */
public abstract class MissingProducts {
  MissingProducts() {}

  /**
   * The product is created on the store first: its creation is routed like any event ({@link
   * FlowKinds#PRODUCT_MISSING}, to the store's {@code product.sync}, ordered with the product's
   * other product items) and the stock item waits until the product flow releases it. Without a
   * route (the store's products flow is off) the product is refused.
   */
  public static MissingProducts createdThrough(EventRouter router, WorkQueue queue, Clock clock) {
    return new Created(router, queue, clock);
  }

  /** A store in shadow mode creates nothing, so nothing would ever release a parked item. */
  public static MissingProducts notCreatedInShadow() {
    return new Shadow();
  }

  /** The outcome for {@code product}, missing on {@code store}, asked for by {@code eventId}. */
  abstract ProductOutcome missing(String store, CatalogProduct product, Long eventId);

  private static final class Shadow extends MissingProducts {
    @Override
    ProductOutcome missing(String store, CatalogProduct product, Long eventId) {
      return new ProductOutcome.Unchanged(
          "shadow: SKU "
              + product.sku()
              + " is not on the store; its stock would follow its creation");
    }
  }

  private static final class Created extends MissingProducts {
    /** A product's creation is asked for at most once in this time per store. */
    private static final Duration TRIGGER_MEMORY = Duration.ofMinutes(1);

    /** Remembered creations above which the expired ones are forgotten. */
    private static final int MEMORY_SWEEP = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventRouter router;
    private final WorkQueue queue;
    private final Clock clock;
    private final Map<String, Long> recentlyTriggered = new ConcurrentHashMap<>();

    Created(EventRouter router, WorkQueue queue, Clock clock) {
      this.router = router;
      this.queue = queue;
      this.clock = clock;
    }

    @Override
    ProductOutcome missing(String store, CatalogProduct product, Long eventId) {
      long now = clock.millis();
      List<NewWork> routed =
          router
              .route(
                  FlowKinds.STOCKBRIDGE,
                  FlowKinds.PRODUCT_MISSING,
                  Long.toString(product.productId()),
                  store,
                  now)
              .stream()
              .filter(w -> FlowKinds.PRODUCT_SYNC.equals(w.kind()))
              .toList();
      if (routed.isEmpty()) {
        return new ProductOutcome.Rejected(
            "SKU " + product.sku() + " is not on the store and its products flow is off");
      }
      String dependency = FlowKinds.productOnStore(store, product.productId());
      Long last = recentlyTriggered.get(dependency);
      if (last == null || last + TRIGGER_MEMORY.toMillis() < now) {
        recentlyTriggered.put(dependency, now);
        ObjectNode args = JSON.createObjectNode();
        args.put("productIds", Long.toString(product.productId()));
        args.put("reason", "stock waiting");
        queue.enqueue(
            routed.stream()
                .map(
                    w ->
                        new NewWork(
                            eventId,
                            w.kind(),
                            w.itemKey(),
                            w.store(),
                            w.priority(),
                            w.runAfter(),
                            w.maxAttempts(),
                            args.toString(),
                            w.exclusiveKey()))
                .toList(),
            now);
        if (recentlyTriggered.size() > MEMORY_SWEEP) {
          recentlyTriggered.values().removeIf(at -> at + TRIGGER_MEMORY.toMillis() < now);
        }
      }
      return new ProductOutcome.Waiting(
          dependency, "SKU " + product.sku() + " is not on the store yet; creating it there first");
    }
  }
}
