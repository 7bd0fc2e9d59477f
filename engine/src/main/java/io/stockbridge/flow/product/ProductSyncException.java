package io.stockbridge.flow.product;

import io.stockbridge.StockbridgeException;

/** Shopify refused to write some products; the message names their SKUs and the user errors. */
public final class ProductSyncException extends StockbridgeException {
  public ProductSyncException(String message) {
    super(message);
  }
}
