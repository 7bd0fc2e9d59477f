package io.stockbridge.admin;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stockbridge.NearestName;
import io.stockbridge.auth.AccessKey;
import io.stockbridge.auth.Role;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.RouteBook;
import io.stockbridge.readmodel.ReadModel;
import io.stockbridge.readmodel.ReadModelRequests;
import io.stockbridge.readmodel.ReadModelStore;
import io.stockbridge.readmodel.ReadModelStore.CategoryPage;
import io.stockbridge.readmodel.ReadModelStore.CategoryQuery;
import io.stockbridge.store.Storage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per-store read models, read-only under {@code /api/stores/{store}/categories} (viewers): the live
 * version's flattened category tree with each category's top products, and one category's products
 * by rank; a rebuild is requested with {@code POST .../categories/rebuild} (operators), and {@code
 * GET /api/read-models} lists every store's version pointer.
 */
public final class ReadModelEndpoints {
  static final int MAX_LIMIT = 500;
  static final int MAX_TOP = 50;
  private static final Set<String> CATEGORY_PARAMS =
      Set.of("parent", "path", "depth", "top", "limit", "after");
  private static final Set<String> PRODUCT_PARAMS = Set.of("after", "limit");

  private final Storage storage;
  private final Set<String> stores;
  private final ReadModelRequests requests;
  private final Clock clock;
  private final AdminAuth auth;

  public ReadModelEndpoints(Storage storage, Set<String> stores, Clock clock) {
    this.storage = storage;
    this.stores = Set.copyOf(stores);
    this.requests = new ReadModelRequests(storage.events());
    this.clock = clock;
    this.auth = new AdminAuth(storage);
  }

  public void register(RouteBook routes) {
    routes.add(HandlerType.GET, "/api/read-models", this::list);
    routes.add(HandlerType.GET, "/api/stores/{store}/categories", this::categories);
    routes.add(HandlerType.GET, "/api/stores/{store}/categories/{id}/products", this::products);
    routes.add(HandlerType.POST, "/api/stores/{store}/categories/rebuild", this::rebuild);
  }

  private String store(Context ctx) {
    String store = ctx.pathParam("store");
    if (!stores.contains(store)) {
      throw ApiException.notFound(
          "no configured store '"
              + (store.length() > 64 ? store.substring(0, 64) + "..." : store)
              + "'"
              + NearestName.of(store, stores).map(n -> "; did you mean '" + n + "'?").orElse("")
              + (stores.isEmpty() ? " (no stores are configured)" : ""));
    }
    return store;
  }

  private static void onlyParams(Context ctx, Set<String> known) {
    for (var param : ctx.queryParamMap().entrySet()) {
      if (!known.contains(param.getKey())) {
        throw ApiException.badRequest(NearestName.unknownField(param.getKey(), known));
      }
      if (param.getValue().size() > 1) {
        throw ApiException.badRequest(param.getKey() + ": given more than once; give it once");
      }
    }
  }

  private static int bounded(Context ctx, String name, int defaultValue, int min, int max) {
    String text = ctx.queryParam(name);
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
    long value = EventQueries.wholeNumber(name, text.strip());
    if (value < min || value > max) {
      throw ApiException.badRequest(name + ": must be " + min + " to " + max + ", got " + value);
    }
    return (int) value;
  }

  private ApiException noModel(String store) {
    return ApiException.notFound(
        "store "
            + store
            + " has no read model yet: request one with POST /api/stores/"
            + store
            + "/categories/rebuild");
  }

