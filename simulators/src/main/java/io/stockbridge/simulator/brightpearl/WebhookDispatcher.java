package io.stockbridge.simulator.brightpearl;

import io.stockbridge.idset.IdSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds registered webhooks and sends events to them as Brightpearl does: templates rendered with
 * the event's variables, one request carrying an ID set when {@code idSetAccepted}, else one
 * request per id; QoS 1 retried unless answered 4xx, QoS 0 retried only on 503. Deliveries run on
 * background threads; thread-safe.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final ConcurrentSkipListMap<Long, WebhookRegistration> registrations =
      new ConcurrentSkipListMap<>();
  private final AtomicLong lastId = new AtomicLong();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final BrightpearlSimulatorOptions options;
  private final SimFaults faults;
  private final SimCounters counters;

  WebhookDispatcher(BrightpearlSimulatorOptions options, SimFaults faults, SimCounters counters) {
    this.options = options;
    this.faults = faults;
    this.counters = counters;
  }

  WebhookRegistration register(WebhookRegistration withoutId) {
    long id = lastId.incrementAndGet();
    WebhookRegistration registered =
        new WebhookRegistration(
            id,
            withoutId.subscribeTo(),
            withoutId.httpMethod(),
            withoutId.uriTemplate(),
            withoutId.bodyTemplate(),
            withoutId.contentType(),
            withoutId.idSetAccepted(),
            withoutId.qualityOfService());
    registrations.put(id, registered);
    return registered;
  }

  public List<WebhookRegistration> registrations() {
    return List.copyOf(registrations.values());
  }

  /** Removes a registration, as {@code DELETE /integration-service/webhook/{id}} does. */
  public boolean delete(long id) {
    return registrations.remove(id) != null;
  }

  /**
   * Raises {@code event} (e.g. {@code product.modified.on-hand-modified}) for {@code ids}: every
   * covering webhook gets its deliveries queued. Returns the number of requests queued.
   */
  public int fire(String event, IdSet ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    return fire(event, List.of(ids.toString()), ids);
  }

  /**
   * Raises {@code event} for ids a CSV import changed, in the order it named them. In burst mode
   * ({@link SimFaults.Settings#importIdSetSize()} > 0) each webhook names at most that many of them
   * as written (scattered, not merged into ranges), as Brightpearl sends an import's changes;
   * otherwise as {@link #fire(String, IdSet)}.
   */
  public int fireImport(String event, List<Long> idsInImportOrder) {
    List<Long> distinct = idsInImportOrder.stream().distinct().toList();
    int perWebhook = faults.importIdSetSize();
    if (perWebhook <= 0 || distinct.isEmpty()) {
      return fire(event, IdSet.of(distinct));
    }
    List<String> idSets = new ArrayList<>();
    for (int start = 0; start < distinct.size(); start += perWebhook) {
      List<Long> part = distinct.subList(start, Math.min(distinct.size(), start + perWebhook));
      idSets.add(String.join(",", part.stream().map(String::valueOf).toList()));
    }
    return fire(event, idSets, IdSet.of(distinct));
  }

  /** Sends {@code idSets} (one webhook each) or, without ID sets accepted, one per id of all. */
  private int fire(String event, List<String> idSetTexts, IdSet all) {
    String[] parts = event.split("\\.", 3);
    String raisedOn = options.clock().instant().toString();
    int queued = 0;
    for (WebhookRegistration webhook : registrations.values()) {
      if (!webhook.covers(event)) {
        continue;
      }
      List<String> idSets = new ArrayList<>();
      if (webhook.idSetAccepted()) {
        idSets.addAll(idSetTexts);
      } else {
        all.ids().forEach(id -> idSets.add(String.valueOf(id)));
      }
      for (String idSet : idSets) {
        // Only the five documented variables (and the specifier when the options say so);
        // anything else renders empty (see render).
        Map<String, String> variables = new java.util.HashMap<>();
        variables.put("${account-code}", options.accountCode());
        variables.put("${resource-type}", parts[0]);
        variables.put("${resource-id}", idSet);
        variables.put("${lifecycle-event}", parts.length > 1 ? parts[1] : "");
        variables.put("${raised-on}", raisedOn);
        if (options.renderResourceSpecifier()) {
          variables.put("${resource-specifier}", parts.length > 2 ? parts[2] : "");
        }
        queued += schedule(webhook, variables);
      }
    }
    return queued;
  }

  private int schedule(WebhookRegistration webhook, Map<String, String> variables) {
    if (faults.dropWebhook()) {
      counters.increment(SimCounters.WEBHOOKS_DROPPED);
      return 0;
    }
    int copies = 1;
    if (faults.duplicateWebhook()) {
      counters.increment(SimCounters.WEBHOOKS_DUPLICATED);
      copies = 2;
    }
    String uri = render(webhook.uriTemplate(), variables);
    String body = webhook.bodyTemplate() == null ? null : render(webhook.bodyTemplate(), variables);
    for (int copy = 0; copy < copies; copy++) {
      later(() -> attempt(webhook, uri, body, 1), faults.webhookDelayMs());
    }
    return copies;
  }

  /**
   * The template with {@code variables} filled in; any other {@code ${...}} (such as {@code
   * ${resource-specifier}}, which Brightpearl does not document) renders empty, so a client that
   * depends on one is caught by our tests.
   */
  static String render(String template, Map<String, String> variables) {
    return VARIABLE
        .matcher(template)
        .replaceAll(
            match ->
                java.util.regex.Matcher.quoteReplacement(
                    variables.getOrDefault(match.group(), "")));
  }

  private static final java.util.regex.Pattern VARIABLE =
      java.util.regex.Pattern.compile("\\$\\{[^}]*\\}");

  private void attempt(WebhookRegistration webhook, String uri, String body, int attempt) {
    counters.increment(SimCounters.WEBHOOKS_SENT);
    int status;
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5));
      boolean hasBody = body != null && webhook.httpMethod().matches("(?i)POST|PUT");
      request.method(
          webhook.httpMethod().toUpperCase(java.util.Locale.ROOT),
          hasBody
              ? HttpRequest.BodyPublishers.ofString(body)
              : HttpRequest.BodyPublishers.noBody());
      if (hasBody && webhook.contentType() != null) {
        request.header("Content-Type", webhook.contentType());
      }
      status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException | IllegalArgumentException e) {
      status = -1; // no answer: connection refused, reset or timed out
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (status >= 200 && status < 300) {
      counters.increment(SimCounters.WEBHOOKS_DELIVERED);
      return;
    }
    boolean retryable =
        webhook.qualityOfService() >= 1 ? status < 400 || status >= 500 : status == 503;
    if (!retryable || attempt >= options.webhookAttempts()) {
      counters.increment(SimCounters.WEBHOOKS_FAILED);
      LOG.info(
          "webhook {} to {} gave up after {} attempts (last status {})",
          webhook.id(),
          webhook.subscribeTo(),
          attempt,
          status);
      return;
    }
    counters.increment(SimCounters.WEBHOOKS_RETRIED);
    long delay = options.webhookRetryDelay().toMillis() << Math.min(attempt - 1, 10);
    later(() -> attempt(webhook, uri, body, attempt + 1), delay);
  }

  private void later(Runnable task, long delayMs) {
    try {
      var unused = scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The simulator is closing: pending deliveries end with it.
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    http.shutdownNow();
  }
}
