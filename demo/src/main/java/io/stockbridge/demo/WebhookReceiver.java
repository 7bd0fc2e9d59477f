package io.stockbridge.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A small webhook receiver on loopback for the demo, the fan-out benchmark and tests: keeps every
 * request it answered 2xx (headers {@code webhook-id}, {@code webhook-timestamp}, {@code
 * webhook-signature}, the body and when it came). It can answer 503 ({@link #failWith}), redirect
 * ({@link #redirectTo}) or be stopped and started again on the same port, as a receiver down for
 * maintenance. Thread-safe.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request the receiver accepted. */
  public record Received(
      String id, String timestamp, String signature, byte[] body, long receivedNanos) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final List<Received> received = new ArrayList<>();
  private int port;
  private HttpServer server;
  private volatile int failStatus;
  private volatile String redirect;
  private long calls;

  public WebhookReceiver() {
    this(0);
  }

  public WebhookReceiver(int port) {
    this.port = port;
    start();
  }

  /** Starts (again) on the same port. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot listen on port " + port, e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
    port = server.getAddress().getPort();
  }

  /** Stops listening: calls are refused until {@link #start}. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/hooks";
  }

  /** Answer every call with {@code status} (0: accept again). */
  public void failWith(int status) {
    failStatus = status;
  }

  /** Answer every call with a 302 to {@code location} (null: accept again). */
  public void redirectTo(String location) {
    redirect = location;
  }

  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** The accepted requests after the first {@code from}, in order (a reader that keeps up). */
  public synchronized List<Received> receivedFrom(int from) {
    return List.copyOf(received.subList(Math.min(from, received.size()), received.size()));
  }

  /** Every call, accepted or not. */
  public synchronized long calls() {
    return calls;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      synchronized (this) {
        calls++;
      }
      String location = redirect;
      if (location != null) {
        exchange.getResponseHeaders().add("location", location);
        exchange.sendResponseHeaders(302, -1);
        return;
      }
      int status = failStatus;
      if (status != 0) {
        byte[] answer = "down for maintenance".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        return;
      }
      var headers = exchange.getRequestHeaders();
      Received one =
          new Received(
              headers.getFirst("webhook-id"),
              headers.getFirst("webhook-timestamp"),
              headers.getFirst("webhook-signature"),
              body,
              System.nanoTime());
      synchronized (this) {
        received.add(one);
      }
      byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
