package io.stockbridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stockbridge.config.ConfigSource;
import io.stockbridge.config.Secret;
import io.stockbridge.config.StockbridgeConfig;
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
import io.stockbridge.sync.SyncConfig;
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
      String extraYaml) {}

  private final BrightpearlSimulator brightpearl;
  private final ShopifySimulator shopify;
  private final StockbridgeNode node;
  private final Map<String, Map<String, String>> locationIds = new LinkedHashMap<>();
  private final Spec spec;

  private SyncLab(Spec spec) {
    this.spec = spec;
    this.brightpearl =
        BrightpearlSimulator.start(
            BrightpearlSimulatorOptions.builder()
                .accountCode(ACCOUNT)
                .webhookRetryDelay(java.time.Duration.ofMillis(500))
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
      started = StockbridgeNode.builder(config()).start();
      started
          .storage()
          .accessKeys()
          .create(
              "lab-operator",
              io.stockbridge.auth.Role.OPERATOR,
              io.stockbridge.auth.ApiKeys.hash(API_KEY),
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
    return new SyncLab(spec);
  }

  private StockbridgeConfig config() {
    StringBuilder yaml = new StringBuilder();
    yaml.append("dataDir: '").append(spec.dataDir()).append("'\n");
    yaml.append("database:\n  url: '").append(spec.databaseUrl()).append("'\n");
    yaml.append("http:\n  host: 127.0.0.1\n  port: 0\n");
    yaml.append("node:\n  id: lab-node\n");
    yaml.append("sources:\n  brightpearl:\n    accounts:\n      ")
        .append(ACCOUNT)
        .append(":\n        webhookSecret: ")
        .append(WEBHOOK_SECRET)
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
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toString());
      return StockbridgeConfig.from(new ConfigSource(root, Map.of()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  public Spec spec() {
    return spec;
  }

  /**
   * Puts every warehouse product on every store (as a merchant's existing storefront would have
   * them), stocked at the store's locations with {@code available} units; Stockbridge learns their
   * ids by SKU.
   */
  public void seedStoresFromWarehouse(int available) {
    for (StoreSpec store : spec.stores()) {
      SimulatedShop shop = shopify.shop(store.name());
      Map<String, Integer> levels = new LinkedHashMap<>();
      locationIds.get(store.name()).values().forEach(id -> levels.put(id, available));
      for (SimData.Product product : brightpearl.catalog().allProducts()) {
        if (shop.inventoryItemOfSku(product.sku()) == null) {
          shop.addProduct(product.name(), List.of(product.sku()), levels);
        }
      }
    }
  }

  /** The Shopify location id the lab created for {@code location} on {@code store}. */
  public String locationId(String store, String location) {
    return locationIds.get(store).get(location);
  }

  /**
   * What a store should show at each location for every stock-tracked product: the mapped
   * warehouses' on hand minus the store's safety stock, never below 0 (the default formula).
   */
  public Map<String, Integer> expectedLevels(String store) {
    SyncConfig.Store config = node.config().sync().stores().get(store);
    Map<String, Integer> expected = new LinkedHashMap<>();
    for (SimData.Product product : brightpearl.catalog().allProducts()) {
      if (!product.stockTracked()) {
        continue;
      }
      Map<Long, SimData.Stock> stock = brightpearl.catalog().stock(product.id());
      List<String> tags =
          node.storage().syncState().catalog(List.of(product.id())).values().stream()
              .flatMap(c -> c.tags().stream())
              .toList();
      int safety = config.safetyStock().unitsFor(product.sku(), tags);
      for (StoreSpec spec : this.spec.stores()) {
        if (!spec.name().equals(store)) {
          continue;
        }
        spec.locations()
            .forEach(
                (location, warehouses) -> {
                  long onHand =
                      warehouses.stream()
                          .mapToLong(
                              w -> stock.getOrDefault(w, new SimData.Stock(0, 0, 0)).onHand())
                          .sum();
                  expected.put(product.sku() + "@" + location, (int) Math.max(0, onHand - safety));
                });
      }
    }
    return expected;
  }

  /** What the store shows now, keyed as {@link #expectedLevels}; absent SKUs are left out. */
  public Map<String, Integer> actualLevels(String store) {
    SimulatedShop shop = shopify.shop(store);
    Map<String, Integer> actual = new LinkedHashMap<>();
    for (SimData.Product product : brightpearl.catalog().allProducts()) {
      String item = shop.inventoryItemOfSku(product.sku());
      if (item == null) {
        continue;
      }
      for (Map.Entry<String, String> location : locationIds.get(store).entrySet()) {
        Integer available = shop.available(item, location.getValue());
        if (available != null) {
          actual.put(product.sku() + "@" + location.getKey(), available);
        }
      }
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

  /** Drift over every store. */
  public Map<String, List<String>> driftByStore() {
    return spec.stores().stream()
        .collect(
            Collectors.toMap(
                StoreSpec::name, s -> drift(s.name()), (a, b) -> a, LinkedHashMap::new));
  }

  @Override
  public void close() {
    node.close();
    shopify.close();
    brightpearl.close();
  }
}
