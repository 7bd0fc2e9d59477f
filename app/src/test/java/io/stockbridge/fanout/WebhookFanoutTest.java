package io.stockbridge.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.demo.WebhookReceiver;
import io.stockbridge.event.EventQuery;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed webhooks to a real HTTP receiver on loopback, from changes made by the store layer. */
@EndToEnd
class WebhookFanoutTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String OLD_SECRET =
      "whsec_" + Base64.getEncoder().encodeToString("an-older-secret-being-rotated".getBytes());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
  }

  private WebhookReceiver receiver() {
    WebhookReceiver receiver = new WebhookReceiver();
    open.add(receiver);
    return receiver;
  }

  /** Whether the storage is PostgreSQL (a subclass runs every case there). */
  boolean postgres() {
    return false;
  }

  private FanoutHarness harness(String subscriberYaml, Clock clock) {
    FanoutHarness harness =
        new FanoutHarness(
            dir, postgres(), "fanout:\n  pollMillis: 10\n  subscribers:\n" + subscriberYaml, clock);
    open.add(harness);
    return harness;
  }

  private static String hook(String url, String extra) {
    return "    hook:\n"
        + "      kind: webhook\n"
        + "      url: "
        + url
        + "\n"
        + "      secrets: ["
        + SECRET
        + ", "
        + OLD_SECRET
        + "]\n"
        + "      retrySeconds: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
        + extra;
  }

  /** The Standard Webhooks check written out here, apart from the engine's signer. */
  private static boolean verifies(String secret, WebhookReceiver.Received message)
      throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
    String signed = message.id() + "." + message.timestamp() + "." + message.bodyText();
    String expected =
        "v1,"
            + Base64.getEncoder()
                .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    return List.of(message.signature().split(" ")).contains(expected);
  }

  @Test
  void a_receiver_down_for_a_while_gets_everything_after_in_order_per_key_and_signed()
      throws Exception {
    WebhookReceiver receiver = receiver();
    FanoutHarness harness =
        harness(
            hook(receiver.url(), "      order: perKey\n      allowNetworks: [127.0.0.0/8]\n"),
            Clock.systemUTC());
    List<String> skus = List.of("SKU-A", "SKU-B", "SKU-C");
    long now = System.currentTimeMillis();
    for (int i = 0; i < skus.size(); i++) {
      harness.product(100 + i, skus.get(i), now);
    }
    receiver.stop(); // down for maintenance: connections refused
    harness.service.start();
    harness.interleavedChanges(skus, 10, now);
    Eventually.await(
        "attempts failing while the receiver is down",
        WAIT,
        () ->
            harness.storage.deliveries().deliveries("hook", "pending", null, 100).stream()
                .anyMatch(d -> d.attempts() >= 2));
    receiver.start();
    Eventually.await("all 33 changes received", WAIT, () -> receiver.received().size() >= 33);

    List<WebhookReceiver.Received> received = receiver.received();
    assertThat(received).hasSize(33);
    Map<String, List<Integer>> levelsBySku = new LinkedHashMap<>();
    Set<String> ids = new HashSet<>();
    for (WebhookReceiver.Received message : received) {
      assertThat(verifies(SECRET, message)).as("signed with the current secret").isTrue();
      assertThat(verifies(OLD_SECRET, message)).as("and with the one being rotated").isTrue();
      JsonNode body = JSON.readTree(message.body());
      assertThat(body.get("id").asText()).isEqualTo(message.id());
      ids.add(message.id());
      if (body.get("type").asText().equals("stock.changed")) {
        levelsBySku
            .computeIfAbsent(body.get("key").asText(), k -> new ArrayList<>())
            .add(body.get("data").get("newLevel").asInt());
      }
    }
    assertThat(ids).hasSize(33);
    for (String sku : skus) {
      assertThat(levelsBySku.get(sku)).as(sku).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }
    Eventually.await(
        "every delivery settled", WAIT, () -> harness.deliveries("hook", "delivered") == 33);
    DeliveryView first = harness.storage.deliveries().deliveries("hook", null, null, 500).getLast();
    DeliveryView detail = harness.storage.deliveries().delivery(first.id()).orElseThrow();
    assertThat(detail.attemptLog()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(detail.attemptLog().getFirst().success()).isFalse();
    assertThat(detail.attemptLog().getFirst().excerpt()).contains("ConnectException");
    assertThat(detail.attemptLog().getLast().success()).isTrue();
    assertThat(detail.attemptLog().getLast().status()).isEqualTo(200);
  }

  @Test
  void a_redirect_is_not_followed_and_counts_as_a_failed_attempt() {
    WebhookReceiver inside = receiver();
    WebhookReceiver redirecting = receiver();
    redirecting.redirectTo(inside.url());
    FanoutHarness harness =
        harness(hook(redirecting.url(), "      allowNetworks: [127.0.0.0/8]\n"), Clock.systemUTC());
    harness.service.start();
    harness.level("SKU-R", 4, System.currentTimeMillis());
    Eventually.await(
        "a failed attempt",
        WAIT,
        () ->
            harness.storage.deliveries().deliveries("hook", "pending", null, 10).stream()
                .anyMatch(d -> d.attempts() >= 1));
    DeliveryView delivery =
        harness.storage.deliveries().deliveries("hook", null, null, 10).getFirst();
    assertThat(delivery.lastError()).contains("redirect not followed");
    DeliveryView detail = harness.storage.deliveries().delivery(delivery.id()).orElseThrow();
    assertThat(detail.attemptLog().getFirst().status()).isEqualTo(302);
    assertThat(inside.calls()).isZero();
  }

  @Test
  void a_loopback_target_not_explicitly_allowed_is_never_called() {
    WebhookReceiver receiver = receiver();
    FanoutHarness harness = harness(hook(receiver.url(), ""), Clock.systemUTC());
    harness.service.start();
    harness.level("SKU-S", 1, System.currentTimeMillis());
    Eventually.await(
        "a refused attempt",
        WAIT,
        () ->
            harness.storage.deliveries().deliveries("hook", null, null, 10).stream()
                .anyMatch(d -> d.attempts() >= 1));
    assertThat(
            harness.storage.deliveries().deliveries("hook", null, null, 10).getFirst().lastError())
        .contains("refused")
        .contains("loopback");
    assertThat(receiver.calls()).isZero();
  }

  @Test
  void a_delivery_is_dead_once_its_schedule_is_spent_and_a_replay_after_a_dry_run_redrives_it() {
    WebhookReceiver receiver = receiver();
    receiver.failWith(500);
    FanoutHarness harness =
        harness(
            "    hook:\n      kind: webhook\n      url: "
                + receiver.url()
                + "\n      secrets: ["
                + SECRET
                + "]\n      retrySeconds: [0, 0, 0]\n      allowNetworks: [127.0.0.0/8]\n",
            Clock.systemUTC());
    harness.service.start();
    long now = System.currentTimeMillis();
    harness.level("SKU-D", 1, now);
    harness.level("SKU-D", 2, now);
    Eventually.await("both dead", WAIT, () -> harness.deliveries("hook", "dead") == 2);
    DeliveryView dead =
        harness.storage.deliveries().deliveries("hook", "dead", null, 10).getFirst();
    DeliveryView detail = harness.storage.deliveries().delivery(dead.id()).orElseThrow();
    assertThat(detail.attemptLog()).hasSize(3);
    assertThat(detail.attemptLog())
        .allSatisfy(
            a -> {
              assertThat(a.status()).isEqualTo(500);
              assertThat(a.excerpt()).isEqualTo("down for maintenance");
            });
    assertThat(harness.storage.deliveries().replay("hook", ReplayFilter.all(), true, now))
        .isEqualTo(2);
    assertThat(harness.deliveries("hook", "dead")).as("a dry run changes nothing").isEqualTo(2);
    receiver.failWith(0);
    assertThat(harness.storage.deliveries().replay("hook", ReplayFilter.all(), false, now))
        .isEqualTo(2);
    Eventually.await("redriven", WAIT, () -> receiver.received().size() == 2);
    Eventually.await("delivered", WAIT, () -> harness.deliveries("hook", "delivered") == 2);
  }

  @Test
  void an_endpoint_failing_too_long_is_disabled_with_an_alert_and_enabled_by_an_operator() {
    WebhookReceiver receiver = receiver();
    receiver.failWith(503);
    MutableClock clock = new MutableClock(System.currentTimeMillis());
    FanoutHarness harness =
        harness(
            hook(
                receiver.url(),
                "      allowNetworks: [127.0.0.0/8]\n      disableAfterMinutes: 1\n"),
            clock);
    harness.service.start();
    harness.level("SKU-X", 1, clock.millis());
    Eventually.await(
        "failing",
        WAIT,
        () -> harness.storage.deliveries().flags("hook").orElseThrow().failingSince() != null);
    clock.advance(Duration.ofMinutes(2));
    Eventually.await(
        "disabled",
        WAIT,
        () -> harness.storage.deliveries().flags("hook").orElseThrow().disabledAt() != null);
    assertThat(
            harness
                .storage
                .events()
                .search(
                    new EventQuery(
                        null,
                        "stockbridge",
                        "alert.raised",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        10,
                        null))
                .events())
        .hasSize(1);
    long callsWhileDisabled = receiver.calls();
    receiver.failWith(0);
    assertThat(harness.storage.deliveries().enable("hook", clock.millis())).isTrue();
    clock.advance(Duration.ofSeconds(5)); // the retry scheduled before it was disabled is due
    Eventually.await("delivered after enabling", WAIT, () -> receiver.received().size() >= 1);
    assertThat(receiver.calls()).isGreaterThan(callsWhileDisabled);
  }
}
