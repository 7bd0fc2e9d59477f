package io.stockbridge.store.jdbc;

import io.stockbridge.change.Change;
import io.stockbridge.change.ProductDeleted;
import io.stockbridge.change.ProductUpserted;
import io.stockbridge.sync.StoreProduct;
import java.util.Locale;
import java.util.Objects;

/** The change event an id map line's write makes, if any. Stateless. */
final class ProductChanges {
  private ProductChanges() {}

  /** {@code product.upserted} or {@code product.deleted}, or null when nothing changed. */
  static Change of(StoreProduct before, StoreProduct after) {
    if (after.state() != StoreProduct.State.ACTIVE) {
      if (before != null && before.state() == after.state()) {
        return null;
      }
      return new ProductDeleted(
          after.store(),
          after.productId(),
          after.sku(),
          after.shopifyProduct(),
          after.state().name().toLowerCase(Locale.ROOT));
    }
    if (before != null
        && before.state() == StoreProduct.State.ACTIVE
        && Objects.equals(before.sku(), after.sku())
        && Objects.equals(before.shopifyProduct(), after.shopifyProduct())
        && Objects.equals(before.shopifyVariant(), after.shopifyVariant())
        && Objects.equals(before.inventoryItem(), after.inventoryItem())
        && Objects.equals(before.contentHash(), after.contentHash())) {
      return null;
    }
    return new ProductUpserted(
        after.store(),
        after.productId(),
        after.sku(),
        after.shopifyProduct(),
        after.shopifyVariant(),
        after.inventoryItem(),
        after.contentHash(),
        before == null || before.state() != StoreProduct.State.ACTIVE);
  }
}
