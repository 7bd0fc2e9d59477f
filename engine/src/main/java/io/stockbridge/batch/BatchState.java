package io.stockbridge.batch;

import java.util.Locale;

/** Where a batch is; stored lower-case. */
public enum BatchState {
  /** Events may still be tagged with it; it cannot complete yet. */
  OPEN,
  /** Its members are known: it completes when every member has ended. */
  CLOSED,
  /** Every member ended and {@code batch.completed} was appended (once). */
  COMPLETED,
  /** A name for a write (a stock push's {@code SyncBatch}); never a barrier. */
  REFERENCE;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a stored or user-given state; throws IllegalArgumentException naming the choices. */
  public static BatchState parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown batch state '"
              + text
              + "'; one of "
              + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT),
          e);
    }
  }
}
