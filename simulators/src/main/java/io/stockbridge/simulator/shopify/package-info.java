/**
 * A faithful Shopify Admin GraphQL simulator: a real HTTP server (Javalin) that executes queries
 * with graphql-java against Shopify's real 2026-10 schema, over a stateful catalog (products,
 * variants, SKUs, inventory items, locations, levels, tags, bulk operations), with Shopify's cost
 * model and leaky bucket per shop, idempotency keys, user errors, signed webhooks, and a control
 * API for seeding data, injecting faults and reading counters.
 *
 * <p>Entry point: {@link io.stockbridge.simulator.shopify.ShopifySimulator#start}. Everything here
 * is thread-safe; a shop's catalog is guarded by the shop's lock.
 */
package io.stockbridge.simulator.shopify;
