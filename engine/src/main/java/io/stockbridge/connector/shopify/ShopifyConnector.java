package io.stockbridge.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.config.BulkSettings;
import io.stockbridge.ratelimit.BudgetStateStore;
import io.stockbridge.time.Sleeper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Shopify operations the sync flows use, for one store. Batches inputs within Shopify's limits
 * (250 items per input array, 1000 requested points per query: pages and SKU batches shrink when
 * Shopify charges more than its documented costs) and maps {@code userErrors} back to the items
 * they concern. Create one per store and keep it: it owns the store's HTTP client. Thread-safe.
 */
public final class ShopifyConnector {
  /** SKUs per lookup query: 2 + 100 x 3 = 302 points per {@code productVariants} page. */
  public static final int SKU_BATCH = 100;

  /** Items per {@code inventoryItems} lookup: 2 + 250 x 1 = 252 points. */
  public static final int ITEM_BATCH = 250;

  /** Inventory levels per reconciliation page: 3 + 250 x 3 = 753 points. */
  public static final int LEVEL_PAGE = 250;

  private final ShopifyClient client;
  private final InventoryPush inventory;
  private final SkuLookup skuLookup;
  private final BulkRunner bulk;

  public ShopifyConnector(
      ShopifySettings settings, BudgetStateStore budgets, Clock clock, Sleeper sleeper) {
    this(
        settings,
        BulkSettings.DEFAULTS.withConcurrency(
            BulkSettings.shopifyConcurrency(settings.apiVersion())),
        budgets,
        clock,
        sleeper);
  }

  public ShopifyConnector(
      ShopifySettings settings,
      BulkSettings bulkSettings,
      BudgetStateStore budgets,
      Clock clock,
      Sleeper sleeper) {
    this.client = new ShopifyClient(settings, budgets, clock, sleeper);
    this.inventory = new InventoryPush(client);
    this.skuLookup = new SkuLookup(client);
    this.bulk = new BulkRunner(client, sleeper, clock, bulkSettings);
  }

  /** How this store's bulk operations run. */
  public BulkSettings bulkSettings() {
    return bulk.settings();
  }

  public ShopifyClient client() {
    return client;
  }

  /** Variants whose SKU is in {@code skus}, by SKU (unknown SKUs are absent; 100 SKUs per call). */
  public Map<String, VariantRef> findVariantsBySku(Collection<String> skus) {
    return skuLookup.variants(skus);
  }

  /** Inventory item ids by SKU, the cheapest lookup (250 SKUs for 252 points). */
  public Map<String, String> findInventoryItemsBySku(Collection<String> skus) {
    return skuLookup.inventoryItems(skus);
  }

  /**
   * Sets {@code name} ({@code available} or {@code on_hand}) quantities, 250 per call, each call
   * with its own idempotency key reused on retries. One result per change, in input order.
   *
   * @param referenceDocumentUri shows in the merchant's inventory history, e.g. {@code
   *     gid://stockbridge/SyncBatch/123}
   */
  public List<QuantityResult> setQuantities(
      String name, String reason, String referenceDocumentUri, List<QuantityChange> changes) {
    return inventory.setQuantities(name, reason, referenceDocumentUri, changes);
  }

  /**
   * As {@link #setQuantities(String, String, String, List)}, with what to send again for a change
   * found stale decided by {@code rebase}.
   */
  public List<QuantityResult> setQuantities(
      String name,
      String reason,
      String referenceDocumentUri,
      List<QuantityChange> changes,
      StaleRebase rebase) {
    return inventory.setQuantities(name, reason, referenceDocumentUri, changes, rebase);
  }

