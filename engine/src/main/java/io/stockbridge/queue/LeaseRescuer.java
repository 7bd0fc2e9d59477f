package io.stockbridge.queue;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance unit: puts items whose lease expired (their node crashed or stalled) back in the
 * queue, and waiting items whose re-check time has come (a release may have raced the wait). Safe
 * to run on every node: the update is atomic. Thread-safe.
 */
public final class LeaseRescuer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseRescuer.class);

  private final WorkQueue queue;
  private final Clock clock;

  public LeaseRescuer(WorkQueue queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      long now = clock.millis();
      int rescued = queue.rescueExpired(now, now);
      if (rescued > 0) {
        LOG.info("rescued {} item(s) whose lease expired", rescued);
      }
      int rechecked = queue.recheckWaiting(now);
      if (rechecked > 0) {
        LOG.info("re-checking {} waiting item(s) whose dependency was not released", rechecked);
      }
    } catch (RuntimeException e) {
      LOG.warn("lease rescue failed: {}", e.getMessage());
    }
  }
}
