package io.stockbridge.simulator.brightpearl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.stockbridge.idset.IdSet;
import java.util.List;

/** The warehouse-service resources: product-availability and warehouse. */
final class WarehouseRoutes {
  private static final String BASE = "/public-api/{account}/warehouse-service";

  private final SimCatalog catalog;
  private final BrightpearlSimulatorOptions options;

  WarehouseRoutes(SimCatalog catalog, BrightpearlSimulatorOptions options) {
    this.catalog = catalog;
    this.options = options;
  }

  void register(RoutesConfig app) {
    app.get(BASE + "/product-availability/{ids}", this::availability);
    app.get(BASE + "/warehouse", ctx -> warehouses(ctx, null));
    app.get(BASE + "/warehouse/{ids}", ctx -> warehouses(ctx, "ids"));
  }

  /** Non-stock-tracked products are silently left out, as in the real API. */
  private void availability(Context ctx) {
    IdSet ids = ApiResponses.idSet(ctx, "ids", options.maxAvailabilityIds(), "products");
    String optional = ctx.queryParam("includeOptional");
    boolean byLocation = optional != null && optional.contains("breakDownByLocation");
    List<SimData.Product> found = catalog.products(ids);
    if (found.isEmpty()) {
      throw ApiError.notFound("No products found for ID set " + ids);
    }
    ObjectNode response = CatalogJson.MAPPER.createObjectNode();
    for (SimData.Product product : found) {
      if (product.stockTracked()) {
        response.set(
            String.valueOf(product.id()),
            CatalogJson.availability(catalog.stock(product.id()), byLocation));
      }
    }
    ApiResponses.ok(ctx, response);
  }

  private void warehouses(Context ctx, String idsParam) {
    IdSet ids = idsParam == null ? null : ApiResponses.idSet(ctx, idsParam, 1000, "warehouses");
    ArrayNode response = CatalogJson.MAPPER.createArrayNode();
    for (SimData.Warehouse warehouse : catalog.warehouses()) {
      if (ids == null || ids.ids().contains(warehouse.id())) {
        response.add(CatalogJson.warehouse(warehouse));
      }
    }
    if (ids != null && response.isEmpty()) {
      throw ApiError.notFound("No warehouses found for ID set " + ids);
    }
    ApiResponses.ok(ctx, response);
  }
}
