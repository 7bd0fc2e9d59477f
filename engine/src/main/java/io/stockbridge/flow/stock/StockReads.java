package io.stockbridge.flow.stock;

import io.stockbridge.connector.brightpearl.BrightpearlClient;
import io.stockbridge.connector.brightpearl.ProductAvailability;
import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.connector.shopify.VariantRef;
import io.stockbridge.idset.IdSet;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.sync.CatalogReader;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.sync.SyncState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a flush reads before it plans: Brightpearl's availability and the catalog facts (once for
 * every store), then per store its id map (asking Shopify by SKU only for products it does not
 * know, and remembering what it answers), the levels last pushed and the units held back. The
 * {@link StockPlan} says which of them it needs. Thread-safe.
 */
final class StockReads {
  /**
   * What the warehouse says of a flush's products; {@code readStartedAt} (epoch milliseconds) is
   * when the availability read began (orders the warehouse took after it may be missing from it).
   */
  record Warehouse(
      Map<Long, ProductAvailability> availability,
      Map<Long, CatalogProduct> catalog,
      long readStartedAt) {}

  private final BrightpearlClient brightpearl;
  private final CatalogReader catalog;
  private final SyncState state;
  private final HeldBack heldBack;
  private final Clock clock;

  StockReads(
      BrightpearlClient brightpearl,
      CatalogReader catalog,
      SyncState state,
      HeldBack heldBack,
      Clock clock) {
    this.clock = clock;
    this.brightpearl = brightpearl;
    this.catalog = catalog;
    this.state = state;
    this.heldBack = heldBack;
  }

  /** Availability (ID-set calls) and catalog facts of {@code productIds}, with when it began. */
  Warehouse warehouse(List<Long> productIds) {
    long readStartedAt = clock.millis();
    Map<Long, ProductAvailability> availability = brightpearl.availability(IdSet.of(productIds));
    return new Warehouse(availability, catalog.catalog(productIds), readStartedAt);
  }

  /**
   * Everything the plan reads for {@code store}: {@code now} is when the flush began, before it
   * reads the pushed levels.
   */
  StockPlan.Reads store(
      String store,
      ShopifyConnector shopify,
      List<Long> productIds,
      Warehouse warehouse,
      long now) {
    Map<Long, StoreProduct> idMap = idMap(store, shopify, productIds, warehouse.catalog(), now);
    List<StoreProduct> computed =
        StockPlan.computed(productIds, warehouse.catalog(), warehouse.availability(), idMap);
    Set<String> items = new LinkedHashSet<>();
    Set<String> skus = new LinkedHashSet<>();
    for (StoreProduct line : computed) {
      items.add(line.inventoryItem());
      skus.add(warehouse.catalog().get(line.productId()).sku());
    }
    Map<String, Integer> pushed = state.pushedLevels(store, new ArrayList<>(items));
    HeldBack.Reservations held = heldBack.reservations(store, skus, warehouse.readStartedAt());
    return new StockPlan.Reads(
        warehouse.catalog(),
        warehouse.availability(),
        idMap,
        pushed,
        held.units(),
        held.receivedUnits(),
        Map.of(),
        Set.of());
  }

  /** The id map's lines of {@code productIds}, with those Shopify finds by SKU learned. */
  private Map<Long, StoreProduct> idMap(
      String store,
      ShopifyConnector shopify,
      List<Long> productIds,
      Map<Long, CatalogProduct> facts,
      long now) {
    Map<Long, StoreProduct> idMap = new LinkedHashMap<>(state.storeProducts(store, productIds));
    Map<String, Long> unknownSkus = StockPlan.unknownSkus(productIds, facts, idMap);
    if (unknownSkus.isEmpty()) {
      return idMap;
    }
    Map<String, VariantRef> found = shopify.findVariantsBySku(unknownSkus.keySet());
    List<StoreProduct> learned = new ArrayList<>();
    found.forEach(
        (sku, variant) -> {
          long productId = unknownSkus.get(sku);
          StoreProduct line =
              StoreProduct.adopted(
                  store,
                  productId,
                  sku,
                  variant.productId(),
                  variant.variantId(),
                  variant.inventoryItemId());
          learned.add(line);
          idMap.put(productId, line);
        });
    state.putStoreProducts(learned, now);
    return idMap;
  }
}
