package io.stockbridge.simulator.shopify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.config.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends webhooks as Shopify does: a JSON POST signed with {@code X-Shopify-Hmac-Sha256} (base64
 * HMAC-SHA256 of the raw body with the app secret) and the {@code X-Shopify-*} headers; a delivery
 * that does not answer 2xx within 5 s is retried after each of the configured delays. Faults can
 * drop, duplicate or delay deliveries. Thread-safe.
 */
final class Webhooks {
  private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Something that happened in a shop, to be sent to the subscribers of {@code topic}. */
  record Event(String topic, Map<String, Object> payload, Instant triggeredAt) {}

  /** A registration: deliveries of {@code topic} (e.g. {@code inventory_levels/update}) to uri. */
  record Subscription(String id, String topic, URI uri) {}

  private final Secret appSecret;
  private final String apiVersion;
  private final List<Duration> retryDelays;
  private final Faults faults;
  private final Counters counters;
  private final ScheduledExecutorService scheduler;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Webhooks(
      Secret appSecret,
      String apiVersion,
      List<Duration> retryDelays,
      Faults faults,
      Counters counters,
      ScheduledExecutorService scheduler) {
    this.appSecret = appSecret;
    this.apiVersion = apiVersion;
    this.retryDelays = List.copyOf(retryDelays);
    this.faults = faults;
    this.counters = counters;
    this.scheduler = scheduler;
  }

  // Deliveries run detached; their outcome is counted in the callbacks, not through the futures.
  @SuppressWarnings("FutureReturnValueIgnored")
  void send(SimulatedShop shop, List<Event> events) {
    for (Event event : events) {
      for (Subscription subscription : shop.subscriptions()) {
        if (!subscription.topic().equals(event.topic())) {
          continue;
        }
        FaultSettings settings = faults.settings();
        if (faults.draw(settings.webhookDropRate())) {
          counters.add("webhooks_dropped", 1);
          continue;
        }
        byte[] body;
        try {
          body = JSON.writeValueAsBytes(event.payload());
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
        String webhookId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        int copies = faults.draw(settings.webhookDuplicateRate()) ? 2 : 1;
        for (int copy = 0; copy < copies; copy++) {
          Delivery delivery =
              new Delivery(shop.name(), subscription, event, body, webhookId, eventId);
          scheduler.schedule(
              () -> attempt(delivery, 0), settings.webhookLateMillis(), TimeUnit.MILLISECONDS);
        }
      }
    }
  }

  @SuppressWarnings("ArrayRecordComponent") // never compared; body is sent as is
  private record Delivery(
      String shop,
      Subscription subscription,
      Event event,
      byte[] body,
      String webhookId,
      String eventId) {}

  @SuppressWarnings("FutureReturnValueIgnored")
  private void attempt(Delivery delivery, int attempt) {
    HttpRequest request =
        HttpRequest.newBuilder(delivery.subscription().uri())
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .header("X-Shopify-Hmac-Sha256", sign(appSecret, delivery.body()))
            .header("X-Shopify-Topic", delivery.event().topic())
            .header("X-Shopify-Shop-Domain", delivery.shop() + ".myshopify.com")
            .header("X-Shopify-Webhook-Id", delivery.webhookId())
            .header("X-Shopify-Event-Id", delivery.eventId())
            .header("X-Shopify-Triggered-At", delivery.event().triggeredAt().toString())
            .header("X-Shopify-API-Version", apiVersion)
            .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              if (failure == null && response.statusCode() / 100 == 2) {
                counters.add("webhooks_delivered", 1);
                return;
              }
              counters.add("webhooks_failed_attempts", 1);
              if (attempt < retryDelays.size()) {
                scheduler.schedule(
                    () -> attempt(delivery, attempt + 1),
                    retryDelays.get(attempt).toMillis(),
                    TimeUnit.MILLISECONDS);
              } else {
                counters.add("webhooks_abandoned", 1);
                log.warn(
                    "webhook {} to {} abandoned after {} attempts",
                    delivery.event().topic(),
                    delivery.subscription().uri(),
                    attempt + 1);
              }
            });
  }

  /** Base64 HMAC-SHA256 of {@code body} keyed with {@code secret}, as in X-Shopify-Hmac-Sha256. */
  static String sign(Secret secret, byte[] body) {
    return io.stockbridge.auth.WebhookSignatures.shopifyHmac(secret, body);
  }
}
