package io.stockbridge.flow.stock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.brightpearl.BrightpearlClient;
import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.event.EventLog;
import io.stockbridge.event.EventRecord;
import io.stockbridge.flow.Backlog;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.idset.IdSet;
import io.stockbridge.idset.InvalidIdSetException;
import io.stockbridge.observe.Scoped;
import io.stockbridge.observe.Tracing;
import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.queue.WorkItem;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.sync.CatalogReader;
import io.stockbridge.sync.SyncState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The stock flow: warehouse availability to every store's locations. Each item (one event, one
 * store) names products; their changes are coalesced across items and stores by the {@link
 * Coalescer}, flushed by {@link StockPush} (read, plan, write), and each item's outcome is made of
 * its products' outcomes: one bad SKU fails only the items that name it. Thread-safe; close once.
 */
public final class StockFlow implements WorkHandler, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Sources sources;
  private final Coalescer coalescer;
  private final StockPush push;

  /**
   * What the flow reads through: Brightpearl (availability, a SKU's product), the catalog facts,
   * the sync state (id maps, pushed levels) and the event log (items' events, write batches).
   */
  public record Sources(
      BrightpearlClient warehouse, CatalogReader catalog, SyncState state, EventLog events) {}

  /**
   * One store as the stock flow sees it, chosen when the flows are wired: its Shopify connector
   * (asked by SKU for products its id map lacks), its location mapping (resolved on first use,
   * which may ask the store), where its levels go and what becomes of products it does not have.
   */
  public record Store(
      ShopifyConnector shopify,
      Supplier<Map<String, List<Long>>> locations,
      StoreWrites writes,
      MissingProducts missing) {}

  /**
   * @param config the warehouse (formula, availability batch), the stores (safety stock) and the
   *     coalescing timing
   * @param stores by name, every store whose items this flow may get
   * @param heldBack units held back per SKU on top of the stores' safety stock
   */
  public StockFlow(
      SyncConfig config,
      Sources sources,
      Map<String, Store> stores,
      HeldBack heldBack,
      Backlog backlog,
      Clock clock) {
    this.sources = sources;
    Map<String, StockPush.Target> targets = new LinkedHashMap<>();
    stores.forEach(
        (name, store) ->
            targets.put(
                name, new StockPush.Target(store.shopify(), store.writes(), store.missing())));
    SyncConfig.Warehouse warehouse = config.warehouse().orElseThrow();
    Map<String, Store> byName = Map.copyOf(stores);
    this.push =
        new StockPush(
            new StockReads(
                sources.warehouse(), sources.catalog(), sources.state(), heldBack, clock),
            targets,
            name ->
                new StockPlan.Settings(
                    warehouse.formula(),
                    config.stores().get(name).safetyStock(),
                    byName.get(name).locations().get()),
            clock);
    this.coalescer =
        new Coalescer(config.timing(), warehouse.availabilityBatch(), backlog, clock, push).start();
  }

  /** Products waiting in the coalescer for their flush (the coalescer's backlog). */
  public int coalescerBacklog() {
    return coalescer.pendingProducts();
  }

  /** Levels waiting in each store's write buffer for a call, by store. */
  public Map<String, Integer> writeBufferFill() {
    return push.bufferedLevels();
  }

  @Override
  public String kind() {
    return FlowKinds.STOCK_SYNC;
  }

  @Override
  public List<Outcome> handle(List<WorkItem> items) {
    Map<Long, EventRecord> events = new HashMap<>();
    List<Long> eventIds =
        items.stream().map(WorkItem::eventId).filter(java.util.Objects::nonNull).toList();
    if (!eventIds.isEmpty()) {
      sources.events().findAll(eventIds).forEach(e -> events.put(e.id(), e));
    }
    List<Object> pendingOrOutcome = new ArrayList<>(items.size());
    for (WorkItem item : items) {
      // In the item's own trace and logging context: the coalescer keeps it for the flush.
      try (Scoped scoped = Tracing.item(item.id())) {
        Resolved resolved = products(item, events.get(item.eventId()));
        if (resolved.problem() != null) {
          pendingOrOutcome.add(new Outcome.Dead(resolved.problem()));
          continue;
        }
        long changedAt = item.createdAt();
        List<CompletableFuture<ProductOutcome>> futures = new ArrayList<>();
        for (long productId : resolved.productIds()) {
          futures.add(coalescer.submit(item.store(), productId, changedAt, item.eventId()));
        }
        pendingOrOutcome.add(futures);
      }
    }
    List<Outcome> outcomes = new ArrayList<>(items.size());
    for (Object entry : pendingOrOutcome) {
      if (entry instanceof Outcome outcome) {
        outcomes.add(outcome);
      } else {
        @SuppressWarnings("unchecked")
        List<CompletableFuture<ProductOutcome>> futures =
            (List<CompletableFuture<ProductOutcome>>) entry;
        outcomes.add(combine(futures.stream().map(CompletableFuture::join).toList()));
      }
    }
    return outcomes;
  }

  /**
   * The item's outcome from its products': errors (a throttle or retry-later answer is a
   * retry-after, like everywhere), then rejections, waits, retries; else done.
   */
  static Outcome combine(List<ProductOutcome> results) {
    List<String> pushed = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    ProductOutcome.Waiting waiting = null;
    ProductOutcome.Retry retry = null;
    int unchanged = 0;
    for (ProductOutcome result : results) {
      switch (result) {
        case ProductOutcome.Error error -> {
          return Outcome.of(error.cause());
        }
        case ProductOutcome.Rejected r -> rejected.add(r.reason());
        case ProductOutcome.Waiting w -> waiting = waiting == null ? w : waiting;
        case ProductOutcome.Retry r ->
            retry = retry == null || r.delay().compareTo(retry.delay()) > 0 ? r : retry;
        case ProductOutcome.Pushed p -> pushed.add(p.detail());
        case ProductOutcome.Unchanged u -> unchanged++;
      }
    }
    String done =
        summary(pushed, unchanged)
            + (rejected.isEmpty() ? "" : "; rejected: " + String.join("; ", rejected));
    if (!rejected.isEmpty()) {
      return new Outcome.Dead(done);
    }
    if (waiting != null) {
      return new Outcome.WaitFor(waiting.dependencyKey(), waiting.reason());
    }
    if (retry != null) {
      return new Outcome.RetryAfter(retry.delay(), retry.reason());
    }
    return new Outcome.Done(done);
  }

  private static String summary(List<String> pushed, int unchanged) {
    StringBuilder text = new StringBuilder();
    if (!pushed.isEmpty()) {
      int shown = Math.min(3, pushed.size());
      text.append(String.join("; ", pushed.subList(0, shown)));
      if (pushed.size() > shown) {
        text.append("; and ").append(pushed.size() - shown).append(" more");
      }
    }
    if (unchanged > 0) {
      if (!text.isEmpty()) {
        text.append("; ");
      }
      text.append(unchanged).append(" product(s) unchanged");
    }
    return text.isEmpty() ? "nothing to write" : text.toString();
  }

  /** The products an item is about, or why it names none. */
  record Resolved(Set<Long> productIds, String problem) {}

  Resolved products(WorkItem item, EventRecord event) {
    Optional<String> fromArgs = argsIds(item.args());
    String key = fromArgs.orElse(event == null ? null : event.key());
    if (key == null || key.isBlank()) {
      return new Resolved(
          Set.of(), "no products named: the event has no key and the item no productIds");
    }
    try {
      return new Resolved(new LinkedHashSet<>(IdSet.parse(key).ids()), null);
    } catch (InvalidIdSetException e) {
      // A generic event may name a SKU instead of product ids.
      Optional<CatalogProduct> bySku = sources.state().catalogBySku(key.strip());
      if (bySku.isEmpty()) {
        bySku = findBySku(key.strip());
      }
      return bySku
          .map(p -> new Resolved(Set.of(p.productId()), null))
          .orElseGet(
              () ->
                  new Resolved(
                      Set.of(),
                      "key '"
                          + abbreviate(key)
                          + "' is neither a product ID set nor a SKU the warehouse knows"));
    }
  }

  private Optional<CatalogProduct> findBySku(String sku) {
    List<Map<String, Object>> rows = sources.warehouse().searchAllProducts(Map.of("SKU", sku));
    for (Map<String, Object> row : rows) {
      Object id = row.get("productId");
      if (id instanceof Number number) {
        return Optional.ofNullable(
            sources.catalog().catalog(List.of(number.longValue())).get(number.longValue()));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> argsIds(String args) {
    if (args == null || args.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(args).path("productIds");
      return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "..." : text;
  }

  /** Products waiting in the coalescer (for tests and figures). */
  public int pendingProducts() {
    return coalescer.pendingProducts();
  }

  static Duration retrySoon() {
    return Duration.ofSeconds(1);
  }

  @Override
  public void close() {
    coalescer.close();
  }
}
