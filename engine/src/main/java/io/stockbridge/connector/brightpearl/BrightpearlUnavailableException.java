package io.stockbridge.connector.brightpearl;

import io.stockbridge.queue.RetryLater;
import java.time.Duration;

/**
 * Brightpearl kept failing (5xx answers, timeouts, connection errors or bodies that are not the
 * expected JSON) for all {@code maxAttempts} tries: retry later.
 */
public final class BrightpearlUnavailableException extends BrightpearlException
    implements RetryLater {
  public BrightpearlUnavailableException(String message, Duration retryAfter, Throwable cause) {
    super(message, retryAfter, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }

  @Override
  public Duration suggestedDelay() {
    return retryAfter().orElse(Duration.ZERO);
  }
}
