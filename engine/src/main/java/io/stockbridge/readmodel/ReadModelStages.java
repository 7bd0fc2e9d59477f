package io.stockbridge.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.batch.Batch;
import io.stockbridge.batch.BatchListener;
import io.stockbridge.flow.FlowKinds;
import io.stockbridge.flow.KeyOrder;
import io.stockbridge.flow.Route;
import io.stockbridge.idset.IdSet;
import io.stockbridge.queue.Outcome;
import io.stockbridge.queue.WorkHandler;
import io.stockbridge.queue.WorkItem;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The handler of {@code readmodel.rebuild} items (on-demand requests, a warehouse category change,
 * a completed batch that names the store, a warehouse product change: an in-place update). The
 * items of one claim are grouped by store: each store gets at most one rebuild (or one in-place
 * refresh of the products its items name, when none asks for a rebuild), on a virtual thread of its
 * own, so a large store's rebuild never holds up a small one's. Also the {@link BatchListener} that
 * queues the rebuilds a completed batch names. Thread-safe.
 */
public final class ReadModelStages implements WorkHandler, BatchListener {
  public static final String KIND = "readmodel.rebuild";

  /** How long to wait when another build of the store holds the claim. */
  static final Duration BUSY_RETRY = Duration.ofSeconds(5);

  private final ReadModelBuilder builder;
  private final ReadModelRequests requests;
  private final Set<String> stores;
  private final Clock clock;

  public ReadModelStages(
      ReadModelBuilder builder, ReadModelRequests requests, Set<String> stores, Clock clock) {
    this.builder = builder;
    this.requests = requests;
    this.stores = Set.copyOf(stores);
    this.clock = clock;
  }

  /**
   * Routes a warehouse category change to a rebuild of every store's read model, and a warehouse
   * product change to an in-place update of the products it names, for the stores that run the
   * product flow ({@code productStores}): those items share the product flow's ordered key, so they
   * run after the product flow has read the product into the catalog.
   */
  public static List<Route> routes(Set<String> stores, Set<String> productStores) {
    List<Route> routes = new ArrayList<>();
    for (String store : productStores) {
      for (String type :
          List.of(
              FlowKinds.PRODUCT_CREATED, FlowKinds.PRODUCT_MODIFIED, FlowKinds.PRODUCT_DESTROYED)) {
        routes.add(
            new Route(
                FlowKinds.BRIGHTPEARL,
                type,
                KIND,
                ReadModelRequests.PRIORITY,
                KeyOrder.ordered(FlowKinds.PRODUCT_SYNC),
                store,
                false));
      }
    }
    for (String store : stores) {
      for (String type :
          List.of(
              "brightpearl-category.created",
              FlowKinds.CATEGORY_MODIFIED,
              "brightpearl-category.destroyed")) {
        routes.add(
            new Route(
                FlowKinds.BRIGHTPEARL,
                type,
                KIND,
                ReadModelRequests.PRIORITY,
                KeyOrder.NONE,
                store,
                false));
      }
    }
    return routes;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void completed(Batch batch) {
    for (String store : batch.rebuildStores()) {
      if (stores.contains(store)) {
        requests.rebuild(store, "batch " + batch.id() + " completed", clock.millis());
      }
    }
  }

  @Override
  public List<Outcome> handle(List<WorkItem> items) {
    Map<String, List<Integer>> byStore = new LinkedHashMap<>();
    Outcome[] outcomes = new Outcome[items.size()];
    for (int i = 0; i < items.size(); i++) {
      WorkItem item = items.get(i);
      if (item.store() == null || !stores.contains(item.store())) {
        outcomes[i] =
            new Outcome.Dead(
                "no configured store '" + item.store() + "' to build a read model for");
      } else {
        byStore.computeIfAbsent(item.store(), s -> new ArrayList<>()).add(i);
      }
    }
    try (ExecutorService perStore = Executors.newVirtualThreadPerTaskExecutor()) {
      Map<String, Future<Outcome>> running = new LinkedHashMap<>();
      for (Map.Entry<String, List<Integer>> entry : byStore.entrySet()) {
        List<WorkItem> mine = entry.getValue().stream().map(items::get).toList();
        running.put(entry.getKey(), perStore.submit(() -> runStore(entry.getKey(), mine)));
      }
      for (Map.Entry<String, List<Integer>> entry : byStore.entrySet()) {
        Outcome outcome;
        try {
          outcome = running.get(entry.getKey()).get();
        } catch (java.util.concurrent.ExecutionException e) {
          outcome = Outcome.of(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          outcome = Outcome.of(e);
        }
        for (int index : entry.getValue()) {
          outcomes[index] = outcome;
        }
      }
    }
    return List.of(outcomes);
  }

  private Outcome runStore(String store, List<WorkItem> items) {
    Set<Long> productIds = new LinkedHashSet<>();
    boolean rebuild = false;
    boolean fresh = false;
    boolean rebuildIfLive = false;
    for (WorkItem item : items) {
      JsonNode args = args(item);
      JsonNode ids = args.path("productIds");
      boolean productEvent =
          item.args() == null
              && item.itemKey() != null
              && item.itemKey().startsWith(FlowKinds.PRODUCT_SYNC + "|");
      if (ids.isArray()) {
        ids.forEach(id -> productIds.add(id.asLong()));
      } else if (productEvent) {
        // A product event never reads the warehouse itself: the product flow has just done so.
        List<Long> named = productsOfKey(item.itemKey());
        if (named == null) {
          rebuildIfLive = true;
        } else {
          productIds.addAll(named);
        }
      } else {
        rebuild = true;
        fresh |= args.path("fresh").asBoolean(true);
      }
    }
    try {
      if (!rebuild) {
        if (!builder.hasLiveModel(store)) {
          return new Outcome.Done(
              "store " + store + " has no read model yet; its first rebuild will hold this");
        }
        if (!rebuildIfLive) {
          builder.refresh(store, List.copyOf(productIds));
          return new Outcome.Done(
              "read model of " + store + ": " + productIds.size() + " product(s) updated in place");
        }
      }
      ReadModelBuilder.Result result = builder.rebuild(store, fresh);
      if (!result.built()) {
        return new Outcome.RetryAfter(
            BUSY_RETRY, "another build of store " + store + "'s read model is running");
      }
      return new Outcome.Done(
          "read model of "
              + store
              + " rebuilt: version "
              + result.version()
              + ", "
              + result.categories()
              + " categories, "
              + result.products()
              + " product rows in "
              + result.millis()
              + " ms");
    } catch (RuntimeException e) {
      return Outcome.of(e);
    }
  }

  /**
   * The product ids of a product event's item key ({@code product.sync|<store>|<ID set>}), or null
   * when the key names none (no key, or one stored as its hash because it was long).
   */
  static List<Long> productsOfKey(String itemKey) {
    String prefix = FlowKinds.PRODUCT_SYNC + "|";
    if (itemKey == null || !itemKey.startsWith(prefix)) {
      return null;
    }
    int cut = itemKey.indexOf('|', prefix.length());
    if (cut < 0) {
      return null;
    }
    try {
      return IdSet.parse(itemKey.substring(cut + 1), 100_000).ids();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static JsonNode args(WorkItem item) {
    if (item.args() == null) {
      return io.stockbridge.http.Json.MAPPER.createObjectNode();
    }
    try {
      return io.stockbridge.http.Json.MAPPER.readTree(item.args());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return io.stockbridge.http.Json.MAPPER.createObjectNode();
    }
  }
}
