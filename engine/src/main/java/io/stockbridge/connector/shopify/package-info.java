/**
 * The Shopify Admin GraphQL connector the sync flows use: {@link
 * io.stockbridge.connector.shopify.ShopifyConnector} (one per store) over {@link
 * io.stockbridge.connector.shopify.ShopifyClient}, which paces requests by a model of the store's
 * cost bucket shared through {@link io.stockbridge.ratelimit.BudgetStateStore}, and retries
 * THROTTLED, 429, 5xx, timeouts and malformed answers before giving up with {@link
 * io.stockbridge.connector.shopify.ShopifyRetryLaterException}. GraphQL documents live in {@code
 * src/main/resources/shopify/graphql/}.
 */
package io.stockbridge.connector.shopify;
