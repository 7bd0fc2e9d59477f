/**
 * The durable work queue: items, outcomes, handlers and the dispatcher that claims, runs and
 * settles them with leases, backoff and dead letters.
 */
package io.stockbridge.queue;
