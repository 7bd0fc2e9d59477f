package io.stockbridge.connector.brightpearl;

import io.stockbridge.queue.RetryLater;
import java.time.Duration;

/**
 * The account's request budget stayed exhausted longer than the connector may wait (503 or 429
 * answers beyond {@code maxThrottledAnswers}, or budget wait beyond {@code maxBudgetWait}): retry
 * later, after {@link #retryAfter()}.
 */
public final class BrightpearlThrottledException extends BrightpearlException
    implements RetryLater {
  public BrightpearlThrottledException(String message, Duration retryAfter) {
    super(message, retryAfter, null);
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
