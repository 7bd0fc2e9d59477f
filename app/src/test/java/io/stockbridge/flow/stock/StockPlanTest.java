package io.stockbridge.flow.stock;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.SyncConfig.SafetyStock;
import io.stockbridge.config.SyncConfig.StockFormula;
import io.stockbridge.connector.brightpearl.ProductAvailability;
import io.stockbridge.connector.brightpearl.ProductAvailability.Figures;
import io.stockbridge.connector.shopify.QuantityChange;
import io.stockbridge.flow.stock.StockPlan.Decision;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.sync.SyncState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stock flow's pure planning step: every formula, safety-stock rule and its precedence, the
 * location mapping, units held back, and what is unchanged or missing, with no I/O.
 */
class StockPlanTest {
  private static final long PRODUCT = 7;
  private static final String SKU = "SKU-7";
  private static final String ITEM = "gid://shopify/InventoryItem/70";
  private static final String LONDON = "gid://shopify/Location/1";
  private static final String LEEDS = "gid://shopify/Location/2";

  // Warehouse 1: 10 in stock, 1 allocated (9 on hand), 4 in transit. Warehouse 2: 5, 2, 3, 0.
  // Warehouse 3: 20 in stock, 0 allocated, 6 in transit.
  private static final ProductAvailability AVAILABILITY =
      new ProductAvailability(
          PRODUCT,
          new Figures(35, 32, 3, 10),
          Map.of(
              1L, new Figures(10, 9, 1, 4),
              2L, new Figures(5, 3, 2, 0),
              3L, new Figures(20, 20, 0, 6)),
          Map.of());

  private final Map<Long, CatalogProduct> catalog = new HashMap<>();
  private final Map<Long, ProductAvailability> availability = new HashMap<>();
  private final Map<Long, StoreProduct> idMap = new HashMap<>();
  private final Map<String, Integer> pushed = new HashMap<>();
  private final Map<String, Integer> heldBack = new HashMap<>();
  private Map<String, Long> receivedUnits;
  private final Map<String, Integer> unseen = new HashMap<>();
  private final java.util.Set<String> writing = new java.util.HashSet<>();
  private Map<String, List<Long>> locations = Map.of(LONDON, List.of(1L, 2L));
  private StockFormula formula = StockFormula.ON_HAND;
  private SafetyStock safety = SafetyStock.NONE;

  StockPlanTest() {
    catalog.put(PRODUCT, new CatalogProduct(PRODUCT, SKU, List.of("fragile"), List.of()));
    availability.put(PRODUCT, AVAILABILITY);
    idMap.put(PRODUCT, line(StoreProduct.State.ACTIVE));
  }

  @Test
  void the_on_hand_formula_writes_in_stock_less_allocated_of_the_mapped_warehouses() {
    assertThat(levels()).containsExactly(Map.entry(LONDON, 12));
  }

  @Test
  void the_in_stock_formula_writes_allocated_units_too() {
    formula = StockFormula.IN_STOCK;

    assertThat(levels()).containsExactly(Map.entry(LONDON, 15));
  }

  @Test
  void the_on_hand_plus_in_transit_formula_writes_what_is_on_its_way_too() {
    formula = StockFormula.ON_HAND_PLUS_IN_TRANSIT;

    assertThat(levels()).containsExactly(Map.entry(LONDON, 16));
  }

  @Test
  void each_location_gets_the_sum_of_its_own_warehouses_in_the_mappings_order() {
    locations = new LinkedHashMap<>();
    locations.put(LEEDS, List.of(3L));
    locations.put(LONDON, List.of(1L, 2L));

    assertThat(levels()).containsExactly(Map.entry(LEEDS, 20), Map.entry(LONDON, 12));
  }

  @Test
  void a_warehouse_without_figures_for_the_product_counts_nothing() {
    locations = Map.of(LONDON, List.of(2L, 99L), LEEDS, List.of(99L));

    assertThat(levels()).containsOnly(Map.entry(LONDON, 3), Map.entry(LEEDS, 0));
  }

  @Test
  void the_default_safety_stock_is_held_back_at_every_location() {
    locations = new LinkedHashMap<>();
    locations.put(LONDON, List.of(1L, 2L));
    locations.put(LEEDS, List.of(3L));
    safety = new SafetyStock(2, Map.of(), Map.of());

    assertThat(levels()).containsExactly(Map.entry(LONDON, 10), Map.entry(LEEDS, 18));
  }

  @Test
  void safety_stock_by_sku_wins_over_a_tag_and_the_default() {
    safety = new SafetyStock(2, Map.of(SKU, 5), Map.of("fragile", 9));

    assertThat(levels()).containsExactly(Map.entry(LONDON, 7));
  }

