package io.stockbridge.connector.brightpearl;

import java.time.Duration;

/**
 * The account's request budget stayed exhausted longer than the connector may wait (503 or 429
 * answers beyond {@code maxThrottledAnswers}, or budget wait beyond {@code maxBudgetWait}): retry
 * later, after {@link #retryAfter()}.
 */
public final class BrightpearlThrottledException extends BrightpearlException {
  public BrightpearlThrottledException(String message, Duration retryAfter) {
    super(message, retryAfter, null);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
