package io.stockbridge.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The connections this node syncs: one warehouse (a Brightpearl account) and N storefronts (Shopify
 * stores), with each store's location mapping, safety stock, flows, pause and shadow mode, plus the
 * timing of coalescing and reconciliation. Read from the {@code warehouse}, {@code stores}, {@code
 * sync}, {@code products} and {@code reconcile} sections; every problem names its field. Immutable.
 */
public record SyncConfig(
    Optional<Warehouse> warehouse,
    Map<String, Store> stores,
    Timing timing,
    Products products,
    Reconcile reconcile) {

  /** The flows a store can run. */
  public static final String STOCK = "stock";

  public static final String PRODUCTS = "products";

  /** Shopify orders into Brightpearl, and back (opt-in: not among the default flows). */
  public static final String ORDERS = "orders";

  public static final List<String> FLOWS = List.of(STOCK, PRODUCTS, ORDERS);

  /** The flows a store runs when it names none. */
  public static final List<String> DEFAULT_FLOWS = List.of(STOCK, PRODUCTS);

  /** Product fields a tagging rule can look at, besides {@code customFields.<code>}. */
  public static final List<String> TAG_FIELDS =
      List.of("name", "sku", "ean", "upc", "mpn", "brand");

  /** How a store's available quantity is derived from the warehouse's figures. */
  public enum StockFormula {
    /** On hand: in stock minus allocated, what Brightpearl's own Shopify app pushes. */
    ON_HAND("onHand"),
    /** In stock, ignoring allocations (when the storefront takes its own orders into account). */
    IN_STOCK("inStock"),
    /** On hand plus stock in transit (sell what is already on its way). */
    ON_HAND_PLUS_IN_TRANSIT("onHandPlusInTransit");

    private final String configName;

    StockFormula(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }

    static Optional<StockFormula> of(String name) {
      for (StockFormula formula : values()) {
        if (formula.configName.equalsIgnoreCase(name)) {
          return Optional.of(formula);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * The Brightpearl account. {@code baseUrl} is the API host (a datacentre's or a simulator's);
   * exactly one of {@code token} (OAuth, with {@code devRef}) or {@code accountToken} (private app)
   * is set.
   */
  public record Warehouse(
      String account,
      String baseUrl,
      String appRef,
      Optional<String> devRef,
      Optional<Secret> token,
      Optional<Secret> accountToken,
      int requestsPerMinute,
      int availabilityBatch,
      StockFormula formula,
      long priceListId) {}

  /**
   * One storefront. {@code locations} maps a Shopify location (global id or name) to the warehouse
   * ids whose stock it sells. {@code flows} are the flows switched on; {@code shadow} computes and
   * records every write without sending it; {@code paused} starts the store paused; {@code bulk}
   * how its bulk operations run.
   */
  public record Store(
      String name,
      String shop,
      Optional<String> baseUrl,
      Secret accessToken,
      String apiVersion,
      Map<String, List<Long>> locations,
      SafetyStock safetyStock,
      Set<String> flows,
      boolean paused,
      boolean shadow,
      String onProductDestroyed,
      Bulk bulk,
      Orders orders) {
    public boolean runs(String flow) {
      return flows.contains(flow);
    }
  }

  /**
   * A store's bulk operations: a reconciliation reads the store with bulk queries when its id map
   * holds more than {@code readThreshold} items; at most {@code concurrency} operations of a kind
   * run at once (Shopify allows 5 since API 2026-01, 1 before); a start waits at most {@code
   * startWait} for a free slot, after which a read falls back to pages.
   */
  public record Bulk(int readThreshold, int concurrency, Duration startWait) {
    public static final int DEFAULT_READ_THRESHOLD = 2000;
  }

  /**
   * A store's order flow: sales orders go to Brightpearl channel {@code channelId} and warehouse
   * {@code warehouseId} (0: the first warehouse of the store's first location) with status {@code
   * statusId}; a cancellation sets {@code cancelledStatusId}; payments are recorded with payment
   * method code {@code paymentMethod}; rows carry tax code {@code taxCode}; missed orders are
   * caught up by a poll every {@code pollInterval} (zero: never on a schedule).
   */
  public record Orders(
      long channelId,
      long warehouseId,
      long statusId,
      long cancelledStatusId,
      String paymentMethod,
      String taxCode,
      Duration pollInterval) {}

  /**
   * Units held back from a store: a default, overridden by SKU (first) or by tag (the largest
   * matching tag override).
   */
  public record SafetyStock(
      int defaultUnits, Map<String, Integer> bySku, Map<String, Integer> byTag) {
    public static final SafetyStock NONE = new SafetyStock(0, Map.of(), Map.of());

    public int unitsFor(String sku, java.util.Collection<String> tags) {
      Integer forSku = sku == null ? null : bySku.get(sku);
      if (forSku != null) {
        return forSku;
      }
      Integer largest = null;
      for (String tag : tags) {
        Integer forTag = byTag.get(tag);
        if (forTag != null && (largest == null || forTag > largest)) {
          largest = forTag;
        }
      }
      return largest != null ? largest : defaultUnits;
    }
  }

  /**
   * Coalescing: a product's changes are held {@code debounce} after its last change, but never more
   * than {@code maxWait} after its first; a partial API call waits {@code batchFill} for more, and
   * during a burst (a backlog, or many events a second) up to {@code maxBatchWait}.
   */
  public record Timing(
      Duration debounce, Duration maxWait, Duration batchFill, Duration maxBatchWait) {}

  /**
   * Product mapping: tags from {@code tagRules} and (when {@code categoryTags}) from the category
   * tree; more than {@code bulkThreshold} products in one run go through a bulk operation.
   */
  public record Products(List<TagRule> tagRules, boolean categoryTags, int bulkThreshold) {}

  /**
   * A custom tagging rule: when {@code field} of a product (name, sku, brand, ean, or {@code
   * customFields.<code>}) matches {@code pattern} (any non-empty value when absent), add {@code
   * tag}, in which {@code {value}} stands for the field's value.
   */
  public record TagRule(String field, Optional<Pattern> pattern, String tag) {}

  /** Scheduled reconciliation: daily at {@code at} (UTC) when {@code enabled}. */
  public record Reconcile(boolean enabled, LocalTime at) {}

  public boolean isConfigured() {
    return warehouse.isPresent() && !stores.isEmpty();
  }

  /** Validates the connections {@code source} read; problems go to {@code source}. */
  public static SyncConfig from(ConfigSource source) {
    ConfigFile file = source.file();
    Optional<Warehouse> warehouse = readWarehouse(source, file.warehouse());
    Map<String, Store> stores = new LinkedHashMap<>();
    file.stores()
        .forEach(
            (name, store) ->
                readStore(source, name, store == null ? ConfigFile.Store.empty() : store)
                    .ifPresent(read -> stores.put(name, read)));
    if (!stores.isEmpty() && warehouse.isEmpty()) {
      source.problem("warehouse", "is required when stores are configured");
    }
    ConfigFile.Sync sync = file.sync();
    Timing timing =
        new Timing(
            Duration.ofMillis(
                source.number("sync.debounceMillis", sync.debounceMillis(), 300, 0, 600_000)),
            Duration.ofMillis(
                source.number("sync.maxWaitMillis", sync.maxWaitMillis(), 1500, 0, 3_600_000)),
            Duration.ofMillis(
                source.number("sync.batchFillMillis", sync.batchFillMillis(), 200, 0, 600_000)),
            Duration.ofMillis(
                source.number(
                    "sync.maxBatchWaitMillis", sync.maxBatchWaitMillis(), 15_000, 0, 600_000)));
    if (timing.maxWait().compareTo(timing.debounce()) < 0) {
      source.problem("sync.maxWaitMillis", "must be at least sync.debounceMillis");
    }
    ConfigFile.Products productsFile = file.products();
    Products products =
        new Products(
            readTagRules(source, productsFile.tagRules()),
            source.flag(productsFile.categoryTags(), true),
            (int)
                source.number(
                    "products.bulkThreshold", productsFile.bulkThreshold(), 250, 1, 1_000_000));
    LocalTime at = LocalTime.of(2, 0);
    Optional<String> atText = source.optional(file.reconcile().at());
    if (atText.isPresent()) {
      try {
        at = LocalTime.parse(atText.get());
      } catch (DateTimeParseException e) {
        source.problem("reconcile.at", "must be a time such as 02:00, got '" + atText.get() + "'");
      }
    }
    Reconcile reconcile = new Reconcile(source.flag(file.reconcile().enabled(), true), at);
    return new SyncConfig(warehouse, Map.copyOf(stores), timing, products, reconcile);
  }

  private static Optional<Warehouse> readWarehouse(ConfigSource source, ConfigFile.Warehouse file) {
    if (file == null) {
      return Optional.empty();
    }
    Optional<String> account = source.optional(file.account());
    if (account.isEmpty()) {
      source.problem("warehouse.account", "is required (the Brightpearl account code)");
      return Optional.empty();
    }
    Optional<String> baseUrl = source.optional(file.baseUrl());
    Optional<String> datacentre = source.optional(file.datacentre());
    String url;
    if (baseUrl.isPresent() == datacentre.isPresent()) {
      source.problem("warehouse", "give exactly one of baseUrl or datacentre");
      url = "https://invalid";
    } else {
      url = baseUrl.orElseGet(() -> "https://" + datacentre.get() + ".brightpearlconnect.com");
    }
    Optional<String> appRef = source.optional(file.appRef());
    if (appRef.isEmpty()) {
      source.problem("warehouse.appRef", "is required (brightpearl-app-ref)");
    }
    Optional<Secret> token = source.secret(file.token());
    Optional<Secret> accountToken = source.secret(file.accountToken());
    Optional<String> devRef = source.optional(file.devRef());
    if (token.isPresent() == accountToken.isPresent()) {
      source.problem(
          "warehouse",
          "give exactly one of token (OAuth app, with devRef) or accountToken (private app)");
    } else if (token.isPresent() && devRef.isEmpty()) {
      source.problem("warehouse.devRef", "is required with an OAuth token");
    }
    String formulaName = source.text(file.stockFormula(), "onHand");
    StockFormula formula =
        StockFormula.of(formulaName)
            .orElseGet(
                () -> {
                  source.problem(
                      "warehouse.stockFormula",
                      "must be one of onHand, inStock, onHandPlusInTransit, got '"
                          + formulaName
                          + "'");
                  return StockFormula.ON_HAND;
                });
    return Optional.of(
        new Warehouse(
            account.get(),
            url,
            appRef.orElse(""),
            devRef,
            token,
            accountToken,
            (int)
                source.number(
                    "warehouse.requestsPerMinute", file.requestsPerMinute(), 200, 1, 10_000),
            (int)
                source.number("warehouse.availabilityBatch", file.availabilityBatch(), 200, 1, 200),
            formula,
            source.number("warehouse.priceListId", file.priceListId(), 1, 1, Long.MAX_VALUE)));
  }

  private static Optional<Store> readStore(
      ConfigSource source, String name, ConfigFile.Store file) {
    String prefix = "stores." + name + ".";
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,99}")) {
      source.problem("stores." + name, "a store name may hold letters, digits, _ and - only");
      return Optional.empty();
    }
    Optional<Secret> token = source.secret(file.accessToken());
    if (token.isEmpty()) {
      source.problem(prefix + "accessToken", "is required (the Admin API access token)");
    }
    Map<String, List<Long>> locations = new LinkedHashMap<>();
    if (file.locations() == null || file.locations().isEmpty()) {
      source.problem(
          prefix + "locations",
          "map at least one Shopify location (id or name) to warehouse ids, e.g. {\"Main\": [2]}");
    } else {
      file.locations()
          .forEach(
              (location, ids) -> {
                List<Long> warehouseIds = new ArrayList<>();
                for (Long id : ids == null ? List.<Long>of() : ids) {
                  if (id != null && id > 0) {
                    warehouseIds.add(id);
                  } else if (id != null) {
                    source.problem(
                        prefix + "locations." + location,
                        "warehouse ids must be positive whole numbers, got '" + id + "'");
                  }
                }
                if (warehouseIds.isEmpty()) {
                  source.problem(
                      prefix + "locations." + location, "needs at least one warehouse id");
                }
                locations.put(location, List.copyOf(warehouseIds));
              });
    }
    Set<String> flows = new LinkedHashSet<>();
    for (String flow : file.flows() == null ? DEFAULT_FLOWS : file.flows()) {
      if (FLOWS.contains(flow)) {
        flows.add(flow);
      } else {
        source.problem(prefix + "flows", "unknown flow '" + flow + "', expected some of " + FLOWS);
      }
    }
    String apiVersion = source.text(file.apiVersion(), "2026-10");
    Store store =
        new Store(
            name,
            source.text(file.shop(), name),
            source.optional(file.baseUrl()),
            token.orElse(Secret.of("missing")),
            apiVersion,
            Map.copyOf(locations),
            readSafetyStock(source, prefix + "safetyStock.", file.safetyStock()),
            Set.copyOf(flows),
            source.flag(file.paused(), false),
            source.flag(file.shadow(), false),
            source.choice(
                prefix + "onProductDestroyed",
                file.onProductDestroyed(),
                "archive",
                List.of("archive", "delete")),
            readBulk(source, prefix + "bulk.", file.bulk(), apiVersion),
            readOrders(source, prefix + "orders.", file.orders(), locations));
    return Optional.of(store);
  }

  private static Orders readOrders(
      ConfigSource source,
      String prefix,
      ConfigFile.Orders file,
      Map<String, List<Long>> locations) {
    long firstWarehouse = locations.values().stream().flatMap(List::stream).findFirst().orElse(1L);
    long warehouseId =
        source.number(prefix + "warehouseId", file.warehouseId(), 0, 0, Integer.MAX_VALUE);
    return new Orders(
        source.number(prefix + "channelId", file.channelId(), 1, 1, Integer.MAX_VALUE),
        warehouseId == 0 ? firstWarehouse : warehouseId,
        source.number(prefix + "statusId", file.statusId(), 1, 1, Integer.MAX_VALUE),
        source.number(
            prefix + "cancelledStatusId", file.cancelledStatusId(), 5, 1, Integer.MAX_VALUE),
        paymentMethod(source, prefix, file.paymentMethod()),
        source.text(file.taxCode(), "T20"),
        Duration.ofSeconds(
            source.number(prefix + "pollSeconds", file.pollSeconds(), 600, 0, 86_400)));
  }

  private static String paymentMethod(ConfigSource source, String prefix, String value) {
    String method = source.text(value, "SHOPIFY");
    if (method.isEmpty() || method.length() > 36) {
      source.problem(
          prefix + "paymentMethod",
          "must be a Brightpearl payment method code of 1 to 36 characters, got '" + method + "'");
    }
    return method;
  }

  private static Bulk readBulk(
      ConfigSource source, String prefix, ConfigFile.Bulk file, String apiVersion) {
    int allowed =
        io.stockbridge.config.BulkSettings.shopifyConcurrency(
            apiVersion.matches("\\d{4}-\\d{2}|unstable") ? apiVersion : "2026-10");
    return new Bulk(
        (int)
            source.number(
                prefix + "readThreshold",
                file.readThreshold(),
                Bulk.DEFAULT_READ_THRESHOLD,
                0,
                100_000_000),
        (int) source.number(prefix + "concurrency", file.concurrency(), allowed, 1, 50),
        Duration.ofSeconds(
            source.number(prefix + "startWaitSeconds", file.startWaitSeconds(), 300, 0, 86_400)));
  }

  private static SafetyStock readSafetyStock(
      ConfigSource source, String prefix, ConfigFile.SafetyStock file) {
    int defaultUnits =
        (int) source.number(prefix + "default", file.defaultUnits(), 0, 0, 1_000_000);
    return new SafetyStock(
        defaultUnits,
        unitsMap(source, file.skus(), prefix + "skus"),
        unitsMap(source, file.tags(), prefix + "tags"));
  }

  private static Map<String, Integer> unitsMap(
      ConfigSource source, Map<String, Long> file, String path) {
    Map<String, Integer> units = new LinkedHashMap<>();
    file.forEach(
        (name, value) -> {
          if (value != null && value >= 0 && value <= Integer.MAX_VALUE) {
            units.put(name, value.intValue());
          } else if (value != null) {
            source.problem(
                path + "." + name, "must be a whole number of units >= 0, got '" + value + "'");
          }
        });
    return Map.copyOf(units);
  }

  private static List<TagRule> readTagRules(ConfigSource source, List<ConfigFile.TagRule> rules) {
    List<TagRule> parsed = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      ConfigFile.TagRule rule = rules.get(i);
      String path = "products.tagRules[" + i + "]";
      String field = rule == null ? "" : source.text(rule.field(), "");
      String tag = rule == null ? "" : source.text(rule.tag(), "");
      if (field.isBlank() || tag.isBlank()) {
        source.problem(path, "needs a field and a tag");
        continue;
      }
      if (!TAG_FIELDS.contains(field) && !field.matches("customFields\\.[A-Za-z0-9_]+")) {
        source.problem(
            path + ".field",
            "must be one of " + TAG_FIELDS + " or customFields.<code>, got '" + field + "'");
        continue;
      }
      Optional<Pattern> pattern = Optional.empty();
      if (rule.matches() != null) {
        try {
          pattern = Optional.of(Pattern.compile(rule.matches()));
        } catch (PatternSyntaxException e) {
          source.problem(
              path + ".matches", "not a valid regular expression: " + e.getDescription());
          continue;
        }
      }
      parsed.add(new TagRule(field, pattern, tag));
    }
    return List.copyOf(parsed);
  }
}
