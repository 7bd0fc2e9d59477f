package io.stockbridge.sync;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.connector.brightpearl.BrightpearlCategory;
import io.stockbridge.connector.brightpearl.BrightpearlClient;
import io.stockbridge.connector.brightpearl.BrightpearlProduct;
import io.stockbridge.idset.IdSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Warehouse facts the flows need, asked of Brightpearl only when the sync state does not know them:
 * catalog entries (SKU, tags, categories) and the category tree and brands, kept in memory until
 * {@link #forgetTree} (a category changed). Thread-safe.
 */
public final class CatalogReader {
  private final BrightpearlClient warehouse;
  private final SyncState state;
  private final SyncConfig.Products rules;
  private final Clock clock;
  private volatile Map<Long, BrightpearlCategory> categories;
  private volatile Map<Long, String> brands;

  /**
   * @param rules the tagging rules ({@code products.*})
   */
  public CatalogReader(
      BrightpearlClient warehouse, SyncState state, SyncConfig.Products rules, Clock clock) {
    this.warehouse = warehouse;
    this.state = state;
    this.rules = rules;
    this.clock = clock;
  }

  /**
   * Catalog entries for {@code productIds}: from the sync state, the rest read from Brightpearl in
   * ID-set calls and remembered. Ids Brightpearl does not know are absent from the result.
   */
  public Map<Long, CatalogProduct> catalog(Collection<Long> productIds) {
    Map<Long, CatalogProduct> known = new HashMap<>(state.catalog(productIds));
    List<Long> missing = productIds.stream().filter(id -> !known.containsKey(id)).toList();
    if (!missing.isEmpty()) {
      for (CatalogProduct product : remember(warehouse.products(IdSet.of(missing)))) {
        known.put(product.productId(), product);
      }
    }
    return known;
  }

  /** Computes and stores catalog entries for products just read from Brightpearl. */
  public List<CatalogProduct> remember(List<BrightpearlProduct> products) {
    List<CatalogProduct> entries = new ArrayList<>();
    for (BrightpearlProduct product : products) {
      entries.add(
          new CatalogProduct(
              product.id(), product.identity().sku(), tags(product), product.categoryIds()));
    }
    state.putCatalog(entries, clock.millis());
    return entries;
  }

  /** The storefront tags of {@code product} under the configured rules. */
  public List<String> tags(BrightpearlProduct product) {
    return ProductTags.of(product, categories(), brands(), rules);
  }

  /** The category tree by id (one call, then remembered). */
  public Map<Long, BrightpearlCategory> categories() {
    Map<Long, BrightpearlCategory> tree = categories;
    if (tree == null) {
      tree =
          warehouse.allCategories().stream()
              .collect(Collectors.toUnmodifiableMap(BrightpearlCategory::id, Function.identity()));
      categories = tree;
    }
    return tree;
  }

  /** Brand names by id (one call, then remembered). */
  public Map<Long, String> brands() {
    Map<Long, String> known = brands;
    if (known == null) {
      known = Map.copyOf(warehouse.brands());
      brands = known;
    }
    return known;
  }

  /** Forgets the category tree and brands: the next use reads them again. */
  public void forgetTree() {
    categories = null;
    brands = null;
  }
}
