package io.stockbridge.connector.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.idset.IdSet;
import io.stockbridge.ratelimit.BudgetStateStore;
import io.stockbridge.time.Sleeper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Brightpearl connector for one account: one persistent HTTP client, the account's budget in
 * the shared {@link BudgetStateStore}. Reads split ID sets into compact requests of at most 200 ids
 * (product reads of more than 200 ids ask {@code OPTIONS} for the URIs first); a read that finds
 * nothing returns an empty result. Every method either returns the complete result or throws a
 * {@link BrightpearlException}; nothing is dropped silently. Thread-safe; close when done.
 */
public final class BrightpearlClient implements AutoCloseable {
  /** Longest ID-set text put into one OPTIONS URI, so sparse sets stay well under URL limits. */
  static final int MAX_OPTIONS_ID_SET_CHARS = 2000;

  private final BrightpearlSettings settings;
  private final BrightpearlTransport transport;

  public BrightpearlClient(
      BrightpearlSettings settings,
      BudgetStateStore budgets,
      InstantSource clock,
      Sleeper sleeper) {
    this.settings = settings;
    this.transport = new BrightpearlTransport(settings, budgets, clock, sleeper);
  }

  /** A client on the system clock. */
  public BrightpearlClient(BrightpearlSettings settings, BudgetStateStore budgets) {
    this(settings, budgets, InstantSource.system(), Sleeper.SYSTEM);
  }

  public BrightpearlSettings settings() {
    return settings;
  }

  /** The transport, for the order-side resources ({@link BrightpearlOrders}) in this package. */
  BrightpearlTransport transport() {
    return transport;
  }

  /** HTTP requests this client has sent (retries included). */
  public long requestsSent() {
    return transport.requestsSent();
  }

  /** 503/429 answers (throttles) this client got. */
  public long throttledAnswers() {
    return transport.throttledAnswers();
  }

  /** Requests sent again after a failure (5xx, timeout, no answer, malformed body). */
  public long retries() {
    return transport.retries();
  }

  /** Requests given up after failing (attempts spent, or a write whose fate is unknown). */
  public long failures() {
    return transport.failures();
  }

  /**
   * The existing products among {@code ids}, in id order. More than 200 ids: {@code OPTIONS} names
   * the existing ones (in URIs), which are merged and re-split so no GET is wasted on missing ids.
   */
  public List<BrightpearlProduct> products(IdSet ids) {
    IdSet existing = ids;
    if (ids.size() > settings.maxIdsPerRequest()) {
      List<Long> found = new ArrayList<>();
      for (String idSet : byLength(ids, MAX_OPTIONS_ID_SET_CHARS)) {
        transport
            .execute("OPTIONS", "/product-service/product/" + idSet, null)
            .ifPresent(r -> r.path("getUris").forEach(uri -> found.addAll(uriIds(uri.asText()))));
      }
      existing = IdSet.of(found);
    }
    List<BrightpearlProduct> products = new ArrayList<>();
    for (IdSet chunk : existing.chunks(settings.maxIdsPerRequest())) {
      transport
          .execute("GET", "/product-service/product/" + chunk, null)
          .ifPresent(r -> r.forEach(node -> products.add(BrightpearlProduct.from(node))));
    }
    products.sort(java.util.Comparator.comparingLong(BrightpearlProduct::id));
    return products;
  }

  /** The ids of a getUris entry such as {@code /product/34-40,120}. */
  private static List<Long> uriIds(String uri) {
    String prefix = "/product/";
    if (!uri.startsWith(prefix)) {
      throw new BrightpearlUnavailableException(
          "OPTIONS product answered an unexpected URI '" + uri + "'", null, null);
    }
    return IdSet.parse(uri.substring(prefix.length())).ids();
  }

  /** Availability of the stock-tracked products among {@code ids}, by product id. */
  public Map<Long, ProductAvailability> availability(IdSet ids) {
    return availability(ids, false);
  }

  /** As {@link #availability(IdSet)}, with per-location figures when {@code byLocation}. */
  public Map<Long, ProductAvailability> availability(IdSet ids, boolean byLocation) {
    Map<Long, ProductAvailability> result = new TreeMap<>();
    String query = byLocation ? "?includeOptional=breakDownByLocation" : "";
    for (IdSet chunk : ids.chunks(settings.maxIdsPerAvailabilityCall())) {
      transport
          .execute("GET", "/warehouse-service/product-availability/" + chunk + query, null)
          .ifPresent(
              response ->
                  response
                      .properties()
                      .forEach(
                          entry -> {
                            long id = Long.parseLong(entry.getKey());
                            result.put(id, ProductAvailability.from(id, entry.getValue()));
                          }));
    }
    return result;
  }

