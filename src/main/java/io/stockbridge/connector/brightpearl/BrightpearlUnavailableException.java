package io.stockbridge.connector.brightpearl;

import java.time.Duration;

/**
 * Brightpearl kept failing (5xx answers, timeouts, connection errors or bodies that are not the
 * expected JSON) for all {@code maxAttempts} tries: retry later.
 */
public final class BrightpearlUnavailableException extends BrightpearlException {
  public BrightpearlUnavailableException(String message, Duration retryAfter, Throwable cause) {
    super(message, retryAfter, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
