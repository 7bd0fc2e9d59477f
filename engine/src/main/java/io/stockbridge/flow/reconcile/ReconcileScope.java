package io.stockbridge.flow.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.config.SyncConfig;
import io.stockbridge.http.Json;
import io.stockbridge.idset.IdSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run covers: {@code stores} (empty: every store that runs the stock flow), {@code products}
 * (an ID set; empty with no {@code skus}: every warehouse product), {@code skus}; a {@code
 * fullSync} first queues every warehouse product to the product flow of its one store. Immutable.
 */
public record ReconcileScope(
    List<String> stores, Optional<IdSet> products, List<String> skus, boolean fullSync) {
  /** The most SKUs one run may name; larger subsets go by ID set. */
  public static final int MAX_SKUS = 1000;

  public ReconcileScope {
    stores = List.copyOf(stores);
    skus = List.copyOf(skus);
  }

  public static ReconcileScope everything() {
    return new ReconcileScope(List.of(), Optional.empty(), List.of(), false);
  }

  public static ReconcileScope fullSyncOf(String store) {
    return new ReconcileScope(List.of(store), Optional.empty(), List.of(), true);
  }

  /** Whether it covers a subset of products rather than the whole catalog. */
  public boolean isSubset() {
    return products.isPresent() || !skus.isEmpty();
  }

  /**
   * Checks the scope against the configuration; returns it with {@code stores} filled in.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public ReconcileScope validated(SyncConfig config) {
    if (!config.isConfigured()) {
      throw new IllegalArgumentException("no warehouse and stores are configured");
    }
    if (skus.size() > MAX_SKUS) {
      throw new IllegalArgumentException(
          "skus: at most " + MAX_SKUS + " per run, got " + skus.size() + "; use productIds");
    }
    List<String> chosen = new ArrayList<>();
    for (String name : stores) {
      SyncConfig.Store store = config.stores().get(name);
      if (store == null) {
        throw new IllegalArgumentException(
            "unknown store '" + name + "'; configured: " + config.stores().keySet());
      }
      if (!store.runs(SyncConfig.STOCK)) {
        throw new IllegalArgumentException("store '" + name + "' does not run the stock flow");
      }
      if (fullSync && !store.runs(SyncConfig.PRODUCTS)) {
        throw new IllegalArgumentException("store '" + name + "' does not run the products flow");
      }
      if (!chosen.contains(name)) {
        chosen.add(name);
      }
    }
    if (chosen.isEmpty()) {
      config.stores().values().stream()
          .filter(s -> s.runs(SyncConfig.STOCK))
          .map(SyncConfig.Store::name)
          .sorted()
          .forEach(chosen::add);
      if (chosen.isEmpty()) {
        throw new IllegalArgumentException("no store runs the stock flow");
      }
    }
    if (fullSync && (chosen.size() != 1 || isSubset())) {
      throw new IllegalArgumentException("a full sync covers exactly one store and every product");
    }
    return new ReconcileScope(chosen, products, skus, fullSync);
  }

  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("stores", stores);
    products.ifPresent(p -> json.put("productIds", p.toString()));
    if (!skus.isEmpty()) {
      json.put("skus", skus);
    }
    if (fullSync) {
      json.put("fullSync", true);
    }
    return Json.write(json);
  }

  /**
   * Reads a scope from a request or stored JSON object: {@code stores}, {@code productIds} (an ID
   * set), {@code skus}, {@code fullSync}.
   *
   * @throws IllegalArgumentException naming the bad field
   */
  public static ReconcileScope fromJson(JsonNode json) {
    if (!json.isObject()) {
      throw new IllegalArgumentException("body: must be a JSON object");
    }
    for (java.util.Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!List.of("stores", "productIds", "skus", "fullSync").contains(name)) {
        throw new IllegalArgumentException(
            name + ": unknown field; expected stores, productIds, skus");
      }
    }
    List<String> stores = strings(json.path("stores"), "stores");
    Optional<IdSet> products = Optional.empty();
    JsonNode ids = json.path("productIds");
    if (!ids.isMissingNode() && !ids.isNull()) {
      if (!ids.isTextual() && !ids.isNumber()) {
        throw new IllegalArgumentException("productIds: must be an ID set such as \"1-5,9\"");
      }
      try {
        products = Optional.of(IdSet.parse(ids.asText()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("productIds: " + e.getMessage(), e);
      }
    }
    return new ReconcileScope(
        stores,
        products,
        strings(json.path("skus"), "skus"),
        json.path("fullSync").asBoolean(false));
  }

  public static ReconcileScope fromJson(String json) {
    return fromJson(Json.parseObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static List<String> strings(JsonNode node, String field) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(field + ": must be a list of names");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode value : node) {
      if (!value.isTextual() || value.asText().isBlank()) {
        throw new IllegalArgumentException(field + ": '" + value + "' is not a name");
      }
      values.add(value.asText().strip());
    }
    return values;
  }
}