  /** Prices of {@code productIds} on the price lists {@code priceListIds}. */
  public List<ProductPrice> prices(IdSet productIds, IdSet priceListIds) {
    List<ProductPrice> prices = new ArrayList<>();
    for (IdSet chunk : productIds.chunks(settings.maxIdsPerRequest())) {
      String path = "/product-service/product-price/" + chunk + "/price-list/" + priceListIds;
      transport
          .execute("GET", path, null)
          .ifPresent(response -> prices.addAll(ProductPrice.fromResponse(response)));
    }
    return prices;
  }

  /** The categories among {@code ids}. */
  public List<BrightpearlCategory> categories(IdSet ids) {
    List<BrightpearlCategory> categories = new ArrayList<>();
    for (IdSet chunk : ids.chunks(settings.maxIdsPerRequest())) {
      transport
          .execute("GET", "/product-service/brightpearl-category/" + chunk, null)
          .ifPresent(
              response -> response.forEach(node -> categories.add(BrightpearlCategory.from(node))));
    }
    return categories;
  }

  /** The whole category tree. */
  public List<BrightpearlCategory> allCategories() {
    List<BrightpearlCategory> categories = new ArrayList<>();
    transport
        .execute("GET", "/product-service/brightpearl-category/", null)
        .ifPresent(
            response -> response.forEach(node -> categories.add(BrightpearlCategory.from(node))));
    return categories;
  }

  /** Every brand's name by id. */
  public java.util.Map<Long, String> brands() {
    java.util.Map<Long, String> brands = new java.util.TreeMap<>();
    transport
        .execute("GET", "/product-service/brand/", null)
        .ifPresent(
            response ->
                response.forEach(
                    n -> brands.put(n.path("id").asLong(), n.path("name").asText(""))));
    return brands;
  }

  /** All warehouses of the account. */
  public List<BrightpearlWarehouse> warehouses() {
    List<BrightpearlWarehouse> warehouses = new ArrayList<>();
    transport
        .execute("GET", "/warehouse-service/warehouse/", null)
        .ifPresent(response -> response.forEach(n -> warehouses.add(BrightpearlWarehouse.from(n))));
    return warehouses;
  }

  /**
   * One page of product search. {@code filters} are column filters such as {@code SKU=ABC-1};
   * {@code firstResult} is 1-based.
   */
  public ProductSearchPage searchProducts(
      Map<String, String> filters, int firstResult, int pageSize) {
    StringBuilder query = new StringBuilder();
    for (Map.Entry<String, String> filter : filters.entrySet()) {
      query
          .append(encode(filter.getKey()))
          .append('=')
          .append(encode(filter.getValue()))
          .append('&');
    }
    query.append("firstResult=").append(firstResult).append("&pageSize=").append(pageSize);
    return transport
        .execute("GET", "/product-service/product-search?" + query, null)
        .map(response -> ProductSearchPage.from(response, firstResult))
        .orElseGet(
            () ->
                ProductSearchPage.from(
                    BrightpearlTransport.MAPPER.createObjectNode(), firstResult));
  }

  /** Every matching row, reading pages of {@code searchPageSize} until none is left. */
  public List<Map<String, Object>> searchAllProducts(Map<String, String> filters) {
    List<Map<String, Object>> rows = new ArrayList<>();
    int first = 1;
    while (true) {
      ProductSearchPage page = searchProducts(filters, first, settings.searchPageSize());
      rows.addAll(page.rowsAsMaps());
      if (!page.morePagesAvailable() || page.rows().isEmpty()) {
        return rows;
      }
      first = page.lastResult() + 1;
    }
  }

  /** The webhooks registered on the account. */
  public List<WebhookSubscription> webhooks() {
    List<WebhookSubscription> webhooks = new ArrayList<>();
    transport
        .execute("GET", "/integration-service/webhook", null)
        .ifPresent(response -> response.forEach(n -> webhooks.add(WebhookSubscription.from(n))));
    return webhooks;
  }

  /** Registers one webhook; returns its id. Not retried when its fate is unknown (5xx, timeout). */
  public long registerWebhook(WebhookSubscription webhook) {
    String json = webhook.registrationBody();
    return transport
        .execute("POST", "/integration-service/webhook", json)
        .map(JsonNode::asLong)
        .orElseThrow();
  }

  public void deleteWebhook(long id) {
    transport.execute("DELETE", "/integration-service/webhook/" + id, null);
  }

  /** Splits an ID set's compact text into pieces of at most {@code maxChars} (whole ranges). */
  static List<String> byLength(IdSet ids, int maxChars) {
    List<String> pieces = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    for (String range : ids.toString().split(",")) {
      if (piece.length() > 0 && piece.length() + 1 + range.length() > maxChars) {
        pieces.add(piece.toString());
        piece.setLength(0);
      }
      if (piece.length() > 0) {
        piece.append(',');
      }
      piece.append(range);
    }
    if (piece.length() > 0) {
      pieces.add(piece.toString());
    }
    return pieces;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    transport.close();
  }
}
