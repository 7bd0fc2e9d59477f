package io.stockbridge.fanout;

import io.stockbridge.config.FanoutSettings;
import io.stockbridge.time.Sleeper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Outbound webhooks per Standard Webhooks: a POST of the {@link Envelope} with {@code webhook-id}
 * (the event id), {@code webhook-timestamp} (seconds, of this attempt) and {@code
 * webhook-signature} (one {@code v1,} signature per configured secret). A 2xx within the timeout is
 * a success; a redirect is a failure (never followed); the target is checked against the {@link
 * OutboundPolicy} before each batch and again at each connect: Jetty's client connects only to the
 * addresses the policy resolved and checked ({@link PolicyResolver}), never resolving the name
 * again itself, so a name that answers otherwise at connect time (DNS rebinding) is refused. Keys
 * are sent in parallel (up to {@code concurrency}), each key's deliveries one after the other; so
 * are several rounds sent at once ({@link #concurrent}): the {@code concurrency} calls and the
 * {@code ratePerSecond} are the endpoint's, shared by every round in flight. Thread-safe.
 */
public final class WebhookSender implements Sender {
  private final URI url;
  private final WebhookSignature.Signer signer;
  private final Duration timeout;
  private final OutboundPolicy policy;
  private final RateLimiter limiter;
  private final Semaphore slots;
  private final ReentrantLock dispatch = new ReentrantLock(true);
  private final Clock clock;
  private final HttpClient client;

  /** The most of an answer read (the attempt keeps an excerpt); a longer one fails the call. */
  private static final int MAX_ANSWER = 16 * 1024 * 1024;

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
    this.client = client(policy, timeout, subscriber.concurrency());
  }

  private static HttpClient client(OutboundPolicy policy, Duration timeout, int concurrency) {
    ClientConnector connector = new ClientConnector();
    // TLS with the JDK's trust store; hostname verification is on (endpoint identification HTTPS).
    connector.setSslContextFactory(new SslContextFactory.Client());
    connector.setConnectTimeout(timeout);
    HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
    client.setFollowRedirects(false);
    client.setSocketAddressResolver(new PolicyResolver(policy));
    client.setConnectTimeout(timeout.toMillis());
    // As many connections as keys sent at once (the sending threads are ours, one a key).
    client.setMaxConnectionsPerDestination(concurrency);
    client.setUserAgentField(null); // the request names itself (user-agent below)
    client.getContentDecoderFactories().clear(); // no accept-encoding: the body is read as sent
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("webhook-client");
    threads.setDaemon(true);
    threads.setMinThreads(2);
    client.setExecutor(threads);
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("the webhook HTTP client did not start", e);
    }
    return client;
  }

  /**
   * Jetty's name resolution for the webhook client: resolves the host once through the {@link
   * OutboundPolicy}, and hands Jetty only addresses the policy allows (all of them, or none and the
   * refusal), so the address checked is the address connected to.
   */
  static final class PolicyResolver implements SocketAddressResolver {
    private final OutboundPolicy policy;

    PolicyResolver(OutboundPolicy policy) {
      this.policy = policy;
    }

    @Override
    public void resolve(
        String host,
        int port,
        Map<String, Object> context,
        Promise<List<InetSocketAddress>> promise) {
      List<InetAddress> addresses;
      try {
        addresses = policy.addresses(host);
      } catch (OutboundPolicy.Refused e) {
        promise.failed(e);
        return;
      }
      List<InetSocketAddress> sockets = new ArrayList<>(addresses.size());
      for (InetAddress address : addresses) {
        sockets.add(new InetSocketAddress(address, port));
      }
      promise.succeeded(sockets);
    }
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
    // Rounds take the call slots in the order they came: a round's keys all start before the next
    // round's, which fill the slots the earlier ones leave at their end.
    dispatch.lockInterruptibly();
    try {
      start(deliveries, perKey, results, running);
    } finally {
      dispatch.unlock();
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

  /** Starts each chain of the round as a call slot frees. */
  private void start(
      List<Delivery> deliveries,
      boolean perKey,
      ConcurrentLinkedQueue<AttemptResult> results,
      List<Future<?>> running)
      throws InterruptedException {
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
  }

  /** Several rounds at once share the endpoint's call slots and rate limit. */
  @Override
  public boolean concurrent() {
    return true;
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
    String signature = signer.header(id, timestamp, body);
    long start = System.nanoTime();
    try {
      ContentResponse response;
      try {
        response = call(id, timestamp, signature, body);
      } catch (TimeoutException | OutboundPolicy.Refused e) {
        throw e;
      } catch (IOException e) {
        // A kept-alive connection the receiver closed meanwhile fails at once: one new try, on a
        // new connection, before it counts as a failed attempt (delivery is at least once anyway).
        response = call(id, timestamp, signature, body);
      }
      long latency = (System.nanoTime() - start) / 1_000_000;
      int status = response.getStatus();
      String excerpt = new String(response.getContent(), StandardCharsets.UTF_8);
      if (status >= 200 && status < 300) {
        return AttemptResult.ok(delivery.id(), status, latency, excerpt);
      }
      if (status >= 300 && status < 400) {
        String location = response.getHeaders().get("location");
        return AttemptResult.failed(
            delivery.id(),
            status,
            latency,
            "redirect not followed (location: " + (location == null ? "" : location) + ")");
      }
      return AttemptResult.failed(delivery.id(), status, latency, excerpt);
    } catch (OutboundPolicy.Refused e) {
      long latency = (System.nanoTime() - start) / 1_000_000;
      return AttemptResult.failed(delivery.id(), null, latency, "refused: " + e.getMessage());
    } catch (IOException | TimeoutException e) {
      long latency = (System.nanoTime() - start) / 1_000_000;
      return AttemptResult.failed(
          delivery.id(), null, latency, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** One POST (a new request each try: a Jetty request is sent once), its answer buffered. */
  private ContentResponse call(String id, long timestamp, String signature, byte[] body)
      throws IOException, TimeoutException, InterruptedException {
    Request request =
        client
            .newRequest(url)
            .method(HttpMethod.POST)
            .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .headers(
                h ->
                    h.put("content-type", "application/json")
                        .put("user-agent", "stockbridge-fanout")
                        .put("webhook-id", id)
                        .put("webhook-timestamp", Long.toString(timestamp))
                        .put("webhook-signature", signature))
            .body(new BytesRequestContent(body));
    try {
      return new CompletableResponseListener(request, MAX_ANSWER).send().get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof TimeoutException timedOut) {
        throw timedOut;
      }
      throw new IOException(cause == null ? "failed" : cause.toString(), cause);
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
    try {
      client.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the webhook HTTP client did not stop", e);
    }
  }
}
