package io.stockbridge.flow.stock;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.brightpearl.ProductAvailability;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a store should show: per Shopify location, the mapped warehouses' figure (by the configured
 * formula) minus the store's safety stock for the product, never below 0. The one definition the
 * stock flow and reconciliation share.
 */
public final class StockLevels {
  private StockLevels() {}

  /**
   * Available quantity per location global id for one product on one store.
   *
   * @param locations the store's resolved mapping: location global id to warehouse ids
   */
  public static Map<String, Integer> expected(
      ProductAvailability availability,
      Map<String, List<Long>> locations,
      SyncConfig.StockFormula formula,
      int safetyStock) {
    Map<String, Integer> levels = new LinkedHashMap<>();
    locations.forEach(
        (location, warehouses) -> {
          long units = 0;
          for (Long warehouse : warehouses) {
            ProductAvailability.Figures figures = availability.warehouses().get(warehouse);
            if (figures != null) {
              units += figure(figures, formula);
            }
          }
          levels.put(location, (int) Math.max(0, Math.min(1_000_000_000L, units - safetyStock)));
        });
    return levels;
  }

  static long figure(ProductAvailability.Figures figures, SyncConfig.StockFormula formula) {
    return switch (formula) {
      case ON_HAND -> figures.onHand();
      case IN_STOCK -> figures.inStock();
      case ON_HAND_PLUS_IN_TRANSIT -> figures.onHand() + figures.inTransit();
    };
  }
}
