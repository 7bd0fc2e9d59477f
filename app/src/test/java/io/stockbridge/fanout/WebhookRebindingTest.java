package io.stockbridge.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.FanoutSettings;
import io.stockbridge.config.Secret;
import io.stockbridge.demo.WebhookReceiver;
import io.stockbridge.time.Sleeper;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook sender connects to the addresses the SSRF policy checked, never to a second lookup of
 * the name: a real loopback receiver, names answered by a resolver the test controls.
 */
class WebhookRebindingTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private final WebhookReceiver receiver = new WebhookReceiver();

  @AfterEach
  void stop() {
    receiver.close();
  }

  private static FanoutSettings.Subscriber subscriber(String url) {
    return new FanoutSettings.Subscriber(
        "hook",
        FanoutSettings.Kind.WEBHOOK,
        Secret.of(url),
        List.of(Secret.of(SECRET)),
        List.of(),
        List.of(),
        Optional.empty(),
        false,
        List.of(Duration.ZERO),
        Duration.ofSeconds(5),
        0,
        2,
        1,
        Duration.ofMinutes(60),
        List.of(),
        null,
        null,
        null);
  }

  private static Delivery delivery() {
    return new Delivery(
        7,
        "hook",
        42,
        "stock.changed",
        "main",
        "SKU-1",
        1_700_000_000_123L,
        0,
        "{\"sku\":\"SKU-1\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void a_name_that_answers_a_loopback_address_at_connect_time_never_reaches_the_receiver()
      throws Exception {
    // "localhost" is what the system resolves to 127.0.0.1: a client that looked the name up again
    // itself would reach the receiver. Here the first answer (the check before the batch) is an
    // allowed address (127.0.0.2, as a public one would be: never a real outside address in a
    // test), every later one (the connect) the loopback address the receiver listens on.
    AtomicInteger lookups = new AtomicInteger();
    OutboundPolicy policy =
        new OutboundPolicy(
            List.of("127.0.0.2/32"),
            host ->
                new InetAddress[] {
                  InetAddress.getByAddress(
                      host,
                      lookups.getAndIncrement() == 0
                          ? new byte[] {127, 0, 0, 2}
                          : new byte[] {127, 0, 0, 1})
                });
    String url = "http://localhost:" + receiver.port() + "/hooks";
    assertThat(policy.refusal(java.net.URI.create(url))).isNull(); // the check alone passes
    lookups.set(0);

    List<AttemptResult> results;
    try (WebhookSender sender =
        new WebhookSender(subscriber(url), policy, Clock.systemUTC(), Sleeper.SYSTEM)) {
      results = sender.send(List.of(delivery()), false);
    }

    assertThat(lookups.get()).as("resolved for the check and again at the connect").isEqualTo(2);
    assertThat(results).hasSize(1);
    AttemptResult attempt = results.getFirst();
    assertThat(attempt.success()).isFalse();
    assertThat(attempt.status()).isNull();
    assertThat(attempt.excerpt()).startsWith("refused: ").contains("a loopback address 127.0.0.1");
    assertThat(receiver.calls()).as("the receiver on 127.0.0.1 was never called").isZero();
  }

  @Test
  void the_sender_connects_to_the_address_the_policy_resolved_not_to_its_own_lookup()
      throws Exception {
    // A name no system resolver knows (the .test domain is reserved): the call arrives only if
    // the client connects to the address the policy's resolver answered.
    OutboundPolicy policy =
        new OutboundPolicy(
            List.of("127.0.0.0/8"),
            host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})});
    String url = "http://hooks.stockbridge.test:" + receiver.port() + "/hooks";

    List<AttemptResult> results;
    try (WebhookSender sender =
        new WebhookSender(subscriber(url), policy, Clock.systemUTC(), Sleeper.SYSTEM)) {
      results = sender.send(List.of(delivery()), false);
    }

    assertThat(results).hasSize(1);
    assertThat(results.getFirst().success()).as(results.getFirst().excerpt()).isTrue();
    assertThat(results.getFirst().status()).isEqualTo(200);
    assertThat(receiver.received()).hasSize(1);
    WebhookReceiver.Received received = receiver.received().getFirst();
    assertThat(received.id()).isEqualTo("42");
    assertThat(received.signature()).startsWith("v1,");
    assertThat(received.body()).isEqualTo(Envelope.body(delivery()));
  }
}
