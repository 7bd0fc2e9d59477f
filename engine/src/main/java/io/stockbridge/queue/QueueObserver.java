package io.stockbridge.queue;

/**
 * Sees what the {@link Dispatcher} does: each handler run (kind, items, duration) and each
 * settlement once it is written. Metrics plug in here ({@code metrics.QueueMetrics}). Called on
 * handler and settler threads: implementations are thread-safe, quick and never block.
 */
public interface QueueObserver {
  /** Observes nothing. */
  QueueObserver NONE = new QueueObserver() {};

  /** A handler of {@code kind} ran {@code items} items in {@code nanos}. */
  default void handled(String kind, int items, long nanos) {}

  /** A settlement was written. */
  default void settled(Settlement settlement) {}
}
