/**
 * What the order flows store (migration V21): {@link io.stockbridge.order.OrderStore}, the link of
 * each Shopify order to its Brightpearl sales order, its lines, the contact cache, the actions done
 * once and the catch-up cursors. Implemented in {@code store.jdbc}; used by {@code flow.order}.
 */
package io.stockbridge.order;
