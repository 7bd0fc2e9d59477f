package io.stockbridge.queue;

import io.stockbridge.event.EventStatus;

/**
 * The storage-level result of one run of an item, made by the {@link Dispatcher} from the handler's
 * {@link Outcome}. Each kind says whether the run spends one of the item's attempts, in which state
 * the item is left and what the event's history shows. Times are epoch milliseconds.
 */
public sealed interface Settlement {
  /** The item as claimed for this run (its attempt number is the fencing token). */
  WorkItem item();

  /** The history line (may be null). */
  String detail();

  /** Whether this run counts against {@link WorkItem#maxAttempts()}. */
  boolean spendsAttempt();

  /** The item's state afterwards; null when the item is done (and deleted). */
  ItemState nextState();

  /** The event's status and history step for this run. */
  EventStatus eventStatus();

  /** Finished: the item is deleted. */
  record Done(WorkItem item, String detail) implements Settlement {
    @Override
    public boolean spendsAttempt() {
      return true;
    }

    @Override
    public ItemState nextState() {
      return null;
    }

    @Override
    public EventStatus eventStatus() {
      return EventStatus.SUCCEEDED;
    }
  }

  /**
   * Run again at {@code runAfter} without spending an attempt (a throttle, a retry-later answer);
   * the item's count of retries without progress goes up by one.
   */
  record Retry(WorkItem item, long runAfter, String detail) implements Settlement {
    @Override
    public boolean spendsAttempt() {
      return false;
    }

    @Override
    public ItemState nextState() {
      return ItemState.READY;
    }

    @Override
    public EventStatus eventStatus() {
      return EventStatus.RETRYING;
    }
  }

  /** The attempt failed; run again at {@code runAfter} (the backoff). */
  record Failure(WorkItem item, long runAfter, String detail, String errorType, String errorCauses)
      implements Settlement {
    @Override
    public boolean spendsAttempt() {
      return true;
    }

    @Override
    public ItemState nextState() {
      return ItemState.READY;
    }

    @Override
    public EventStatus eventStatus() {
      return EventStatus.FAILED;
    }
  }

  /**
   * Park until {@code dependencyKey} is released, or until {@code recheckAt}; no attempt is spent
   * and the count of retries without progress starts again (the dependency is progress).
   */
  record Wait(WorkItem item, String dependencyKey, long recheckAt, String detail)
      implements Settlement {
    @Override
    public boolean spendsAttempt() {
      return false;
    }

    @Override
    public ItemState nextState() {
      return ItemState.WAITING;
    }

    @Override
    public EventStatus eventStatus() {
      return EventStatus.WAITING;
    }
  }

  /** Given up: the item stays as a dead letter with its error. */
  record Dead(WorkItem item, String detail, String errorType, String errorCauses)
      implements Settlement {
    @Override
    public boolean spendsAttempt() {
      return true;
    }

    @Override
    public ItemState nextState() {
      return ItemState.DEAD;
    }

    @Override
    public EventStatus eventStatus() {
      return EventStatus.DEAD;
    }
  }
}
