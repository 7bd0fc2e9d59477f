package io.stockbridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stockbridge.config.ConfigSource;
import io.stockbridge.config.Secret;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.brightpearl.BrightpearlClient;
import io.stockbridge.connector.brightpearl.StockbridgeWebhooks;
import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import io.stockbridge.server.StockbridgeNode;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulator;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulatorOptions;
import io.stockbridge.simulator.brightpearl.CatalogGenerator;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.simulator.shopify.ShopifySimulator;
import io.stockbridge.simulator.shopify.ShopifySimulatorOptions;
import io.stockbridge.simulator.shopify.SimulatedShop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A whole world on one machine: the Brightpearl and Shopify simulators as real HTTP servers, a
 * seeded catalog, and a Stockbridge node wired to both (configuration, Brightpearl webhooks to the
 * node). Used by the demo, the sync benchmarks and the end-to-end tests. Close once.
 */
public final class SyncLab implements AutoCloseable {
  public static final String ACCOUNT = "acme";
  public static final String WEBHOOK_SECRET = "lab-webhook-secret";
  public static final String API_KEY = "lab-operator-key";

  /** One store: its name, location name to warehouse ids, and extra YAML under the store. */
  public record StoreSpec(String name, Map<String, List<Long>> locations, String extraYaml) {
    public static StoreSpec of(String name, String location, Long... warehouses) {
      return new StoreSpec(name, Map.of(location, List.of(warehouses)), "");
    }

    public StoreSpec with(String yaml) {
      return new StoreSpec(name, locations, extraYaml + yaml);
    }
  }

  /**
   * What to build: catalog size, stores, the database URL and data directory, and extra top-level
   * YAML (e.g. {@code sync:} timing).
   */
  public record Spec(
      int products,
      int warehouses,
      List<StoreSpec> stores,
      String databaseUrl,
      Path dataDir,
      String extraYaml,
      int httpPort) {
    /** A lab whose node listens on a free port. */
    public Spec(
        int products,
        int warehouses,
        List<StoreSpec> stores,
        String databaseUrl,
        Path dataDir,
        String extraYaml) {
      this(products, warehouses, stores, databaseUrl, dataDir, extraYaml, 0);
    }
  }

  private final BrightpearlSimulator brightpearl;
  private final ShopifySimulator shopify;
  private final StockbridgeNode node;
  private final Map<String, Map<String, String>> locationIds = new LinkedHashMap<>();
  private final Spec spec;
  private final List<NodeProcess> otherNodes = new java.util.concurrent.CopyOnWriteArrayList<>();

  private SyncLab(Spec spec, java.util.function.Consumer<StockbridgeNode.Builder> extras) {
    this.spec = spec;
    this.brightpearl =
        BrightpearlSimulator.start(
            BrightpearlSimulatorOptions.builder()
                .accountCode(ACCOUNT)
                .webhookRetryDelay(java.time.Duration.ofMillis(500))
                // The lab's Brightpearl renders the specifier (its product.modified deliveries of
                // on-hand changes merge with the on-hand webhook's); tests of the simulator's
                // default show the case where it renders empty.
                .renderResourceSpecifier(true)
                .build());
    brightpearl
        .control()
        .seed(new CatalogGenerator.Spec(spec.products(), spec.warehouses(), 2, 20, 5, 0, 42));
    List<String> shops = spec.stores().stream().map(StoreSpec::name).toList();
    this.shopify = ShopifySimulator.start(ShopifySimulatorOptions.defaults().withShops(shops));
    for (StoreSpec store : spec.stores()) {
      Map<String, String> ids = new LinkedHashMap<>();
      for (String location : store.locations().keySet()) {
        ids.put(location, shopify.shop(store.name()).addLocation(location));
      }
      locationIds.put(store.name(), ids);
    }
    StockbridgeNode started = null;
    try {
      StockbridgeNode.Builder builder = StockbridgeNode.builder(config());
      extras.accept(builder);
      started = builder.start();
      new io.stockbridge.auth.ApiKeyVerifier(started.storage().accessKeys())
          .create(
              "lab-operator",
              io.stockbridge.auth.Role.OPERATOR,
              API_KEY,
              System.currentTimeMillis());
      registerWebhooks(started.port());
    } catch (RuntimeException e) {
      if (started != null) {
        started.close();
      }
      shopify.close();
      brightpearl.close();
      throw e;
    }
    this.node = started;
  }

