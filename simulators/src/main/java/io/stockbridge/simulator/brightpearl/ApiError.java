package io.stockbridge.simulator.brightpearl;

/**
 * An error answer of the simulated API: HTTP {@code status} with body {@code
 * {"errors":[{"code","message"}]}}. Thrown by handlers and mapped in one place.
 */
final class ApiError extends RuntimeException {
  private final int status;
  private final String code;

  ApiError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "CMNC-404", message);
  }
}
