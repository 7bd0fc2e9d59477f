package io.stockbridge.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** An exchange on a Javalin context: a fast route's request that Javalin routed instead. */
final class ContextExchange implements Exchange {
  private final Context ctx;

  ContextExchange(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public String header(String name) {
    return ctx.header(name);
  }

  @Override
  public String queryString() {
    return ctx.queryString();
  }

  @Override
  public String pathParam(String name) {
    String value = ctx.pathParamMap().get(name);
    if (value == null) {
      throw new IllegalArgumentException("no path parameter '" + name + "'");
    }
    return value;
  }

  @Override
  public String contentType() {
    return ctx.contentType();
  }

  @Override
  public long contentLength() {
    return ctx.req().getContentLengthLong();
  }

  @Override
  public InputStream body() throws IOException {
    return ctx.req().getInputStream();
  }

  @Override
  public void respondJson(int status, byte[] json) throws IOException {
    ctx.res().setStatus(status);
    ctx.res().setContentType("application/json");
    ctx.res().setContentLength(json.length);
    ctx.res().getOutputStream().write(json);
  }
}
