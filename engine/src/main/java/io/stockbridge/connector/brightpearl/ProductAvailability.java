package io.stockbridge.connector.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Availability of one stock-tracked product: totals and per warehouse id. Use {@link
 * Figures#onHand()} for what is free to sell (it already excludes allocated stock). {@code
 * byLocation} holds per-location figures per warehouse when requested, else is empty. Immutable.
 */
public record ProductAvailability(
    long productId,
    Figures total,
    Map<Long, Figures> warehouses,
    Map<Long, Map<Long, Figures>> byLocation) {
  /** Stock figures, in units. {@code onHand} = {@code inStock} - {@code allocated}. */
  public record Figures(long inStock, long onHand, long allocated, long inTransit) {
    static Figures from(JsonNode node) {
      return new Figures(
          node.path("inStock").asLong(0),
          node.path("onHand").asLong(0),
          node.path("allocated").asLong(0),
          node.path("inTransit").asLong(0));
    }
  }

  public ProductAvailability {
    warehouses = Map.copyOf(warehouses);
    byLocation = Map.copyOf(byLocation);
  }

  static ProductAvailability from(long productId, JsonNode node) {
    Map<Long, Figures> warehouses = new TreeMap<>();
    Map<Long, Map<Long, Figures>> locations = new TreeMap<>();
    node.path("warehouses")
        .properties()
        .forEach(
            warehouse -> {
              long warehouseId = Long.parseLong(warehouse.getKey());
              warehouses.put(warehouseId, Figures.from(warehouse.getValue()));
              JsonNode byLocation = warehouse.getValue().path("byLocation");
              if (byLocation.isObject()) {
                Map<Long, Figures> perLocation = new TreeMap<>();
                byLocation
                    .properties()
                    .forEach(
                        l ->
                            perLocation.put(
                                Long.parseLong(l.getKey()), Figures.from(l.getValue())));
                locations.put(warehouseId, Map.copyOf(perLocation));
              }
            });
    return new ProductAvailability(
        productId, Figures.from(node.path("total")), warehouses, locations);
  }
}
