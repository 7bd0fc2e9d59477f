package io.stockbridge.simulator.brightpearl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.stockbridge.idset.IdSet;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The product-service resources: product (GET, OPTIONS), product-price, category, brand. */
final class ProductRoutes {
  private static final String BASE = "/public-api/{account}/product-service";

  private final SimCatalog catalog;
  private final BrightpearlSimulatorOptions options;

  ProductRoutes(SimCatalog catalog, BrightpearlSimulatorOptions options) {
    this.catalog = catalog;
    this.options = options;
  }

  void register(RoutesConfig app) {
    app.get(BASE + "/product/{ids}", this::products);
    app.options(BASE + "/product/{ids}", ctx -> getUris(ctx, idsFromPath(ctx)));
    app.options(BASE + "/product", ctx -> getUris(ctx, catalog.allProductIds()));
    app.get(BASE + "/product-price/{ids}", ctx -> prices(ctx, null));
    app.get(BASE + "/product-price/{ids}/price-list/{lists}", ctx -> prices(ctx, "lists"));
    app.get(BASE + "/brightpearl-category", ctx -> categories(ctx, null));
    app.get(BASE + "/brightpearl-category/{ids}", ctx -> categories(ctx, "ids"));
    app.get(BASE + "/brand", this::brands);
    app.get(BASE + "/price-list", this::priceLists);
    app.get(BASE + "/product-search", new ProductSearch(catalog)::handle);
  }

  private void products(Context ctx) {
    IdSet ids = ApiResponses.idSet(ctx, "ids", options.maxProductIds(), "products");
    List<SimData.Product> found = catalog.products(ids);
    if (found.isEmpty()) {
      throw ApiError.notFound("No products found for ID set " + ids);
    }
    ArrayNode response = CatalogJson.MAPPER.createArrayNode();
    found.forEach(product -> response.add(CatalogJson.product(product)));
    ApiResponses.ok(ctx, response);
  }

  private IdSet idsFromPath(Context ctx) {
    return ApiResponses.idSet(ctx, "ids", Integer.MAX_VALUE, "products");
  }

  /** Splits the existing ids among {@code requested} into GET URIs of at most the cap each. */
  private void getUris(Context ctx, IdSet requested) {
    List<Long> existing = catalog.products(requested).stream().map(SimData.Product::id).toList();
    ObjectNode response = CatalogJson.MAPPER.createObjectNode();
    ArrayNode uris = response.putArray("getUris");
    for (IdSet chunk : IdSet.of(existing).chunks(options.maxProductIds())) {
      uris.add("/product/" + chunk);
    }
    ApiResponses.ok(ctx, response);
  }

  private void prices(Context ctx, String listParam) {
    IdSet ids = ApiResponses.idSet(ctx, "ids", options.maxProductIds(), "products");
    IdSet lists =
        listParam == null ? null : ApiResponses.idSet(ctx, listParam, 1000, "price lists");
    ArrayNode response = CatalogJson.MAPPER.createArrayNode();
    for (SimData.Product product : catalog.products(ids)) {
      Map<Long, BigDecimal> byList = new java.util.TreeMap<>(catalog.prices(product.id()));
      if (lists != null) {
        byList.keySet().retainAll(lists.ids());
      }
      response.add(CatalogJson.prices(product.id(), byList, catalog));
    }
    if (response.isEmpty()) {
      throw ApiError.notFound("No products found for ID set " + ids);
    }
    ApiResponses.ok(ctx, response);
  }

  private void categories(Context ctx, String idsParam) {
    IdSet ids = idsParam == null ? null : ApiResponses.idSet(ctx, idsParam, 1000, "categories");
    ArrayNode response = CatalogJson.MAPPER.createArrayNode();
    for (SimData.Category category : catalog.categories()) {
      if (ids == null || ids.ids().contains(category.id())) {
        response.add(CatalogJson.category(category));
      }
    }
    if (ids != null && response.isEmpty()) {
      throw ApiError.notFound("No categories found for ID set " + ids);
    }
    ApiResponses.ok(ctx, response);
  }

  private void brands(Context ctx) {
    ArrayNode response = CatalogJson.MAPPER.createArrayNode();
    for (SimData.Brand brand : catalog.brands()) {
      response.addObject().put("id", brand.id()).put("name", brand.name());
    }
    ApiResponses.ok(ctx, response);
  }

  private void priceLists(Context ctx) {
    ArrayNode response = CatalogJson.MAPPER.createArrayNode();
    for (SimData.PriceList list : catalog.priceLists()) {
      ObjectNode node = response.addObject();
      node.put("id", list.id()).put("code", list.code()).put("currencyCode", list.currencyCode());
      node.putObject("name").put("text", list.name());
      node.put("priceListTypeCode", "SELL");
    }
    ApiResponses.ok(ctx, response);
  }
}
