package io.stockbridge.dashboard;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stockbridge.http.RouteBook;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard's page and static files: {@code /} is the single page, {@code /ui/*.js|css} our
 * modules (resources under {@code io/stockbridge/dashboard/web}), {@code /ui/lib/*} uPlot from its
 * WebJar on the classpath. Every file is read once at start; each route is registered by name. The
 * page forbids framing and any script or connection not from this origin.
 */
public final class WebAssets {
  private static final String WEB = "io/stockbridge/dashboard/web/";
  private static final String CSP =
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private record Asset(byte[] body, String contentType) {}

  private final Map<String, Asset> assets = new LinkedHashMap<>();

  public WebAssets() {
    assets.put("/", new Asset(read(WEB + "index.html"), "text/html; charset=utf-8"));
    for (String module :
        new String[] {
          "app.js",
          "api.js",
          "ui.js",
          "charts.js",
          "overview.js",
          "events.js",
          "event.js",
          "dead-letters.js",
          "issues.js",
          "connections.js",
          "reconciliations.js",
          "batches.js"
        }) {
      assets.put("/ui/" + module, new Asset(read(WEB + module), "text/javascript; charset=utf-8"));
    }
    assets.put("/ui/app.css", new Asset(read(WEB + "app.css"), "text/css; charset=utf-8"));
    String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    assets.put(
        "/ui/lib/uPlot.iife.min.js",
        new Asset(read(uplot + "uPlot.iife.min.js"), "text/javascript; charset=utf-8"));
    assets.put(
        "/ui/lib/uPlot.min.css",
        new Asset(read(uplot + "uPlot.min.css"), "text/css; charset=utf-8"));
  }

  public void register(RouteBook routes) {
    for (Map.Entry<String, Asset> entry : assets.entrySet()) {
      Asset asset = entry.getValue();
      routes.add(HandlerType.GET, entry.getKey(), ctx -> serve(ctx, asset));
    }
  }

  private static void serve(Context ctx, Asset asset) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(asset.contentType()).result(asset.body());
  }

  private static String uplotVersion() {
    Properties pom = new Properties();
    try (InputStream in = open("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pom.getProperty("version");
  }

  private static byte[] read(String resource) {
    try (InputStream in = open(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("the dashboard's file " + resource + " is missing");
    }
    return in;
  }
}
