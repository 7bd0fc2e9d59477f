package io.stockbridge.connector.shopify;

import io.stockbridge.queue.RetryLater;
import java.time.Duration;

/**
 * Shopify did not answer usefully within the allowed attempts (THROTTLED, 429, 5xx, timeouts,
 * malformed answers): the work is intact and should be retried after {@link #retryAfter()}.
 */
public final class ShopifyRetryLaterException extends ShopifyException implements RetryLater {
  private static final long serialVersionUID = 1L;
  private final transient Duration retryAfter;

  public ShopifyRetryLaterException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public Duration suggestedDelay() {
    return retryAfter == null ? Duration.ZERO : retryAfter;
  }
}
