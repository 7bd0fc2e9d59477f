/**
 * The order flows: Shopify orders into Brightpearl sales orders exactly once ({@link
 * io.stockbridge.flow.order.OrderInHandler}), their cancellations and refunds, Brightpearl
 * shipments back as Shopify fulfilments, the catch-up poll, and the quantities of orders still in
 * flight that the stock flow holds back ({@link io.stockbridge.flow.order.InFlightReservations}).
 */
package io.stockbridge.flow.order;
