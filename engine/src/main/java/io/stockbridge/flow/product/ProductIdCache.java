package io.stockbridge.flow.product;

import io.stockbridge.connector.shopify.VariantRef;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.sync.SyncContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The id cache of a store: SKU, Brightpearl product id, Shopify product, variant and inventory
 * item, kept in the sync state's id map ({@code store_products}). It is filled as products are
 * written, or found by SKU the first time a flow needs them; {@link #warm} fills it for many
 * products at once (onboarding, a full sync) with one SKU lookup per 100 products. An entry is
 * dropped when Shopify says its product is gone. Thread-safe.
 */
public final class ProductIdCache {
  private final SyncContext context;

  public ProductIdCache(SyncContext context) {
    this.context = context;
  }

  /** The cached lines of {@code productIds} on {@code store} (no API call). */
  public Map<Long, StoreProduct> known(String store, Collection<Long> productIds) {
    return context.state().storeProducts(store, productIds);
  }

  /**
   * Looks up on the store, by SKU, the products among {@code productIds} the cache does not know,
   * and remembers those found (without a content hash, so the next product sync writes them once).
   * Returns how many were found.
   */
  public int warm(String store, Collection<Long> productIds) {
    Map<Long, StoreProduct> known = known(store, productIds);
    List<Long> missing = productIds.stream().filter(id -> !known.containsKey(id)).toList();
    if (missing.isEmpty()) {
      return 0;
    }
    Map<Long, CatalogProduct> catalog = context.catalog().catalog(missing);
    Map<String, VariantRef> found =
        context
            .shopify(store)
            .findVariantsBySku(catalog.values().stream().map(CatalogProduct::sku).toList());
    List<StoreProduct> lines = new ArrayList<>();
    for (CatalogProduct product : catalog.values()) {
      VariantRef variant = found.get(product.sku());
      if (variant != null) {
        lines.add(
            new StoreProduct(
                store,
                product.productId(),
                product.sku(),
                variant.productId(),
                variant.variantId(),
                variant.inventoryItemId(),
                null,
                StoreProduct.State.ACTIVE));
      }
    }
    if (!lines.isEmpty()) {
      context.state().putStoreProducts(lines, context.clock().millis());
    }
    return lines.size();
  }

  /** Drops the entry of a product whose Shopify ids an API said are gone. */
  public void invalidate(String store, long productId) {
    context.state().forgetStoreProduct(store, productId);
  }
}
