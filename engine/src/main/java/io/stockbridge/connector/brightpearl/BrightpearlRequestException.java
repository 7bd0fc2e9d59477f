package io.stockbridge.connector.brightpearl;

import java.util.List;

/**
 * Brightpearl refused the request with a 4xx answer other than 404-on-a-read and 429 (bad ID set,
 * bad credentials, missing field): retrying the same request will not help.
 */
public final class BrightpearlRequestException extends BrightpearlException {
  /** One entry of an {@code {"errors":[{"code","message"}]}} body. */
  public record ApiError(String code, String message) {}

  private final int status;
  private final List<ApiError> errors;

  public BrightpearlRequestException(String message, int status, List<ApiError> errors) {
    super(message, null, null);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  public int status() {
    return status;
  }

  public List<ApiError> errors() {
    return errors;
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
