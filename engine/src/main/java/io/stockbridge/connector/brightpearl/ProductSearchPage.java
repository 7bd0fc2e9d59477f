package io.stockbridge.connector.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of {@code product-search}: positional {@code rows} described by {@code columns}. {@code
 * firstResult} and {@code lastResult} are 1-based positions in the whole result. Immutable.
 */
public record ProductSearchPage(
    List<String> columns,
    List<List<Object>> rows,
    int resultsAvailable,
    int firstResult,
    int lastResult,
    boolean morePagesAvailable) {
  public ProductSearchPage {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /** The rows as column name to value maps, in column order. */
  public List<Map<String, Object>> rowsAsMaps() {
    List<Map<String, Object>> maps = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < columns.size() && i < row.size(); i++) {
        map.put(columns.get(i), row.get(i));
      }
      maps.add(map);
    }
    return maps;
  }

  static ProductSearchPage from(JsonNode response, int requestedFirst) {
    JsonNode meta = response.path("metaData");
    List<String> columns = new ArrayList<>();
    meta.path("columns").forEach(c -> columns.add(c.path("name").asText()));
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode row : response.path("results")) {
      List<Object> values = new ArrayList<>();
      row.forEach(v -> values.add(BrightpearlTransport.MAPPER.convertValue(v, Object.class)));
      rows.add(values);
    }
    return new ProductSearchPage(
        columns,
        rows,
        meta.path("resultsAvailable").asInt(rows.size()),
        meta.path("firstResult").asInt(requestedFirst),
        meta.path("lastResult").asInt(requestedFirst + rows.size() - 1),
        meta.path("morePagesAvailable").asBoolean(false));
  }
}
