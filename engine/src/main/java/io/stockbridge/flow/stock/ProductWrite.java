package io.stockbridge.flow.stock;

import io.stockbridge.connector.shopify.QuantityChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A product's writes on one store in one flush: completes its waiters when all its levels are
 * written (or failed). Thread-safe.
 */
final class ProductWrite {
  final String store;
  final Coalescer.Pending product;
  final String sku;
  private int remaining;
  private final List<String> set = new ArrayList<>();
  private ProductOutcome failure;
  private String reference;

  ProductWrite(String store, Coalescer.Pending product, String sku, int levels) {
    this.store = store;
    this.product = product;
    this.sku = sku;
    this.remaining = levels;
  }

  void eventIds(Set<Long> into) {
    product.eventIds(store, into);
  }

  synchronized void applied(QuantityChange change, String ref) {
    set.add(change.quantity() + " at " + StoreWrites.shortLocation(change.locationId()));
    reference = ref;
    settleOne();
  }

  synchronized void fail(ProductOutcome outcome) {
    if (failure == null
        || outcome instanceof ProductOutcome.Error
        || outcome instanceof ProductOutcome.Rejected) {
      failure =
          outcome instanceof ProductOutcome.Rejected r
              ? new ProductOutcome.Rejected("SKU " + sku + " " + r.reason())
              : outcome instanceof ProductOutcome.Retry t
                  ? new ProductOutcome.Retry(t.delay(), "SKU " + sku + ": " + t.reason())
                  : outcome;
    }
    settleOne();
  }

  private void settleOne() {
    remaining--;
    if (remaining == 0) {
      product.complete(
          store,
          failure != null
              ? failure
              : new ProductOutcome.Pushed(
                  "SKU " + sku + " set to " + String.join(", ", set) + " (" + reference + ")"));
    }
  }
}
