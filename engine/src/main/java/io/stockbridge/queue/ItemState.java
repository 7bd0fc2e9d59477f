package io.stockbridge.queue;

import java.util.Locale;

/**
 * Where a stored work item is. A done item is deleted, so it has no state. The stored values are
 * the lower-case names; the {@code work_items.state} column accepts exactly these (CHECK
 * constraint, migration V5).
 */
public enum ItemState {
  /** Due at its {@code run_after} time. */
  READY,
  /** Claimed by a node and leased to it. */
  RUNNING,
  /** Parked until its dependency key is released (or the re-check time comes). */
  WAITING,
  /** Out of attempts or declared dead: a dead letter until redriven. */
  DEAD;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ItemState fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
