package io.stockbridge.batch;

import io.stockbridge.StockbridgeException;

/** A batch operation refused: no such batch, or not in a state that allows it. */
public final class BatchException extends StockbridgeException {
  private static final long serialVersionUID = 1L;

  /** Whether the batch does not exist at all (else it exists in the wrong state). */
  private final boolean missing;

  public BatchException(String message, boolean missing) {
    super(message);
    this.missing = missing;
  }

  public boolean missing() {
    return missing;
  }
}
