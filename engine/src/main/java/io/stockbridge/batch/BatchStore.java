package io.stockbridge.batch;

import java.util.List;
import java.util.Optional;

/**
 * Batches in the database. Counting is done by the database itself in the transaction that changes
 * an event, on every path (settlement, rescue, replay, redrive), and completion is one conditional
 * update in the transaction that ends the last member (or closes the batch), which appends the
 * {@code batch.completed} event: exactly one per batch whatever the nodes, retries and crashes.
 * Thread-safe.
 */
public interface BatchStore {
  /** Opens a batch that events can then be tagged with; {@code rebuildStores} may be empty. */
  Batch open(String kind, String name, String openedBy, List<String> rebuildStores, long now);

  /**
   * Closes an open batch: from now it completes when every member has ended (at once when they all
   * have). Throws {@link BatchException} when there is no such batch or it is not open.
   */
  Batch close(long id, long now);

  Optional<Batch> find(long id);

  /** Newest first; {@code state} null for all; {@code beforeId} null for the first page. */
  List<Batch> list(BatchState state, Long beforeId, int limit);
}