  @Test
  void the_largest_matching_tag_wins_over_the_default() {
    catalog.put(PRODUCT, new CatalogProduct(PRODUCT, SKU, List.of("fragile", "promo"), List.of()));
    safety = new SafetyStock(1, Map.of("OTHER-SKU", 0), Map.of("fragile", 3, "promo", 4));

    assertThat(levels()).containsExactly(Map.entry(LONDON, 8));
  }

  @Test
  void a_tag_the_product_lacks_leaves_the_default() {
    safety = new SafetyStock(1, Map.of(), Map.of("promo", 4));

    assertThat(levels()).containsExactly(Map.entry(LONDON, 11));
  }

  @Test
  void a_safety_stock_of_zero_by_sku_overrides_a_tag() {
    safety = new SafetyStock(3, Map.of(SKU, 0), Map.of("fragile", 6));

    assertThat(levels()).containsExactly(Map.entry(LONDON, 12));
  }

  @Test
  void safety_stock_larger_than_the_stock_writes_zero_never_a_negative_level() {
    safety = new SafetyStock(50, Map.of(), Map.of());

    assertThat(levels()).containsExactly(Map.entry(LONDON, 0));
  }

  @Test
  void units_held_back_for_the_sku_are_subtracted_after_safety_stock() {
    safety = new SafetyStock(2, Map.of(), Map.of());
    heldBack.put(SKU, 3);

    assertThat(levels()).containsExactly(Map.entry(LONDON, 7));
  }

  @Test
  void units_held_back_never_take_a_level_below_zero() {
    heldBack.put(SKU, 1_000);

    assertThat(levels()).containsExactly(Map.entry(LONDON, 0));
  }

  @Test
  void units_held_back_for_another_sku_or_a_negative_figure_change_nothing() {
    heldBack.put("OTHER-SKU", 5);
    assertThat(levels()).containsExactly(Map.entry(LONDON, 12));

    heldBack.put(SKU, -4);
    assertThat(levels()).containsExactly(Map.entry(LONDON, 12));
  }

  @Test
  void units_held_back_are_subtracted_at_every_location() {
    locations = new LinkedHashMap<>();
    locations.put(LONDON, List.of(1L, 2L));
    locations.put(LEEDS, List.of(3L));
    heldBack.put(SKU, 2);

    assertThat(levels()).containsExactly(Map.entry(LONDON, 10), Map.entry(LEEDS, 18));
  }

  @Test
  void holding_nothing_back_is_the_default_and_names_no_sku() {
    assertThat(HeldBack.NONE.unitsBySku("shop", List.of(SKU), 0L)).isEmpty();
  }

  @Test
  void a_level_equal_to_the_one_last_pushed_is_not_written_again() {
    pushed.put(SyncState.levelKey(ITEM, LONDON), 12);

    assertThat(decision()).isEqualTo(new Decision.Unchanged("SKU " + SKU));
  }

  @Test
  void only_the_locations_whose_level_differs_from_the_last_pushed_are_written() {
    locations = new LinkedHashMap<>();
    locations.put(LONDON, List.of(1L, 2L));
    locations.put(LEEDS, List.of(3L));
    pushed.put(SyncState.levelKey(ITEM, LONDON), 12);
    pushed.put(SyncState.levelKey(ITEM, LEEDS), 19);

    assertThat(decision())
        .isEqualTo(
            new Decision.Writes(
                catalog.get(PRODUCT), List.of(new QuantityChange(ITEM, LEEDS, 20, null))));
  }

  @Test
  void a_level_pushed_for_another_item_does_not_count() {
    pushed.put(SyncState.levelKey("gid://shopify/InventoryItem/99", LONDON), 12);

    assertThat(levels()).containsExactly(Map.entry(LONDON, 12));
  }

  @Test
  void a_product_the_id_map_does_not_know_is_missing() {
    idMap.clear();

    assertThat(decision()).isEqualTo(new Decision.Missing(catalog.get(PRODUCT)));
  }

  @Test
  void an_archived_or_deleted_product_is_left_unchanged() {
    idMap.put(PRODUCT, line(StoreProduct.State.ARCHIVED));
    assertThat(decision()).isEqualTo(new Decision.Unchanged("SKU " + SKU + " is archived there"));

    idMap.put(PRODUCT, line(StoreProduct.State.DELETED));
    assertThat(decision()).isEqualTo(new Decision.Unchanged("SKU " + SKU + " is deleted there"));
  }

  @Test
  void a_product_brightpearl_no_longer_has_is_gone_even_when_missing_on_the_store() {
    catalog.clear();
    idMap.clear();

    assertThat(decision()).isEqualTo(new Decision.Unchanged("product " + PRODUCT + " is gone"));
  }

  @Test
  void a_product_without_availability_is_not_stock_tracked_even_when_missing_on_the_store() {
    availability.clear();
    idMap.clear();

    assertThat(decision()).isEqualTo(new Decision.Unchanged("not stock-tracked"));
  }

