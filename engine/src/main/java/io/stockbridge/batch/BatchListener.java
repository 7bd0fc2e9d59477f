package io.stockbridge.batch;

/**
 * A next stage: told of each completed batch (at least once: a stage must be idempotent, e.g. a
 * compare-and-set of its own state). Called on a dispatcher virtual thread; must be thread-safe. An
 * exception retries the stage later (through {@code queue.Outcome.of}).
 */
@FunctionalInterface
public interface BatchListener {
  void completed(Batch batch);
}
