package io.stockbridge.maintenance;

import io.stockbridge.event.EventLog;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance unit: indexes what the events stored before the name index (migration V11) name, in
 * chunks of {@value #CHUNK} events, newest first (recent events are the ones searched), for at most
 * {@value #MILLIS_PER_RUN} ms a run, so startup never waits for it and the maintenance thread stays
 * free for the other units. Run every second on each node until done; each chunk is one transaction
 * that also moves the backfill's cursor (only from the value it read, and its rows are inserted
 * skipping any already there), so nodes running it at once never index twice and a restart goes on
 * where it stopped. Once done, a run touches nothing.
 */
public final class EventNameBackfill {
  private static final Logger LOG = LoggerFactory.getLogger(EventNameBackfill.class);
  static final int CHUNK = 1000;
  static final long MILLIS_PER_RUN = 500;

  private final EventLog events;
  private volatile boolean done;
  private long indexed;

  public EventNameBackfill(EventLog events) {
    this.events = events;
  }

  /** Runs one bounded slice; returns how many events it indexed. */
  public int run() {
    if (done) {
      return 0;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MILLIS_PER_RUN);
    int total = 0;
    while (System.nanoTime() < deadline) {
      int read = events.backfillNames(CHUNK);
      total += read;
      if (read == 0) {
        done = true;
        if (indexed + total > 0) {
          LOG.info("event name index: {} older events indexed, backfill done", indexed + total);
        }
        break;
      }
    }
    indexed += total;
    return total;
  }

  /** Runs until every older event is indexed (the CLI and tests). */
  public long runToEnd() {
    long total = 0;
    while (!done) {
      total += run();
    }
    return total;
  }
}