  @Test
  void every_product_gets_a_decision_in_the_order_asked() {
    catalog.put(8L, new CatalogProduct(8L, "SKU-8", List.of(), List.of()));
    availability.put(8L, AVAILABILITY);

    Map<Long, Decision> plan = StockPlan.plan(List.of(8L, PRODUCT, 9L), reads(), settings());

    assertThat(plan.keySet()).containsExactly(8L, PRODUCT, 9L);
    assertThat(plan.get(8L)).isInstanceOf(Decision.Missing.class);
    assertThat(plan.get(PRODUCT)).isInstanceOf(Decision.Writes.class);
    assertThat(plan.get(9L)).isEqualTo(new Decision.Unchanged("product 9 is gone"));
  }

  @Test
  void only_unknown_products_with_facts_and_a_sku_are_looked_up_by_sku() {
    catalog.put(8L, new CatalogProduct(8L, "SKU-8", List.of(), List.of()));
    catalog.put(9L, new CatalogProduct(9L, " ", List.of(), List.of()));

    assertThat(StockPlan.unknownSkus(List.of(PRODUCT, 8L, 9L, 10L), catalog, idMap))
        .containsExactly(Map.entry("SKU-8", 8L));
  }

  @Test
  void
      pushed_levels_and_held_back_units_are_read_only_for_the_products_whose_levels_are_computed() {
    catalog.put(8L, new CatalogProduct(8L, "SKU-8", List.of(), List.of()));
    idMap.put(8L, line(8L, StoreProduct.State.ACTIVE));
    catalog.put(9L, new CatalogProduct(9L, "SKU-9", List.of(), List.of()));
    availability.put(9L, AVAILABILITY);
    idMap.put(9L, line(9L, StoreProduct.State.ARCHIVED));

    assertThat(StockPlan.computed(List.of(PRODUCT, 8L, 9L), catalog, availability, idMap))
        .containsExactly(idMap.get(PRODUCT));
  }

  @Test
  void sales_the_store_made_that_we_have_not_heard_of_are_held_back_from_their_level_too() {
    receivedUnits = Map.of(SKU, 4L);
    heldBack.put(SKU, 3);
    unseen.put(SyncState.levelKey(ITEM, LONDON), 2);

    assertThat(decision())
        .isEqualTo(
            new Decision.Writes(
                catalog.get(PRODUCT),
                List.of(new QuantityChange(ITEM, LONDON, 7, null)),
                List.of(9),
                4L));
  }

  @Test
  void unseen_sales_count_only_on_a_store_whose_sales_are_heard_of() {
    unseen.put(SyncState.levelKey(ITEM, LONDON), 2);

    assertThat(levels()).containsExactly(Map.entry(LONDON, 12));
  }

  @Test
  void a_level_equal_to_the_last_pushed_once_unseen_sales_are_held_back_is_not_written() {
    receivedUnits = Map.of();
    unseen.put(SyncState.levelKey(ITEM, LONDON), 2);
    pushed.put(SyncState.levelKey(ITEM, LONDON), 10);

    assertThat(decision()).isEqualTo(new Decision.Unchanged("SKU " + SKU));
  }

  @Test
  void a_level_equal_to_the_last_pushed_is_written_while_a_write_of_it_is_under_way() {
    pushed.put(SyncState.levelKey(ITEM, LONDON), 12);
    writing.add(SyncState.levelKey(ITEM, LONDON));

    assertThat(levels()).containsExactly(Map.entry(LONDON, 12));
  }

  private Map<String, Integer> levels() {
    Decision decision = decision();
    assertThat(decision).isInstanceOf(Decision.Writes.class);
    Map<String, Integer> levels = new LinkedHashMap<>();
    for (QuantityChange change : ((Decision.Writes) decision).changes()) {
      assertThat(change.inventoryItemId()).isEqualTo(ITEM);
      assertThat(change.changeFromQuantity()).isNull();
      levels.put(change.locationId(), change.quantity());
    }
    return levels;
  }

  private Decision decision() {
    return StockPlan.plan(List.of(PRODUCT), reads(), settings()).get(PRODUCT);
  }

  private StockPlan.Reads reads() {
    return new StockPlan.Reads(
        catalog, availability, idMap, pushed, heldBack, receivedUnits, unseen, writing);
  }

  private StockPlan.Settings settings() {
    return new StockPlan.Settings(formula, safety, locations);
  }

  private static StoreProduct line(StoreProduct.State state) {
    return line(PRODUCT, state);
  }

  private static StoreProduct line(long product, StoreProduct.State state) {
    return new StoreProduct(
        "shop",
        product,
        "SKU-" + product,
        "gid://shopify/Product/" + product,
        "gid://shopify/ProductVariant/" + product,
        product == PRODUCT ? ITEM : "gid://shopify/InventoryItem/" + product * 10,
        "hash",
        state);
  }
}
