/**
 * The product flow: Brightpearl products mapped to Shopify ({@link
 * io.stockbridge.flow.product.ProductMapper}), upserted per store with {@code productSet} (a bulk
 * operation above the configured threshold) and skipped when their content hash is unchanged
 * ({@link io.stockbridge.flow.product.ProductSync}); the queue handlers for {@code product.sync},
 * {@code product.destroy} and {@code category.sync}; and the per-store id cache ({@link
 * io.stockbridge.flow.product.ProductIdCache}).
 */
package io.stockbridge.flow.product;
