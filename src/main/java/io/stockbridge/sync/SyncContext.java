package io.stockbridge.sync;

import io.stockbridge.config.BulkSettings;
import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.brightpearl.BrightpearlAuth;
import io.stockbridge.connector.brightpearl.BrightpearlClient;
import io.stockbridge.connector.brightpearl.BrightpearlSettings;
import io.stockbridge.connector.shopify.LocationRef;
import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.connector.shopify.ShopifySettings;
import io.stockbridge.event.EventLog;
import io.stockbridge.queue.WorkQueue;
import io.stockbridge.ratelimit.BudgetStateStore;
import io.stockbridge.time.Sleeper;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the flows of one node share: the configuration, the sync state, one Brightpearl client and
 * one Shopify connector per store (each owns its HTTP client and rate budget, shared with other
 * nodes through {@code budgets}), and each store's resolved location mapping. Thread-safe; close
 * once.
 */
public final class SyncContext implements AutoCloseable {
  private final SyncConfig config;
  private final SyncState state;
  private final EventLog events;
  private final WorkQueue queue;
  private final Clock clock;
  private final BrightpearlClient warehouse;
  private final Map<String, ShopifyConnector> stores = new LinkedHashMap<>();
  private final Map<String, Map<String, List<Long>>> resolvedLocations = new ConcurrentHashMap<>();
  private final CatalogReader catalog;
  private final HeldBack heldBack;

  public SyncContext(
      SyncConfig config,
      SyncState state,
      EventLog events,
      WorkQueue queue,
      BudgetStateStore budgets,
      Clock clock) {
    this(config, state, events, queue, budgets, clock, HeldBack.NONE);
  }

  /** A context whose stock pushes hold back {@code heldBack} (orders still in flight). */
  public SyncContext(
      SyncConfig config,
      SyncState state,
      EventLog events,
      WorkQueue queue,
      BudgetStateStore budgets,
      Clock clock,
      HeldBack heldBack) {
    this.heldBack = heldBack;
    if (!config.isConfigured()) {
      throw new IllegalArgumentException("no warehouse and stores are configured");
    }
    this.config = config;
    this.state = state;
    this.events = events;
    this.queue = queue;
    this.clock = clock;
    this.warehouse = new BrightpearlClient(brightpearlSettings(config.warehouse().get()), budgets);
    this.catalog = new CatalogReader(this);
    for (SyncConfig.Store store : config.stores().values()) {
      stores.put(
          store.name(),
          new ShopifyConnector(
              shopifySettings(store), bulkSettings(store), budgets, clock, Sleeper.SYSTEM));
    }
  }

  public static BrightpearlSettings brightpearlSettings(SyncConfig.Warehouse warehouse) {
    BrightpearlAuth auth =
        warehouse.token().isPresent()
            ? new BrightpearlAuth.OAuth(
                warehouse.token().get(), warehouse.appRef(), warehouse.devRef().orElse(""))
            : new BrightpearlAuth.PrivateApp(warehouse.appRef(), warehouse.accountToken().get());
    return BrightpearlSettings.builder()
        .baseUrl(warehouse.baseUrl())
        .accountCode(warehouse.account())
        .auth(auth)
        .requestsPerMinute(warehouse.requestsPerMinute())
        .maxIdsPerAvailabilityCall(warehouse.availabilityBatch())
        .build();
  }

  /** The store's bulk settings: its configured concurrency and start wait, default deadlines. */
  public static BulkSettings bulkSettings(SyncConfig.Store store) {
    return BulkSettings.DEFAULTS
        .withConcurrency(store.bulk().concurrency())
        .withStartWait(store.bulk().startWait());
  }

  public static ShopifySettings shopifySettings(SyncConfig.Store store) {
    ShopifySettings settings =
        ShopifySettings.of(store.shop(), store.accessToken()).withApiVersion(store.apiVersion());
    return store.baseUrl().map(url -> settings.withBaseUrl(URI.create(url))).orElse(settings);
  }

  public SyncConfig config() {
    return config;
  }

  public SyncState state() {
    return state;
  }

  public EventLog events() {
    return events;
  }

  public WorkQueue queue() {
    return queue;
  }

  public Clock clock() {
    return clock;
  }

  public BrightpearlClient warehouse() {
    return warehouse;
  }

  /** Catalog facts, category tree and brands, read from Brightpearl only when not known. */
  public CatalogReader catalog() {
    return catalog;
  }

  /** Units held back from the stores per SKU (orders in flight); {@link HeldBack#NONE} if none. */
  public HeldBack heldBack() {
    return heldBack;
  }

  public SyncConfig.Store store(String name) {
    SyncConfig.Store store = config.stores().get(name);
    if (store == null) {
      throw new IllegalArgumentException("unknown store '" + name + "'");
    }
    return store;
  }

  public ShopifyConnector shopify(String store) {
    ShopifyConnector connector = stores.get(store);
    if (connector == null) {
      throw new IllegalArgumentException("unknown store '" + store + "'");
    }
    return connector;
  }

  /**
   * The store's location mapping with Shopify location global ids as keys: configured names are
   * resolved with one {@code locations} query, then remembered.
   *
   * @throws IllegalStateException naming a configured location the store does not have
   */
  public Map<String, List<Long>> locations(String store) {
    return resolvedLocations.computeIfAbsent(store, this::resolveLocations);
  }

  private Map<String, List<Long>> resolveLocations(String storeName) {
    SyncConfig.Store store = store(storeName);
    boolean allIds =
        store.locations().keySet().stream().allMatch(k -> k.startsWith("gid://shopify/Location/"));
    if (allIds) {
      return store.locations();
    }
    List<LocationRef> known = shopify(storeName).locations();
    Map<String, List<Long>> resolved = new LinkedHashMap<>();
    store
        .locations()
        .forEach(
            (configured, warehouses) -> {
              LocationRef match =
                  known.stream()
                      .filter(l -> l.id().equals(configured) || l.name().equals(configured))
                      .findFirst()
                      .orElseThrow(
                          () ->
                              new IllegalStateException(
                                  "stores."
                                      + storeName
                                      + ".locations: store has no location '"
                                      + configured
                                      + "' (it has "
                                      + known.stream().map(LocationRef::name).toList()
                                      + ")"));
              resolved.put(match.id(), warehouses);
            });
    return Map.copyOf(resolved);
  }

  @Override
  public void close() {
    warehouse.close();
  }
}
