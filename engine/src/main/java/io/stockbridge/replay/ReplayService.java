package io.stockbridge.replay;

import io.stockbridge.event.EventLog;
import io.stockbridge.event.EventPage;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.flow.EventRouter;
import io.stockbridge.http.ApiException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-processing: one event by id, or every event matching a filter after a dry-run count. A replay
 * queues the event again for the flows its source and type route to; its history records who asked.
 * Thread-safe.
 */
public final class ReplayService {
  /** The most events one bulk replay may queue; narrow the filter beyond that. */
  public static final long MAX_BULK = 1_000_000;

  private static final int CHUNK = 500;

  private final EventLog events;
  private final EventRouter router;
  private final Clock clock;

  public ReplayService(EventLog events, EventRouter router, Clock clock) {
    this.events = events;
    this.router = router;
    this.clock = clock;
  }

  /** What a bulk replay did: the batch that tracks it and how many events it queued. */
  public record BulkReplay(long batchId, long replayed) {}

  public EventRecord replayOne(long eventId, String by) {
    EventRecord event =
        events
            .find(eventId)
            .orElseThrow(() -> ApiException.notFound("no event with id " + eventId));
    events.requeue(List.of(requeueOf(event)), null, "replayed by " + by, clock.millis());
    return event;
  }

  public long count(EventQuery filter) {
    return events.count(filter.withBeforeId(null));
  }

  /**
   * Replays every event matching {@code filter}; {@code confirm} must equal the current match count
   * (from the dry run), so that a filter that now matches more than the operator saw is refused.
   */
  public BulkReplay replayMatching(EventQuery filter, long confirm, String by) {
    long matching = count(filter);
    if (matching != confirm) {
      throw ApiException.conflict(
          "the filter now matches "
              + matching
              + " events, not "
              + confirm
              + "; run the dry run again and confirm the new count");
    }
    if (matching > MAX_BULK) {
      throw ApiException.badRequest(
          "the filter matches "
              + matching
              + " events; at most "
              + MAX_BULK
              + " can be replayed at once: narrow it (e.g. by time range)");
    }
    long now = clock.millis();
    long batchId = events.openBatch("replay", "replay by " + by, now);
    long replayed = 0;
    EventQuery page = filter.withBeforeId(null).withLimit(CHUNK);
    while (replayed < matching) {
      EventPage found = events.search(page);
      List<EventLog.Requeue> requeues = new ArrayList<>();
      for (EventRecord event : found.events()) {
        requeues.add(requeueOf(event));
      }
      events.requeue(
          requeues, batchId, "replayed in batch " + batchId + " by " + by, clock.millis());
      replayed += requeues.size();
      if (found.nextBeforeId() == null) {
        break;
      }
      page = page.withBeforeId(found.nextBeforeId());
    }
    events.closeBatch(batchId, clock.millis());
    return new BulkReplay(batchId, replayed);
  }

  private EventLog.Requeue requeueOf(EventRecord event) {
    return new EventLog.Requeue(
        event.id(),
        router.route(event.source(), event.type(), event.key(), event.store(), clock.millis()));
  }
}
