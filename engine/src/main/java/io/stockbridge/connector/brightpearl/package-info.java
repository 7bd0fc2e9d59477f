/**
 * The Brightpearl connector used by the sync flows: {@link
 * io.stockbridge.connector.brightpearl.BrightpearlClient} reads products, availability, prices,
 * categories, warehouses and product search pages, and registers webhooks. ID sets are compacted
 * into ranges of at most 200 ids per request; the account's 200-requests-per-rolling-minute budget
 * is modelled from the response headers in a shared {@link
 * io.stockbridge.ratelimit.BudgetStateStore} so that the client waits instead of being throttled;
 * 503/429, 5xx, timeouts and malformed answers are retried a bounded number of times and then
 * reported as a typed {@link io.stockbridge.connector.brightpearl.BrightpearlException}.
 */
package io.stockbridge.connector.brightpearl;
