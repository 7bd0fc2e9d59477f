package io.stockbridge.event;

import java.util.List;
import java.util.Optional;

/**
 * The durable event log: metadata, payloads apart, and each event's append-only history.
 * Implementations are thread-safe.
 */
public interface EventLog {
  /**
   * Stores events, their payloads, their first history and their work items in one transaction:
   * when this returns, they are durable. A dedupe key seen before yields the existing id, marked
   * duplicate, and stores nothing. Results are in input order.
   */
  List<AppendResult> append(List<NewEvent> events, long now);

  Optional<EventRecord> find(long id);

  List<EventRecord> findAll(List<Long> ids);

  Optional<Payload> payload(long id);

  List<HistoryEntry> history(long id);

  EventPage search(EventQuery query);

  long count(EventQuery query);

  /**
   * Indexes what up to {@code maxEvents} of the events stored before the name index existed name
   * ({@link EventNames}), newest first, in one transaction; returns how many it read, 0 once none
   * is left. Events stored since are indexed as they are stored.
   */
  int backfillNames(int maxEvents);

  /** How many events stored before the name index wait for {@link #backfillNames}. */
  long namesBackfillRemaining();

  /**
   * Queues events again: for each, its work items are inserted, its status becomes queued and a
   * history step records {@code detail}; {@code batchId} (may be null) is set on each. One
   * transaction.
   */
  void requeue(List<Requeue> requeues, Long batchId, String detail, long now);

  /**
   * Creates a reference batch: a name for a write of {@code total} things (a stock push's {@code
   * gid://stockbridge/SyncBatch/<id>}), never a completion barrier. For a group of events that a
   * next stage waits on, use {@link #openBatch} and {@link #closeBatch}.
   */
  long createBatch(String name, int total, long now);

  /**
   * Opens a batch of events (kind: {@code reconciliation}, {@code replay}, {@code full-sync}, ...):
   * events appended or requeued with its id are its members. Close it when all are tagged.
   */
  long openBatch(String kind, String name, long now);

  /**
   * Closes an open batch: it completes, appending one {@code batch.completed} event, when its last
   * member ends (in this transaction if all have already). Throws {@code batch.BatchException} when
   * it does not exist or is not open.
   */
  void closeBatch(long batchId, long now);

  /**
   * Ids and receive times of events whose payload is still stored and older than {@code cutoff}.
   */
  List<StoredPayload> payloadsOlderThan(long cutoff, int limit);

  /** Drops stored payloads; {@code archive} (may be null) records where they went. */
  void dropPayloads(List<Long> eventIds, String archive);

  /** An event to queue again with the work it needs. */
  record Requeue(long eventId, List<io.stockbridge.event.NewWork> work) {}

  /** A payload with its event's id, for archiving. */
  record StoredPayload(long eventId, long receivedAt, String contentType, byte[] body) {}
}
