package io.stockbridge.flow.stock;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.config.SyncConfig.StockFormula;
import io.stockbridge.connector.brightpearl.ProductAvailability;
import io.stockbridge.connector.brightpearl.ProductAvailability.Figures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The stock rule, computed for every formula, safety-stock rule and location mapping (the {@code
 * inStock} and {@code onHandPlusInTransit} formulas were never computed in any test).
 */
class StockLevelsTest {
  // Warehouse 1: 10 in stock, 1 allocated (so 9 on hand), 4 in transit. Warehouse 2: 5, 2, 3, 0.
  private static final ProductAvailability AVAILABILITY =
      new ProductAvailability(
          7L,
          new Figures(15, 12, 3, 4),
          Map.of(1L, new Figures(10, 9, 1, 4), 2L, new Figures(5, 3, 2, 0)),
          Map.of());

  private static final Map<String, List<Long>> ONE_LOCATION_TWO_WAREHOUSES =
      Map.of("gid://shopify/Location/1", List.of(1L, 2L));

  @Test
  void on_hand_is_in_stock_less_allocated_summed_over_the_mapped_warehouses() {
    assertThat(levels(StockFormula.ON_HAND, 0)).containsExactly(entry(12));
  }

  @Test
  void in_stock_formula_counts_allocated_units_too() {
    assertThat(levels(StockFormula.IN_STOCK, 0)).containsExactly(entry(15));
  }

  @Test
  void on_hand_plus_in_transit_formula_adds_what_is_on_its_way() {
    assertThat(levels(StockFormula.ON_HAND_PLUS_IN_TRANSIT, 0)).containsExactly(entry(16));
  }

  @Test
  void safety_stock_is_held_back_and_a_level_never_goes_below_zero() {
    assertThat(levels(StockFormula.ON_HAND, 5)).containsExactly(entry(7));
    assertThat(levels(StockFormula.ON_HAND, 50)).containsExactly(entry(0));
  }

  @Test
  void a_level_is_capped_at_shopifys_maximum_quantity() {
    ProductAvailability huge =
        new ProductAvailability(
            7L,
            new Figures(0, 0, 0, 0),
            Map.of(1L, new Figures(3_000_000_000L, 3_000_000_000L, 0, 0)),
            Map.of());
    assertThat(StockLevels.expected(huge, Map.of("loc", List.of(1L)), StockFormula.ON_HAND, 0))
        .containsEntry("loc", 1_000_000_000);
  }

  @Test
  void each_location_sums_only_its_own_warehouses_and_an_unknown_warehouse_counts_nothing() {
    Map<String, List<Long>> locations = new LinkedHashMap<>();
    locations.put("first", List.of(1L));
    locations.put("second", List.of(2L, 99L));
    locations.put("none", List.of(99L));

    assertThat(StockLevels.expected(AVAILABILITY, locations, StockFormula.ON_HAND, 1))
        .containsExactly(Map.entry("first", 8), Map.entry("second", 2), Map.entry("none", 0));
  }

  @Test
  void safety_stock_by_sku_wins_over_tags_and_the_largest_tag_wins_over_the_default() {
    SyncConfig.SafetyStock rule =
        new SyncConfig.SafetyStock(2, Map.of("SKU-1", 7), Map.of("fragile", 3, "promo", 5));

    assertThat(rule.unitsFor("SKU-1", Set.of("promo"))).isEqualTo(7);
    assertThat(rule.unitsFor("SKU-2", List.of("fragile", "promo"))).isEqualTo(5);
    assertThat(rule.unitsFor("SKU-2", List.of("other"))).isEqualTo(2);
    assertThat(rule.unitsFor(null, List.of())).isEqualTo(2);
    assertThat(SyncConfig.SafetyStock.NONE.unitsFor("SKU-1", List.of("promo"))).isZero();
  }

  private static Map<String, Integer> levels(StockFormula formula, int safetyStock) {
    return StockLevels.expected(AVAILABILITY, ONE_LOCATION_TWO_WAREHOUSES, formula, safetyStock);
  }

  private static Map.Entry<String, Integer> entry(int units) {
    return Map.entry("gid://shopify/Location/1", units);
  }
}
