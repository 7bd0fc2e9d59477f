package io.stockbridge.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP request and its response, for the routes served by {@link FastRoutes} (the webhook
 * endpoints, thousands of requests a second) whether they arrive there, straight from Jetty, or
 * through Javalin. Used by one thread at a time, the one handling the request.
 */
public sealed interface Exchange permits CoreExchange, ContextExchange {
  /** A request header (case-insensitive name), or null. */
  String header(String name);

  /** The raw query string (still URL-encoded), or null. */
  String queryString();

  /**
   * A path parameter of the route, e.g. {@code account} in {@code /webhooks/brightpearl/{account}};
   * IllegalArgumentException when the route has none of that name.
   */
  String pathParam(String name);

  /** The Content-Type header, or null. */
  String contentType();

  /** The declared Content-Length, or -1 when none was declared (chunked). */
  long contentLength();

  /** The request body; read it once, through {@link RequestBodies#read(Exchange, long)}. */
  InputStream body() throws IOException;

  /** Answers with a JSON body; once per exchange. */
  void respondJson(int status, byte[] json) throws IOException;

  /** The first value of a query parameter (URL-decoded), or null. The body is never read. */
  default String queryParam(String name) {
    String query = queryString();
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
}
