/**
 * Fan-out of change events to subscribers (issue 13): the {@link
 * io.stockbridge.fanout.DeliveryStore} (the outbox turned into one delivery per matching
 * subscriber, each delivery's state and attempts), the {@link io.stockbridge.fanout.FanoutService}
 * (a router and one worker per subscriber, on the {@code fanout} leader), and the senders: Standard
 * Webhooks signed HTTP ({@link io.stockbridge.fanout.WebhookSender}, {@link
 * io.stockbridge.fanout.WebhookSignature}, checked by {@link
 * io.stockbridge.fanout.OutboundPolicy}), RabbitMQ with publisher confirms and NATS JetStream with
 * acknowledged publishes.
 */
package io.stockbridge.fanout;
