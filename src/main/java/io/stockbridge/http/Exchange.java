package io.stockbridge.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP request and its response, for the routes served by {@link FastRoutes} (the webhook
 * endpoints, thousands of requests a second) whether they arrive there or through Javalin.
 */
public final class Exchange {
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final Map<String, String> pathParams;

  public Exchange(
      HttpServletRequest request, HttpServletResponse response, Map<String, String> pathParams) {
    this.request = request;
    this.response = response;
    this.pathParams = pathParams;
  }

  public HttpServletRequest request() {
    return request;
  }

  /** A request header (case-insensitive name), or null. */
  public String header(String name) {
    return request.getHeader(name);
  }

  /** The first value of a query parameter (URL-decoded), or null. The body is never read. */
  public String queryParam(String name) {
    String query = request.getQueryString();
    if (query == null) {
      return null;
    }
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      int equals = query.indexOf('=', start);
      int nameEnd = equals < 0 || equals > end ? end : equals;
      if (decode(query.substring(start, nameEnd)).equals(name)) {
        return nameEnd == end ? "" : decode(query.substring(nameEnd + 1, end));
      }
      start = end + 1;
    }
    return null;
  }

  private static String decode(String text) {
    return text.indexOf('%') < 0 && text.indexOf('+') < 0
        ? text
        : URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /**
   * A path parameter of the route, e.g. {@code account} in {@code /webhooks/brightpearl/{account}}.
   */
  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no path parameter '" + name + "'");
    }
    return value;
  }

  public String contentType() {
    return request.getContentType();
  }

  /** Answers with a JSON body. */
  public void respondJson(int status, byte[] json) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(json.length);
    response.getOutputStream().write(json);
  }
}