  private void categories(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    String store = store(ctx);
    onlyParams(ctx, CATEGORY_PARAMS);
    Long parent = null;
    String parentText = ctx.queryParam("parent");
    if (parentText != null && !parentText.isBlank()) {
      parent =
          parentText.strip().equals("root")
              ? 0L
              : EventQueries.wholeNumber("parent", parentText.strip());
    }
    String path = ctx.queryParam("path");
    if (path != null && (path.isBlank() || path.length() > 2_000)) {
      throw ApiException.badRequest(
          "path: a category path prefix of 1 to 2000 characters, such as 'Clothing > Shoes'");
    }
    Integer depth = ctx.queryParam("depth") == null ? null : bounded(ctx, "depth", 0, 0, 1_000);
    int top = bounded(ctx, "top", 5, 0, MAX_TOP);
    int limit = bounded(ctx, "limit", 100, 1, MAX_LIMIT);
    String afterPath = null;
    Long afterId = null;
    String after = ctx.queryParam("after");
    if (after != null && !after.isBlank()) {
      String decoded;
      try {
        decoded = new String(Base64.getUrlDecoder().decode(after.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("after: not a cursor this API gave (use 'next' from a page)");
      }
      int cut = decoded.lastIndexOf('\n');
      if (cut < 0) {
        throw ApiException.badRequest("after: not a cursor this API gave (use 'next' from a page)");
      }
      afterPath = decoded.substring(0, cut);
      try {
        afterId = Long.parseLong(decoded.substring(cut + 1));
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("after: not a cursor this API gave (use 'next' from a page)");
      }
    }
    CategoryPage page =
        storage
            .readModels()
            .categories(
                store, new CategoryQuery(parent, path, depth, top, afterPath, afterId, limit))
            .orElseThrow(() -> noModel(store));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("store", store);
    body.put("version", page.version());
    body.put(
        "builtAt", page.builtAt() == null ? null : Instant.ofEpochMilli(page.builtAt()).toString());
    body.put(
        "categories",
        page.categories().stream()
            .map(
                view -> {
                  Map<String, Object> category = category(view.category());
                  category.put(
                      "top", view.top().stream().map(ReadModelEndpoints::product).toList());
                  return category;
                })
            .toList());
    String next = null;
    if (page.more()) {
      ReadModel.CategoryRow last = page.categories().get(page.categories().size() - 1).category();
      next =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  (last.path() + "\n" + last.categoryId()).getBytes(StandardCharsets.UTF_8));
    }
    body.put("next", next);
    ctx.json(body);
  }

  private void products(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    String store = store(ctx);
    onlyParams(ctx, PRODUCT_PARAMS);
    long id = EventQueries.wholeNumber("category id", ctx.pathParam("id"));
    int after = bounded(ctx, "after", 0, 0, Integer.MAX_VALUE);
    int limit = bounded(ctx, "limit", 100, 1, MAX_LIMIT);
    ReadModelStore.ProductPage page =
        storage.readModels().products(store, id, after, limit).orElseThrow(() -> noModel(store));
    if (page.category() == null) {
      throw ApiException.notFound(
          "store "
              + store
              + "'s read model (version "
              + page.version()
              + ") has no category "
              + id);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("store", store);
    body.put("version", page.version());
    body.put("category", category(page.category()));
    body.put("products", page.products().stream().map(ReadModelEndpoints::product).toList());
    body.put("nextAfter", page.nextAfterRank());
    ctx.json(body);
  }

  private void rebuild(Context ctx) {
    AccessKey key = auth.require(ctx, Role.OPERATOR);
    String store = store(ctx);
    long eventId = requests.rebuild(store, "api key " + key.name(), clock.millis());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("store", store);
    body.put("eventId", eventId);
    body.put("event", "/api/events/" + eventId);
    ctx.status(202).json(body);
  }

  private void list(Context ctx) {
    auth.require(ctx, Role.VIEWER);
    Map<String, ReadModelStore.ModelInfo> known = new LinkedHashMap<>();
    storage.readModels().infos().forEach(info -> known.put(info.store(), info));
    List<Map<String, Object>> views =
        new TreeSet<>(stores)
            .stream()
                .map(
                    store -> {
                      ReadModelStore.ModelInfo info = known.get(store);
                      Map<String, Object> view = new LinkedHashMap<>();
                      view.put("store", store);
                      view.put("version", info == null ? 0 : info.liveVersion());
                      view.put("building", info != null && info.buildingVersion() != null);
                      view.put(
                          "builtAt",
                          info == null || info.builtAt() == null
                              ? null
                              : Instant.ofEpochMilli(info.builtAt()).toString());
                      view.put("categories", info == null ? 0 : info.categories());
                      view.put("productRows", info == null ? 0 : info.products());
                      view.put("buildMillis", info == null ? null : info.buildMillis());
                      return view;
                    })
                .toList();
    ctx.json(Map.of("readModels", views));
  }

  private static Map<String, Object> category(ReadModel.CategoryRow c) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", c.categoryId());
    view.put("parentId", c.parentId());
    view.put("name", c.name());
    view.put("path", c.path());
    view.put("depth", c.depth());
    view.put("active", c.active());
    view.put("productCount", c.productCount());
    view.put("stockTotal", c.stockTotal());
    return view;
  }

  private static Map<String, Object> product(ReadModel.ProductRow p) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("productId", p.productId());
    view.put("sku", p.sku());
    view.put("listed", p.listed());
    view.put("stock", p.stock());
    view.put("rank", p.rank());
    return view;
  }
}
