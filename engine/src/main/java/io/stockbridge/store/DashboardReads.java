package io.stockbridge.store;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The figures the dashboard reads from the database: counts over time, the queue now, failing work
 * items, the last event of a source or store, batches and API budgets. Times are epoch
 * milliseconds. Every read is bounded by an index or a limit, so it stays cheap with millions of
 * events stored. Implementations are thread-safe.
 */
public interface DashboardReads {
  /** A count in a time bucket ({@code bucketStart}) for one group and (optionally) status. */
  record Count(long bucketStart, String group, String status, long count) {}

  /** Events received since {@code since}, per source, in buckets of {@code bucketMillis}. */
  List<Count> receivedBySource(long since, long bucketMillis);

  /**
   * Runs settled since {@code since} (history steps succeeded, failed, dead), per flow and status,
   * in buckets of {@code bucketMillis}.
   */
  List<Count> settledByFlow(long since, long bucketMillis);

  /** The queue at {@code now}; {@code oldestReadyAgeMillis} is 0 when nothing is ready. */
  record QueueSample(
      long at,
      long ready,
      long running,
      long waiting,
      long dead,
      long retrying,
      long oldestReadyAgeMillis) {}

  QueueSample queueSample(long now);

  /**
   * Work items of one flow (item kind) in one state; {@code oldestDueAt} is the earliest {@code
   * run_after} of its ready items that are due at the time asked (0 when none, or another state).
   */
  record FlowQueue(String flow, String state, long items, long oldestDueAt) {}

  /** The queue at {@code now} by flow and state. */
  List<FlowQueue> queueByFlow(long now);

  /** A work item whose last run failed: retrying ({@code ready}) or {@code dead}. */
  record FailingItem(
      long itemId,
      Long eventId,
      String flow,
      String store,
      String state,
      int attempts,
      String errorType,
      String lastError,
      String errorCauses,
      long updatedAt) {}

  /** The newest {@code limit} failing items, newest first. */
  List<FailingItem> failingItems(int limit);

  /** The failing items of one event (its error type and cause chain), newest first. */
  List<FailingItem> failuresOf(long eventId);

  /** When the newest event of a source (and store, when not null) was received. */
  OptionalLong lastReceived(String source, String store);

  /** A batch and how many of its events are in each status. */
  record BatchProgress(
      long id, String name, long createdAt, long total, Map<String, Long> byStatus) {}

  /** The newest {@code limit} batches, newest first. */
  List<BatchProgress> recentBatches(int limit);

  /** A stored API budget: its name and the connector's opaque state (JSON). */
  record Budget(String name, String state, long updatedAt) {}

  List<Budget> budgets();
}
