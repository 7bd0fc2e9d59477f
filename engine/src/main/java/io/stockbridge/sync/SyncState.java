package io.stockbridge.sync;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flows' memory, in the database so every node shares it: the warehouse catalog's stable facts,
 * each store's id map, the quantities last written, and shadow writes. Implementations are
 * thread-safe.
 */
public interface SyncState {
  /** Inserts or replaces catalog entries. */
  void putCatalog(Collection<CatalogProduct> products, long now);

  Map<Long, CatalogProduct> catalog(Collection<Long> productIds);

  Optional<CatalogProduct> catalogBySku(String sku);

  /** Ids of catalog products in any of {@code categoryIds}. */
  List<Long> productsInCategories(Collection<Long> categoryIds);

  /** Every catalog product id, ascending. */
  List<Long> catalogIds();

  /** Inserts or replaces id map lines. */
  void putStoreProducts(Collection<StoreProduct> products, long now);

  Map<Long, StoreProduct> storeProducts(String store, Collection<Long> productIds);

  /** The store's whole id map, by inventory item id (reconciliation). */
  Map<String, StoreProduct> storeProductsByInventoryItem(String store);

  /** Forgets a line because the store said its ids are gone. */
  void forgetStoreProduct(String store, long productId);

  /** Quantities last written at the store, by inventory item and location ({@code item|loc}). */
  Map<String, Integer> pushedLevels(String store, Collection<String> inventoryItems);

  /** Records quantities written (or observed by reconciliation). */
  void putPushedLevels(Collection<PushedLevel> levels, long now);

  void recordShadowWrites(Collection<ShadowWrite> writes);

  /** A store's shadow writes, newest first, before {@code beforeId} (null: from the newest). */
  List<ShadowWrite> shadowWrites(String store, Long beforeId, int limit);

  static String levelKey(String inventoryItem, String locationId) {
    return inventoryItem + "|" + locationId;
  }
}