  public static SyncLab start(Spec spec) {
    return new SyncLab(spec, builder -> {});
  }

  /** A lab whose node also runs what {@code extras} adds to its builder (handlers, routes). */
  public static SyncLab start(
      Spec spec, java.util.function.Consumer<StockbridgeNode.Builder> extras) {
    return new SyncLab(spec, extras);
  }

  private StockbridgeConfig config() {
    try {
      JsonNode root =
          new ObjectMapper(new YAMLFactory())
              .readTree(nodeYaml("lab-node", spec.dataDir(), spec.httpPort()));
      return StockbridgeConfig.from(new ConfigSource(root, Map.of()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The configuration of a node of this lab: the lab node's, with its own node id, data directory
   * and port (0: any free one). Other nodes on the lab's database (PostgreSQL) share its work.
   */
  public String nodeYaml(String nodeId, Path dataDir, int httpPort) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("dataDir: '").append(dataDir).append("'\n");
    yaml.append("database:\n  url: '").append(spec.databaseUrl()).append("'\n");
    yaml.append("http:\n  host: 127.0.0.1\n  port: ").append(httpPort).append('\n');
    yaml.append("node:\n  id: ").append(nodeId).append('\n');
    yaml.append("sources:\n  brightpearl:\n    accounts:\n      ")
        .append(ACCOUNT)
        .append(":\n        webhookSecret: ")
        .append(WEBHOOK_SECRET)
        .append('\n');
    // Shopify's webhooks (the order flows) are signed with the simulator's app secret.
    yaml.append("  shopify:\n    appSecret: ")
        .append(shopify.options().appSecret().reveal())
        .append('\n');
    BrightpearlSimulatorOptions bp = brightpearl.options();
    yaml.append("warehouse:\n")
        .append("  account: ")
        .append(ACCOUNT)
        .append('\n')
        .append("  baseUrl: ")
        .append(brightpearl.baseUrl())
        .append('\n')
        .append("  appRef: ")
        .append(bp.appRef())
        .append('\n')
        .append("  accountToken: ")
        .append(bp.accountToken().reveal())
        .append('\n');
    yaml.append("stores:\n");
    for (StoreSpec store : spec.stores()) {
      yaml.append("  ").append(store.name()).append(":\n");
      yaml.append("    baseUrl: ").append(shopify.shopBaseUrl(store.name())).append('\n');
      yaml.append("    accessToken: ")
          .append(shopify.options().accessToken().reveal())
          .append('\n');
      yaml.append("    locations:\n");
      store
          .locations()
          .forEach(
              (name, warehouses) ->
                  yaml.append("      '")
                      .append(name)
                      .append("': ")
                      .append(warehouses)
                      .append('\n'));
      yaml.append(store.extraYaml().indent(4));
    }
    yaml.append(spec.extraYaml()).append('\n');
    return yaml.toString();
  }

  private void registerWebhooks(int nodePort) {
    try (BrightpearlClient client =
        new BrightpearlClient(
            io.stockbridge.sync.SyncContext.brightpearlSettings(warehouseConfig()),
            new InMemoryBudgetStateStore())) {
      StockbridgeWebhooks.register(
          client,
          URI.create("http://127.0.0.1:" + nodePort + "/webhooks/brightpearl/" + ACCOUNT),
          Secret.of(WEBHOOK_SECRET));
    }
  }

  private SyncConfig.Warehouse warehouseConfig() {
    return config().sync().warehouse().orElseThrow();
  }

  public BrightpearlSimulator brightpearl() {
    return brightpearl;
  }

  public ShopifySimulator shopify() {
    return shopify;
  }

  public StockbridgeNode node() {
    return node;
  }

  /**
   * Starts another node, in a process of its own, on the lab's database (PostgreSQL: SQLite is one
   * node's), sharing the lab node's work, budgets and leader-only jobs; closed with the lab.
   */
  public NodeProcess startNode(String nodeId) {
    if (!spec.databaseUrl().startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "several nodes need PostgreSQL, not " + spec.databaseUrl());
    }
    NodeProcess started = NodeProcess.start(this, nodeId);
    otherNodes.add(started);
    return started;
  }

  public Spec spec() {
    return spec;
  }

  /**
   * Puts every warehouse product on every store (as a merchant's existing storefront would have
   * them), stocked at the store's locations with {@code available} units; Stockbridge learns their
   * ids by SKU.
   */
  public void seedStoresFromWarehouse(int available) {
    seedStoresFromWarehouse(available, sku -> true);
  }

  /**
   * Puts every warehouse product on every store already showing what it should (the state after a
   * completed sync), so that a measurement starts consistent.
   */
  public void seedStoresInSync() {
    for (StoreSpec store : spec.stores()) {
      SimulatedShop shop = shopify.shop(store.name());
      Map<String, Integer> expected = expectedLevels(store.name());
      for (SimData.Product product : brightpearl.catalog().allProducts()) {
        Map<String, Integer> levels = new LinkedHashMap<>();
        locationIds
            .get(store.name())
            .forEach(
                (name, id) -> levels.put(id, expected.getOrDefault(product.sku() + "@" + name, 0)));
        if (shop.inventoryItemOfSku(product.sku()) == null) {
          shop.addProduct(product.name(), List.of(product.sku()), levels);
        }
      }
    }
  }

  /** Like {@link #seedStoresFromWarehouse(int)}, for the SKUs {@code include} accepts only. */
  public void seedStoresFromWarehouse(int available, java.util.function.Predicate<String> include) {
    for (StoreSpec store : spec.stores()) {
      SimulatedShop shop = shopify.shop(store.name());
      Map<String, Integer> levels = new LinkedHashMap<>();
      locationIds.get(store.name()).values().forEach(id -> levels.put(id, available));
      for (SimData.Product product : brightpearl.catalog().allProducts()) {
        if (include.test(product.sku()) && shop.inventoryItemOfSku(product.sku()) == null) {
          shop.addProduct(product.name(), List.of(product.sku()), levels);
        }
      }
    }
  }

  /**
   * Fills the id map of every store from what the stores hold, and the catalog from Brightpearl
   * (ID-set reads through the node), as onboarding leaves them: a warm cache, the steady state of a
   * running integration.
   */
  public void warmCaches() {
    List<io.stockbridge.sync.StoreProduct> lines = new ArrayList<>();
    Map<String, Long> productIdBySku = new LinkedHashMap<>();
    for (SimData.Product product : brightpearl.catalog().allProducts()) {
      productIdBySku.put(product.sku(), product.id());
    }
    for (StoreSpec store : spec.stores()) {
      shopify
          .shop(store.name())
          .variantsBySku()
          .forEach(
              (sku, variant) -> {
                Long productId = productIdBySku.get(sku);
                if (productId != null) {
                  lines.add(
                      io.stockbridge.sync.StoreProduct.adopted(
                          store.name(),
                          productId,
                          sku,
                          variant.productId(),
                          variant.variantId(),
                          variant.inventoryItemId()));
                }
              });
    }
    node.storage().syncState().putStoreProducts(lines, System.currentTimeMillis());
    node.sync().orElseThrow().catalog().catalog(productIdBySku.values());
  }

  /**
   * Records every level the stores show as the level last pushed, as onboarding's reconciliation
   * leaves them (it records what each store shows for every level it checks): the node's first
   * write of a level then compares with it, as after a restart of a running integration.
   */
  public void recordStoreLevels() {
    List<io.stockbridge.sync.PushedLevel> levels = new ArrayList<>();
    for (StoreSpec store : spec.stores()) {
      SimulatedShop shop = shopify.shop(store.name());
      Map<String, SimulatedShop.SeededVariant> variants = shop.variantsBySku();
      for (String location : locationIds.get(store.name()).values()) {
        shop.levelsBySku(location)
            .forEach(
                (sku, level) -> {
                  SimulatedShop.SeededVariant variant = variants.get(sku);
                  if (variant != null) {
                    levels.add(
                        new io.stockbridge.sync.PushedLevel(
                            store.name(), variant.inventoryItemId(), location, level.available()));
                  }
                });
      }
    }
    node.storage().syncState().putPushedLevels(levels, System.currentTimeMillis());
  }

  /** The Shopify location id the lab created for {@code location} on {@code store}. */
  public String locationId(String store, String location) {
    return locationIds.get(store).get(location);
  }

  /**
   * What a store should show at each location for every stock-tracked product: the mapped
   * warehouses' on hand minus the store's safety stock, never below 0 (the default formula). Keyed
   * {@code SKU@location name}.
   */
  public Map<String, Integer> expectedLevels(String store) {
    SyncConfig.Store config = node.config().sync().stores().get(store);
    StoreSpec storeSpec =
        spec.stores().stream().filter(s -> s.name().equals(store)).findFirst().orElseThrow();
    List<SimData.Product> products = brightpearl.catalog().allProducts();
    Map<Long, io.stockbridge.sync.CatalogProduct> known =
        node.storage().syncState().catalog(products.stream().map(SimData.Product::id).toList());
    Map<String, Integer> expected = new LinkedHashMap<>();
    for (SimData.Product product : products) {
      if (!product.stockTracked()) {
        continue;
      }
      Map<Long, SimData.Stock> stock = brightpearl.catalog().stock(product.id());
      io.stockbridge.sync.CatalogProduct facts = known.get(product.id());
      List<String> tags = facts == null ? List.of() : facts.tags();
      int safety = config.safetyStock().unitsFor(product.sku(), tags);
      storeSpec
          .locations()
          .forEach(
              (location, warehouses) -> {
                long onHand =
                    warehouses.stream()
                        .mapToLong(w -> stock.getOrDefault(w, new SimData.Stock(0, 0, 0)).onHand())
                        .sum();
                expected.put(product.sku() + "@" + location, (int) Math.max(0, onHand - safety));
              });
    }
    return expected;
  }

  /** What the store shows now, keyed as {@link #expectedLevels}; absent SKUs are left out. */
  public Map<String, Integer> actualLevels(String store) {
    SimulatedShop shop = shopify.shop(store);
    Map<String, Integer> actual = new LinkedHashMap<>();
    for (Map.Entry<String, String> location : locationIds.get(store).entrySet()) {
      shop.levelsBySku(location.getValue())
          .forEach((sku, level) -> actual.put(sku + "@" + location.getKey(), level.available()));
    }
    return actual;
  }

  /** Levels where the store differs from what it should show (missing counts as a difference). */
  public List<String> drift(String store) {
    Map<String, Integer> actual = actualLevels(store);
    List<String> differences = new ArrayList<>();
    expectedLevels(store)
        .forEach(
            (key, want) -> {
              Integer have = actual.get(key);
              if (!want.equals(have)) {
                differences.add(key + " want " + want + " have " + have);
              }
            });
    return differences;
  }

  /** Every Brightpearl and Shopify call takes {@code latencyMs} more, as real APIs over a WAN. */
  public void setApiLatency(int latencyMs) {
    brightpearl
        .faults()
        .set(
            new io.stockbridge.simulator.brightpearl.SimFaults.Settings(
                0, 500, latencyMs, latencyMs, 0, 0, 0, false, 0, 0, 0, 1));
    setShopifyLatency(latencyMs);
  }

  /** Every Shopify call takes {@code latencyMs} more, and no other fault is injected. */
  public void setShopifyLatency(int latencyMs) {
    shopify
        .faults()
        .set(
            new io.stockbridge.simulator.shopify.FaultSettings(
                0, latencyMs, latencyMs, 0, 30_000, 0, 0, 0, 0, 0));
  }

  /** Whether the queue holds nothing to do and the node runs nothing. */
  public boolean isQuiet() {
    io.stockbridge.queue.QueueStats stats = node.storage().queue().stats();
    return stats.ready() + stats.running() + stats.waiting() == 0
        && node.dispatcher().inFlightCount() == 0;
  }

  /**
   * Waits until the queue is quiet and every store matches the warehouse; returns when the last
   * level was written (read from the stores, so polling does not blur the figure).
   *
   * @throws IllegalStateException naming how many levels still differ at the deadline
   */
  public java.time.Instant awaitConsistent(java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int lastDrift = -1;
    while (System.nanoTime() < deadline) {
      Thread.sleep(100);
      if (!isQuiet()) {
        continue;
      }
      lastDrift = driftByStore().values().stream().mapToInt(List::size).sum();
      if (lastDrift == 0) {
        return lastWrite();
      }
    }
    throw new IllegalStateException(
        "not consistent after " + timeout.toSeconds() + " s: " + lastDrift + " level(s) differ");
  }

  /** When any level of any store last changed. */
  public java.time.Instant lastWrite() {
    java.time.Instant last = java.time.Instant.EPOCH;
    for (StoreSpec store : spec.stores()) {
      for (String location : locationIds.get(store.name()).values()) {
        for (SimulatedShop.LevelSnapshot level :
            shopify.shop(store.name()).levelsBySku(location).values()) {
          if (level.updatedAt().isAfter(last)) {
            last = level.updatedAt();
          }
        }
      }
    }
    return last;
  }

  /**
   * How often the API has set levels of every store so far, and how many of those writes set the
   * quantity a level already had (a write that changed nothing: a duplicate).
   */
  public LevelWrites levelWrites() {
    long writes = 0;
    long repeated = 0;
    for (StoreSpec store : spec.stores()) {
      for (String location : locationIds.get(store.name()).values()) {
        for (SimulatedShop.LevelSnapshot level :
            shopify.shop(store.name()).levelsBySku(location).values()) {
          writes += level.apiWrites();
          repeated += level.repeatedApiWrites();
        }
      }
    }
    return new LevelWrites(writes, repeated);
  }

  /** Per SKU, over every store and location: writes that set the figure a level already had. */
  public Map<String, Integer> repeatedWritesBySku() {
    Map<String, Integer> bySku = new java.util.TreeMap<>();
    for (StoreSpec store : spec.stores()) {
      for (String location : locationIds.get(store.name()).values()) {
        shopify
            .shop(store.name())
            .levelsBySku(location)
            .forEach(
                (sku, level) -> {
                  if (level.repeatedApiWrites() > 0) {
                    bySku.merge(sku, level.repeatedApiWrites(), Integer::sum);
                  }
                });
      }
    }
    return bySku;
  }

  /** Level writes counted by the Shopify simulator; see {@link #levelWrites()}. */
  public record LevelWrites(long writes, long repeated) {
    public LevelWrites since(LevelWrites earlier) {
      return new LevelWrites(writes - earlier.writes, repeated - earlier.repeated);
    }
  }

  /** Drift over every store. */
  public Map<String, List<String>> driftByStore() {
    return spec.stores().stream()
        .collect(
            Collectors.toMap(
                StoreSpec::name, s -> drift(s.name()), (a, b) -> a, LinkedHashMap::new));
  }

  @Override
  public void close() {
    for (NodeProcess other : otherNodes) {
      other.close();
    }
    node.close();
    shopify.close();
    brightpearl.close();
  }
}
