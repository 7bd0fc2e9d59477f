package io.stockbridge.fanout;

import io.stockbridge.config.FanoutSettings;
import io.stockbridge.time.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Outbound webhooks per Standard Webhooks: a POST of the {@link Envelope} with {@code webhook-id}
 * (the event id), {@code webhook-timestamp} (seconds, of this attempt) and {@code
 * webhook-signature} (one {@code v1,} signature per configured secret). A 2xx within the timeout is
 * a success; a redirect is a failure (never followed); the target is checked against the {@link
 * OutboundPolicy} before each call. Keys are sent in parallel (up to {@code concurrency}), each
 * key's deliveries one after the other. Thread-safe for one caller at a time.
 */
public final class WebhookSender implements Sender {
  private final URI url;
  private final WebhookSignature.Signer signer;
  private final Duration timeout;
  private final OutboundPolicy policy;
  private final RateLimiter limiter;
  private final Semaphore slots;
  private final Clock clock;
  private final HttpClient client;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  public WebhookSender(
      FanoutSettings.Subscriber subscriber, OutboundPolicy policy, Clock clock, Sleeper sleeper) {
    this.url = URI.create(subscriber.url().reveal());
    this.signer = new WebhookSignature.Signer(subscriber.secrets());
    this.timeout = subscriber.timeout();
    this.policy = policy;
    this.limiter = new RateLimiter(subscriber.ratePerSecond(), sleeper);
    this.slots = new Semaphore(subscriber.concurrency());
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            // The client's own steps (reading the answer into a byte array, completing the
            // caller's future) run on its selector thread instead of being handed to a pool
            // thread each: nothing here blocks, and the hand-offs cost CPU (about a fifth of a
            // loopback call's, client and receiver together). The sending threads are ours
            // (virtual, one a key).
            .executor(Runnable::run)
            .build();
  }

  @Override
  public List<AttemptResult> send(List<Delivery> deliveries, boolean perKey)
      throws InterruptedException {
    String refusal = policy.refusal(url);
    if (refusal != null) {
      List<AttemptResult> refused = new ArrayList<>();
      for (Delivery delivery : chains(deliveries, perKey).stream().map(c -> c.get(0)).toList()) {
        refused.add(AttemptResult.failed(delivery.id(), null, 0, "refused: " + refusal));
      }
      return refused;
    }
    ConcurrentLinkedQueue<AttemptResult> results = new ConcurrentLinkedQueue<>();
    List<Future<?>> running = new ArrayList<>();
    for (List<Delivery> chain : chains(deliveries, perKey)) {
      slots.acquire();
      running.add(
          threads.submit(
              () -> {
                try {
                  for (Delivery delivery : chain) {
                    AttemptResult result = post(delivery);
                    results.add(result);
                    if (!result.success()) {
                      break; // the key's later deliveries wait for this one
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  slots.release();
                }
                return null;
              }));
    }
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("webhook send failed unexpectedly", e.getCause());
      }
    }
    return new ArrayList<>(results);
  }

  /** Each key's deliveries in order (perKey), or every delivery alone. */
  static List<List<Delivery>> chains(List<Delivery> deliveries, boolean perKey) {
    if (!perKey) {
      return deliveries.stream().map(List::of).toList();
    }
    Map<String, List<Delivery>> byKey = new LinkedHashMap<>();
    for (Delivery delivery : deliveries) {
      byKey.computeIfAbsent(delivery.key(), k -> new ArrayList<>()).add(delivery);
    }
    return new ArrayList<>(byKey.values());
  }

  private AttemptResult post(Delivery delivery) throws InterruptedException {
    limiter.acquire();
    byte[] body = Envelope.body(delivery);
    String id = Envelope.messageId(delivery);
    long timestamp = clock.millis() / 1000;
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("content-type", "application/json")
            .header("user-agent", "stockbridge-fanout")
            .header("webhook-id", id)
            .header("webhook-timestamp", Long.toString(timestamp))
            .header("webhook-signature", signer.header(id, timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    long start = System.nanoTime();
    try {
      HttpResponse<byte[]> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (java.net.http.HttpTimeoutException e) {
        throw e;
      } catch (IOException e) {
        // A kept-alive connection the receiver closed meanwhile fails at once: one new try, on a
        // new connection, before it counts as a failed attempt (delivery is at least once anyway).
        response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      }
      long latency = (System.nanoTime() - start) / 1_000_000;
      int status = response.statusCode();
      String excerpt = new String(response.body(), StandardCharsets.UTF_8);
      if (status >= 200 && status < 300) {
        return AttemptResult.ok(delivery.id(), status, latency, excerpt);
      }
      if (status >= 300 && status < 400) {
        String location = response.headers().firstValue("location").orElse("");
        return AttemptResult.failed(
            delivery.id(), status, latency, "redirect not followed (location: " + location + ")");
      }
      return AttemptResult.failed(delivery.id(), status, latency, excerpt);
    } catch (IOException e) {
      long latency = (System.nanoTime() - start) / 1_000_000;
      return AttemptResult.failed(
          delivery.id(), null, latency, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
    client.close();
  }
}
