package io.stockbridge.simulator.brightpearl;

import io.javalin.Javalin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A real HTTP endpoint that records the webhooks it receives and answers with queued statuses (then
 * 200). For tests; thread-safe.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One received request. */
  public record Received(
      String method, String path, String query, String contentType, String body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ArrayDeque<Integer> statuses = new ArrayDeque<>();
  private final Javalin app;

  public WebhookReceiver() {
    app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.routes.post("/hook/*", this::handle);
              config.routes.get("/hook/*", this::handle);
            });
    app.start("127.0.0.1", 0);
  }

  private void handle(io.javalin.http.Context ctx) {
    received.add(
        new Received(
            ctx.method().name(), ctx.path(), ctx.queryString(), ctx.contentType(), ctx.body()));
    Integer status;
    synchronized (statuses) {
      status = statuses.pollFirst();
    }
    ctx.status(status == null ? 200 : status);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + app.port() + "/hook/" + path;
  }

  /** The next answers' statuses, in order; after them every request gets 200. */
  public void answerWith(Integer... codes) {
    synchronized (statuses) {
      statuses.addAll(List.of(codes));
    }
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Polls {@code condition} until true or fails after {@code timeout}. */
  public static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.onSpinWait();
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
