package io.stockbridge.flow.stock;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.brightpearl.ProductAvailability;
import io.stockbridge.connector.shopify.QuantityChange;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.sync.SyncState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stock flow's planning step for one store and flush, with no I/O: from what was read (catalog
 * facts, availability, the id map, the levels last pushed, the units held back) and the store's
 * settings, what becomes of each product: unchanged (with why), missing on the store, or the levels
 * to write. A level is the mapped warehouses' figure by the formula ({@link StockLevels}), less the
 * product's safety stock and its held-back units, never below 0; a level equal to the one last
 * pushed is not written again. Stateless.
 */
final class StockPlan {
  private StockPlan() {}

  /**
   * What the plan needs of a store's configuration.
   *
   * @param locations the resolved mapping: Shopify location global id to warehouse ids
   */
  record Settings(
      SyncConfig.StockFormula formula,
      SyncConfig.SafetyStock safetyStock,
      Map<String, List<Long>> locations) {}

  /**
   * What one flush read for one store.
   *
   * @param catalog catalog facts by product id (absent: Brightpearl no longer has the product)
   * @param availability by product id (absent: not stock-tracked)
   * @param idMap the store's id map lines by product id (absent: not on the store)
   * @param pushedLevels quantities last pushed by {@link SyncState#levelKey}
   * @param heldBack units held back by SKU ({@link HeldBack})
   * @param receivedUnits units of the store's orders ever received by SKU, or null when the store
   *     runs no order flow ({@link HeldBack.Reservations})
   * @param unseen by level key, units Shopify took off that level on its own and whose orders have
   *     not been received yet (sales not yet heard of, {@link UnseenSales}): held back from it too
   * @param writing level keys with a write buffered or in flight: a level equal to the last pushed
   *     is written all the same (the write under way may leave another figure)
   */
  record Reads(
      Map<Long, CatalogProduct> catalog,
      Map<Long, ProductAvailability> availability,
      Map<Long, StoreProduct> idMap,
      Map<String, Integer> pushedLevels,
      Map<String, Integer> heldBack,
      Map<String, Long> receivedUnits,
      Map<String, Integer> unseen,
      java.util.Set<String> writing) {
    Reads(
        Map<Long, CatalogProduct> catalog,
        Map<Long, ProductAvailability> availability,
        Map<Long, StoreProduct> idMap,
        Map<String, Integer> pushedLevels,
        Map<String, Integer> heldBack) {
      this(
          catalog, availability, idMap, pushedLevels, heldBack, null, Map.of(), java.util.Set.of());
    }
  }

  /** What becomes of one product on the store. */
  sealed interface Decision {
    /** Nothing to write; {@code detail} says why. */
    record Unchanged(String detail) implements Decision {}

    /** The store does not have the product (its id map has no line for it). */
    record Missing(CatalogProduct product) implements Decision {}

    /**
     * Levels that differ from what was last pushed, in the mapping's order of locations; {@code
     * targets} are each level's figure before the sales not yet heard of are taken off (what the
     * write re-plans from if the store moved meanwhile), {@code receivedUnits} the SKU's units ever
     * received (null: not known).
     */
    record Writes(
        CatalogProduct product,
        List<QuantityChange> changes,
        List<Integer> targets,
        Long receivedUnits)
        implements Decision {
      Writes(CatalogProduct product, List<QuantityChange> changes) {
        this(product, changes, changes.stream().map(QuantityChange::quantity).toList(), null);
      }
    }
  }

  /** The decision for each of {@code productIds}, in their order. */
  static Map<Long, Decision> plan(Collection<Long> productIds, Reads reads, Settings settings) {
    Map<Long, Decision> decisions = new LinkedHashMap<>();
    for (long id : productIds) {
      decisions.put(id, decide(id, reads, settings));
    }
    return decisions;
  }

  private static Decision decide(long id, Reads reads, Settings settings) {
    CatalogProduct facts = reads.catalog().get(id);
    ProductAvailability figures = reads.availability().get(id);
    StoreProduct mapped = reads.idMap().get(id);
    if (facts == null) {
      return new Decision.Unchanged("product " + id + " is gone");
    }
    if (figures == null) {
      return new Decision.Unchanged("not stock-tracked");
    }
    if (mapped == null) {
      return new Decision.Missing(facts);
    }
    if (mapped.state() != StoreProduct.State.ACTIVE) {
      return new Decision.Unchanged(
          "SKU "
              + facts.sku()
              + " is "
              + mapped.state().name().toLowerCase(Locale.ROOT)
              + " there");
    }
    int safety = settings.safetyStock().unitsFor(facts.sku(), facts.tags());
    int held = Math.max(0, reads.heldBack().getOrDefault(facts.sku(), 0));
    int keptBack = (int) Math.min(Integer.MAX_VALUE, (long) safety + held);
    List<QuantityChange> changes = new ArrayList<>();
    List<Integer> targets = new ArrayList<>();
    StockLevels.expected(figures, settings.locations(), settings.formula(), keptBack)
        .forEach(
            (location, target) -> {
              String key = SyncState.levelKey(mapped.inventoryItem(), location);
              // Sales Shopify took off this level whose orders we have not received yet.
              int unseen =
                  reads.receivedUnits() == null
                      ? 0
                      : Math.max(0, reads.unseen().getOrDefault(key, 0));
              int quantity = Math.max(0, target - unseen);
              Integer last = reads.pushedLevels().get(key);
              if (last == null || quantity != last || reads.writing().contains(key)) {
                changes.add(new QuantityChange(mapped.inventoryItem(), location, quantity, null));
                targets.add(target);
              }
            });
    Long received =
        reads.receivedUnits() == null ? null : reads.receivedUnits().getOrDefault(facts.sku(), 0L);
    return changes.isEmpty()
        ? new Decision.Unchanged("SKU " + facts.sku())
        : new Decision.Writes(facts, changes, targets, received);
  }

  /**
   * The SKUs to look up on the store before planning: products with catalog facts and a SKU that
   * the id map does not know, by SKU.
   */
  static Map<String, Long> unknownSkus(
      Collection<Long> productIds,
      Map<Long, CatalogProduct> catalog,
      Map<Long, StoreProduct> idMap) {
    Map<String, Long> unknown = new LinkedHashMap<>();
    for (long id : productIds) {
      CatalogProduct facts = catalog.get(id);
      if (!idMap.containsKey(id) && facts != null && !facts.sku().isBlank()) {
        unknown.put(facts.sku(), id);
      }
    }
    return unknown;
  }

  /**
   * The products the plan computes levels for: those with catalog facts and availability whose id
   * map line is active. Their inventory items' last pushed levels and their SKUs' held-back units
   * are what the plan needs read.
   */
  static List<StoreProduct> computed(
      Collection<Long> productIds,
      Map<Long, CatalogProduct> catalog,
      Map<Long, ProductAvailability> availability,
      Map<Long, StoreProduct> idMap) {
    List<StoreProduct> lines = new ArrayList<>();
    for (long id : productIds) {
      StoreProduct mapped = idMap.get(id);
      if (catalog.containsKey(id)
          && availability.containsKey(id)
          && mapped != null
          && mapped.state() == StoreProduct.State.ACTIVE) {
        lines.add(mapped);
      }
    }
    return lines;
  }
}
