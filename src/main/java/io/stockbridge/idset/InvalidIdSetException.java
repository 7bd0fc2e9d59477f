package io.stockbridge.idset;

/** Thrown when text is not a valid Brightpearl ID set; the message names the bad part. */
public final class InvalidIdSetException extends IllegalArgumentException {
  public InvalidIdSetException(String message) {
    super(message);
  }
}