  /**
   * Stocks an inventory item at a location where it is not stocked yet ({@code inventoryActivate},
   * 10 points through the client's budget), with {@code available} as its initial available
   * quantity. An item already stocked there keeps its quantities; the returned {@code available}
   * says what the location holds. One idempotency key per call, reused on the client's retries.
   */
  public InventoryActivation activateInventory(
      String inventoryItemId, String locationId, int available) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("inventoryItemId", inventoryItemId);
    variables.put("locationId", locationId);
    variables.put("available", available);
    variables.put("idempotencyKey", UUID.randomUUID().toString());
    JsonNode payload =
        client
            .execute(
                "inventoryActivate",
                GraphqlDocuments.get("inventory-activate"),
                variables,
                InventoryPush.MUTATION_COST)
            .data()
            .path("inventoryActivate");
    if (!payload.isObject()) {
      throw new ShopifyRequestException("inventoryActivate answered without a payload", 200);
    }
    List<UserError> errors = ProductUpsert.userErrors(payload.path("userErrors"));
    JsonNode level = payload.path("inventoryLevel");
    Integer quantity = level.isObject() ? quantity(level, "available") : null;
    return new InventoryActivation(quantity, errors);
  }

  /** All locations of the store. */
  public List<LocationRef> locations() {
    List<LocationRef> locations = new ArrayList<>();
    String after = null;
    String document = GraphqlDocuments.get("locations");
    do {
      String cursor = after;
      JsonNode page =
          client
              .pageSizes()
              .fitted(
                  document,
                  250,
                  n -> 2 + n,
                  size -> {
                    Map<String, Object> variables = new LinkedHashMap<>();
                    variables.put("first", size);
                    variables.put("after", cursor);
                    return client.execute("locations", document, variables, 2 + size);
                  })
              .data()
              .path("locations");
      for (JsonNode node : page.path("nodes")) {
        locations.add(
            new LocationRef(
                node.path("id").asText(),
                node.path("name").asText(),
                node.path("isActive").asBoolean(true)));
      }
      after =
          page.path("pageInfo").path("hasNextPage").asBoolean()
              ? page.path("pageInfo").path("endCursor").asText()
              : null;
    } while (after != null);
    return locations;
  }

  /**
   * One page of the inventory levels at a location; pass the returned cursor to read the next. The
   * page holds at most {@code pageSize} levels: fewer when what Shopify charges would put the page
   * over its single-query maximum (learned from its answers, or after {@code MAX_COST_EXCEEDED}).
   */
  public InventoryLevelPage inventoryLevels(String locationId, String after, int pageSize) {
    if (pageSize < 1 || pageSize > LEVEL_PAGE) {
      throw new IllegalArgumentException("pageSize must be 1.." + LEVEL_PAGE + ", got " + pageSize);
    }
    String document = GraphqlDocuments.get("inventory-levels-at-location");
    JsonNode page =
        client
            .pageSizes()
            .fitted(
                document,
                pageSize,
                n -> 3 + 3 * n,
                size -> {
                  Map<String, Object> variables = new LinkedHashMap<>();
                  variables.put("locationId", locationId);
                  variables.put("first", size);
                  variables.put("after", after);
                  return client.execute("inventoryLevels", document, variables, 3 + 3 * size);
                })
            .data()
            .path("location")
            .path("inventoryLevels");
    List<InventoryLevel> levels = new ArrayList<>();
    for (JsonNode node : page.path("nodes")) {
      levels.add(
          new InventoryLevel(
              node.path("item").path("id").asText(),
              node.path("item").path("sku").asText(null),
              locationId,
              quantity(node, "available"),
              quantity(node, "on_hand")));
    }
    String next =
        page.path("pageInfo").path("hasNextPage").asBoolean()
            ? page.path("pageInfo").path("endCursor").asText()
            : null;
    return new InventoryLevelPage(levels, next);
  }

  /** Every inventory level at a location (reconciliation), read in pages of up to 250. */
  public List<InventoryLevel> allInventoryLevels(String locationId) {
    List<InventoryLevel> all = new ArrayList<>();
    String cursor = null;
    do {
      InventoryLevelPage page = inventoryLevels(locationId, cursor, LEVEL_PAGE);
      all.addAll(page.levels());
      cursor = page.nextCursor();
    } while (cursor != null);
    return all;
  }

  /**
   * Every inventory level at a location through a bulk query: no cost limit and no 25,000-object
   * pagination cap, for reconciling large catalogs. Items not stocked there are left out.
   *
   * @param expectedItems about how many inventory items the store has (sets the deadline)
   * @throws BulkOperationException when the operation cannot start in time, is refused, fails or
   *     runs out of time; {@link BulkOperationException.Kind#BUSY} means a paged read may do
   */
  public List<InventoryLevel> bulkInventoryLevels(
      String locationId, long expectedItems, BulkProgress.Listener progress) {
    String query =
        GraphqlDocuments.get("bulk-inventory-levels")
            .replace("$LOCATION_ID", locationId.replace("\"", ""));
    BulkResult result = bulk.runQuery(query, expectedItems, progress);
    if (!result.status().equals("COMPLETED")) {
      throw new BulkOperationException(
          BulkOperationException.Kind.FAILED,
          result.operationId(),
          "bulk read of location "
              + locationId
              + " ended "
              + result.status()
              + (result.errorCode() == null ? "" : " with errorCode " + result.errorCode()));
    }
    List<InventoryLevel> levels = new ArrayList<>();
    for (JsonNode line : result.lines()) {
      JsonNode level = line.path("inventoryLevel");
      if (level.isObject()) {
        levels.add(
            new InventoryLevel(
                line.path("id").asText(),
                line.path("sku").asText(null),
                locationId,
                quantity(level, "available"),
                quantity(level, "on_hand")));
      }
    }
    return levels;
  }

  /**
   * {@link #bulkInventoryLevels(String, long, BulkProgress.Listener)} for several locations, up to
   * {@link BulkSettings#concurrency()} at once; by location, in the given order. The first failure
   * is thrown once every read has ended.
   */
  public Map<String, List<InventoryLevel>> bulkInventoryLevels(
      List<String> locationIds, long expectedItems, BulkProgress.Listener progress) {
    Map<String, List<InventoryLevel>> byLocation = new LinkedHashMap<>();
    if (locationIds.size() == 1) {
      String only = locationIds.get(0);
      byLocation.put(only, bulkInventoryLevels(only, expectedItems, progress));
      return byLocation;
    }
    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      Map<String, java.util.concurrent.Future<List<InventoryLevel>>> reads = new LinkedHashMap<>();
      for (String location : locationIds) {
        reads.put(
            location,
            executor.submit(() -> bulkInventoryLevels(location, expectedItems, progress)));
      }
      RuntimeException first = null;
      for (var read : reads.entrySet()) {
        try {
          byLocation.put(read.getKey(), read.getValue().get());
        } catch (java.util.concurrent.ExecutionException e) {
          if (first == null) {
            first =
                e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new ShopifyException(e.getCause().toString(), e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ShopifyRetryLaterException(
              "interrupted while reading locations in bulk", Duration.ofSeconds(30), e);
        }
      }
      if (first != null) {
        throw first;
      }
    }
    return byLocation;
  }

  /** A page of levels and the cursor of the next page (null on the last page). */
  public record InventoryLevelPage(List<InventoryLevel> levels, String nextCursor) {}

  static int quantity(JsonNode node, String name) {
    for (JsonNode q : node.path("quantities")) {
      if (q.path("name").asText().equals(name)) {
        return q.path("quantity").asInt();
      }
    }
    return 0;
  }

  /**
   * Upserts a product with {@code productSet}: {@code input} is a {@code ProductSetInput} (list
   * fields such as variants, tags and metafields replace the current ones as a whole); {@code
   * handle} identifies the product to update, or null to create or match by {@code input.handle}.
   */
  public ProductSetResult productSet(Map<String, Object> input, String handle) {
    return ProductUpsert.run(client, input, handle);
  }

  /** Updates the product with global id {@code productId} with {@code productSet}. */
  public ProductSetResult productSetById(Map<String, Object> input, String productId) {
    return ProductUpsert.runWith(client, input, Map.of("id", productId));
  }

  /**
   * Runs many {@code productSet} upserts as one bulk operation (no cost limit: for large syncs).
   * Each line is a {@code ProductSetInput} and its identifier ({@code {"id": ...}}, {@code
   * {"handle": ...}} or null); returns one result per line, in order (a line missing from the
   * result file gets a user error).
   */
  public List<ProductSetResult> productSetBulk(
      List<Map<String, Object>> inputs, List<Map<String, Object>> identifiers) {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      lines.add(ProductUpsert.variables(inputs.get(i), identifiers.get(i)));
    }
    BulkResult result;
    try {
      result =
          bulk.runMutation(
              GraphqlDocuments.get("product-set-bulk"), lines, BulkProgress.Listener.NONE);
    } catch (BulkOperationException e) {
      if (e.kind() == BulkOperationException.Kind.BUSY) {
        // Nothing was written: the whole run can come back when a slot is free.
        throw new ShopifyRetryLaterException(e.getMessage(), Duration.ofMinutes(1), e);
      }
      throw e;
    }
    List<ProductSetResult> results = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      results.add(
          new ProductSetResult(
              null,
              null,
              List.of(),
              List.of(
                  new UserError(
                      List.of(),
                      "no result line (bulk operation " + result.status() + ")",
                      result.errorCode()))));
    }
    for (JsonNode line : result.lines()) {
      int number = line.path("__lineNumber").asInt(-1);
      if (number >= 0 && number < results.size()) {
        JsonNode payload = line.path("data").path("productSet");
        if (payload.isObject()) {
          results.set(number, ProductUpsert.result(payload));
        } else {
          results.set(
              number,
              new ProductSetResult(
                  null,
                  null,
                  List.of(),
                  List.of(new UserError(List.of(), line.path("errors").toString(), null))));
        }
      }
    }
    return results;
  }

  /** Deletes a product (and its variants); returns Shopify's user errors. */
  public List<UserError> productDelete(String productId) {
    return ProductUpsert.delete(client, productId);
  }

  /** Adds tags to a product (or other taggable node); returns Shopify's user errors. */
  public List<UserError> tagsAdd(String id, List<String> tags) {
    return ProductUpsert.tags(client, "tags-add", "tagsAdd", id, tags);
  }

  /** Removes tags from a product (or other taggable node); returns Shopify's user errors. */
  public List<UserError> tagsRemove(String id, List<String> tags) {
    return ProductUpsert.tags(client, "tags-remove", "tagsRemove", id, tags);
  }

  /**
   * Runs a bulk query (no cost limit) and waits for its JSONL result, polling until a deadline
   * proportional to {@code expectedObjects} (0: unknown, the floor).
   *
   * @throws BulkOperationException when it cannot start, or runs out of time
   */
  public BulkResult runBulkQuery(String query, long expectedObjects) {
    return bulk.runQuery(query, expectedObjects, BulkProgress.Listener.NONE);
  }

  /**
   * Runs {@code mutation} once per variables map as a bulk operation (staged JSONL upload).
   *
   * @throws BulkOperationException when it cannot start, or runs out of time
   */
  public BulkResult runBulkMutation(String mutation, List<Map<String, Object>> variables) {
    return bulk.runMutation(mutation, variables, BulkProgress.Listener.NONE);
  }

  /** Subscribes {@code uri} to a topic such as {@code INVENTORY_LEVELS_UPDATE}; returns its id. */
  public String subscribeWebhook(String topic, URI uri) {
    Map<String, Object> variables = Map.of("topic", topic, "uri", uri.toString());
    JsonNode payload =
        client
            .execute(
                "webhookSubscriptionCreate",
                GraphqlDocuments.get("webhook-subscription-create"),
                variables,
                10)
            .data()
            .path("webhookSubscriptionCreate");
    if (!payload.path("userErrors").isEmpty()) {
      throw new ShopifyRequestException(
          "webhook subscription refused: " + payload.path("userErrors"), 200);
    }
    return payload.path("webhookSubscription").path("id").asText();
  }

  static <T> List<List<T>> batches(List<T> items, int size) {
    List<List<T>> batches = new ArrayList<>();
    for (int from = 0; from < items.size(); from += size) {
      batches.add(items.subList(from, Math.min(items.size(), from + size)));
    }
    return batches;
  }
}
