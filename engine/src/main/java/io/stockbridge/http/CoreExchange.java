package io.stockbridge.http;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** An exchange on Jetty's core request, response and callback, as {@link FastRoutes} serves it. */
final class CoreExchange implements Exchange {
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final Map<String, String> pathParams;
  private boolean responded;

  /** Encoded once: this header goes out with thousands of webhook answers a second. */
  private static final HttpField JSON_CONTENT_TYPE =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");

  CoreExchange(
      Request request, Response response, Callback callback, Map<String, String> pathParams) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.pathParams = pathParams;
  }

  @Override
  public String header(String name) {
    return request.getHeaders().get(name);
  }

  @Override
  public String queryString() {
    return request.getHttpURI().getQuery();
  }

  @Override
  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no path parameter '" + name + "'");
    }
    return value;
  }

  @Override
  public String contentType() {
    return request.getHeaders().get(HttpHeader.CONTENT_TYPE);
  }

  @Override
  public long contentLength() {
    return request.getLength();
  }

  @Override
  public InputStream body() {
    return Request.asInputStream(request);
  }

  /** Writes the whole response at once; the callback completes the request when it is sent. */
  @Override
  public void respondJson(int status, byte[] json) {
    if (responded) {
      throw new IllegalStateException("already answered");
    }
    responded = true;
    response.setStatus(status);
    response.getHeaders().put(JSON_CONTENT_TYPE);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
    response.write(true, ByteBuffer.wrap(json), callback);
  }

  /** Drops whatever status and headers a failed handler set before it threw. */
  void discardHeaders() {
    response.reset();
  }

  /** Whether {@link #respondJson} was called (the callback is then in the write's hands). */
  boolean responded() {
    return responded;
  }

  /** Completes a request whose handler returned without answering: 200, empty. */
  void finishUnanswered() {
    responded = true;
    callback.succeeded();
  }
}
