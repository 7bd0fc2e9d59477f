package io.stockbridge.simulator.brightpearl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.stockbridge.idset.IdSet;
import io.stockbridge.idset.InvalidIdSetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /product-service/product-search}: positional result rows described by {@code
 * metaData.columns}, paged by 1-based {@code firstResult} and {@code pageSize} (at most {@value
 * #MAX_PAGE_SIZE}). Any column may be a filter: {@code productId} takes an ID set, the others an
 * exact value (case-insensitive), a trailing {@code *} matching a prefix.
 */
final class ProductSearch {
  static final int MAX_PAGE_SIZE = 500;
  private static final Set<String> PAGING = Set.of("firstResult", "pageSize", "sort", "columns");

  private record Column(String name, String type, Function<SimData.Product, Object> value) {}

  private static final List<Column> COLUMNS =
      List.of(
          new Column("productId", "IDSET", SimData.Product::id),
          new Column("productName", "STRING", SimData.Product::name),
          new Column("SKU", "STRING", SimData.Product::sku),
          new Column("EAN", "STRING", SimData.Product::ean),
          new Column("UPC", "STRING", SimData.Product::upc),
          new Column("MPN", "STRING", SimData.Product::mpn),
          new Column("ISBN", "STRING", SimData.Product::isbn),
          new Column("brandId", "INTEGER", SimData.Product::brandId),
          new Column("stockTracked", "BOOLEAN", SimData.Product::stockTracked),
          new Column("createdOn", "PERIOD", SimData.Product::createdOn),
          new Column("updatedOn", "PERIOD", SimData.Product::updatedOn),
          new Column("productStatus", "STRING", p -> "LIVE"));

  private final SimCatalog catalog;

  ProductSearch(SimCatalog catalog) {
    this.catalog = catalog;
  }

  void handle(Context ctx) {
    int firstResult = intParam(ctx, "firstResult", 1);
    int pageSize = intParam(ctx, "pageSize", MAX_PAGE_SIZE);
    if (firstResult < 1 || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw ApiError.badRequest(
          "CMNC-016", "firstResult must be >= 1 and pageSize within 1.." + MAX_PAGE_SIZE);
    }
    List<SimData.Product> matching = new ArrayList<>();
    for (SimData.Product product : catalog.allProducts()) {
      if (matches(product, ctx.queryParamMap())) {
        matching.add(product);
      }
    }
    int from = Math.min(firstResult - 1, matching.size());
    int to = Math.min(from + pageSize, matching.size());
    ArrayNode results = CatalogJson.MAPPER.createArrayNode();
    for (SimData.Product product : matching.subList(from, to)) {
      ArrayNode row = results.addArray();
      for (Column column : COLUMNS) {
        row.addPOJO(column.value().apply(product));
      }
    }
    ObjectNode response = CatalogJson.MAPPER.createObjectNode();
    response.set("results", results);
    ObjectNode meta = response.putObject("metaData");
    meta.put("resultsAvailable", matching.size());
    meta.put("resultsReturned", to - from);
    meta.put("firstResult", firstResult);
    meta.put("lastResult", from + (to - from));
    meta.put("morePagesAvailable", to < matching.size());
    ArrayNode columns = meta.putArray("columns");
    for (Column column : COLUMNS) {
      columns
          .addObject()
          .put("name", column.name())
          .put("sortable", true)
          .put("filterable", true)
          .put("reportDataType", column.type())
          .put("required", false);
    }
    ApiResponses.ok(ctx, response);
  }

  private static boolean matches(SimData.Product product, Map<String, List<String>> params) {
    for (Map.Entry<String, List<String>> param : params.entrySet()) {
      if (PAGING.contains(param.getKey()) || param.getValue().isEmpty()) {
        continue;
      }
      Column column =
          COLUMNS.stream()
              .filter(c -> c.name().equalsIgnoreCase(param.getKey()))
              .findFirst()
              .orElseThrow(
                  () -> ApiError.badRequest("CMNC-017", "Unknown filter " + param.getKey()));
      String wanted = param.getValue().get(0);
      Object actual = column.value().apply(product);
      if (column.name().equals("productId")) {
        try {
          if (!IdSet.parse(wanted).ids().contains(product.id())) {
            return false;
          }
        } catch (InvalidIdSetException e) {
          throw ApiError.badRequest("CMNC-015", e.getMessage());
        }
        continue;
      }
      String value = String.valueOf(actual).toLowerCase(Locale.ROOT);
      String filter = wanted.toLowerCase(Locale.ROOT);
      boolean ok =
          filter.endsWith("*")
              ? value.startsWith(filter.substring(0, filter.length() - 1))
              : value.equals(filter);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static int intParam(Context ctx, String name, int defaultValue) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("CMNC-016", name + " must be an integer, got '" + value + "'");
    }
  }
}
