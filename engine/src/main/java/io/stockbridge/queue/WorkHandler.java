package io.stockbridge.queue;

import java.util.List;

/**
 * Handles claimed items of one kind. Receives a batch (all items of its kind from one claim) so
 * that flows can coalesce and batch API calls; returns one outcome per item, in the same order.
 * Called from virtual threads; implementations must be thread-safe.
 */
public interface WorkHandler {
  /** The kind of item this handler takes, e.g. {@code stock.sync}. */
  String kind();

  List<Outcome> handle(List<WorkItem> items);
}
