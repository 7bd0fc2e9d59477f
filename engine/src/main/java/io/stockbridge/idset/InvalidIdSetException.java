package io.stockbridge.idset;

/**
 * Thrown when text is not a valid Brightpearl ID set; the message names the bad part, or the limit
 * of ids it may span ({@link #exceedsLimit()}).
 */
public final class InvalidIdSetException extends IllegalArgumentException {
  private final boolean exceedsLimit;

  public InvalidIdSetException(String message) {
    this(message, false);
  }

  InvalidIdSetException(String message, boolean exceedsLimit) {
    super(message);
    this.exceedsLimit = exceedsLimit;
  }

  /** Whether the set is well formed but spans more ids than the parser was allowed. */
  public boolean exceedsLimit() {
    return exceedsLimit;
  }
}
