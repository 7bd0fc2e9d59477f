package io.stockbridge.connector.brightpearl;

import java.time.Duration;
import java.util.Optional;

/**
 * Root of the connector's failures. {@link #retryable()} tells the caller whether to schedule the
 * work again ("retry later") or to report it as a permanent problem; {@link #retryAfter()} suggests
 * when. Messages name the account and request, never a credential.
 */
public abstract class BrightpearlException extends RuntimeException {
  private final Duration retryAfter;

  protected BrightpearlException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  /** Whether the same request may succeed later. */
  public abstract boolean retryable();

  /** When a retry makes sense, if known. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
