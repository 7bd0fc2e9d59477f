package io.stockbridge.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own rejections (431 header too large, 400 bad URI or ambiguous path, 414, and any error
 * Jetty answers before a route runs) in our JSON error shape {@code {"error","message"}} instead of
 * its HTML page; each is logged through {@link RejectionLog} (never headers or the query).
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    RejectionLog.warn(
        request.getMethod(), request.getHttpURI().getPath(), code, reason(code, message));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  /** A request Jetty could not even parse (such as headers over the limit): no request exists. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    RejectionLog.warn("(unparsed)", "(unparsed)", status, reason(status, reason));
    fields.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    return ByteBuffer.wrap(body(status, reason));
  }

  private static byte[] body(int status, String message) {
    return Json.write(Map.of("error", code(status), "message", reason(status, message)))
        .getBytes(StandardCharsets.UTF_8);
  }

  static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "body_too_large";
      case 414 -> "uri_too_long";
      case 431 -> "header_too_large";
      default -> "http_" + status;
    };
  }

  private static String reason(int status, String message) {
    String base = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
    return switch (status) {
      case 431 -> base + "; request headers are over the server's limit";
      default -> base;
    };
  }
}
