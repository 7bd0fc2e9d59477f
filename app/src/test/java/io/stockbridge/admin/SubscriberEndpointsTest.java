package io.stockbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.demo.WebhookReceiver;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.NodeFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subscribers over the admin API of a running node: list, pause, resume, deliveries, replay. */
@EndToEnd
class SubscriberEndpointsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  WebhookReceiver receiver;
  NodeFixture fixture;

  @BeforeEach
  void start() {
    receiver = new WebhookReceiver();
    fixture =
        new NodeFixture(
            dir,
            "fanout:\n  pollMillis: 10\n  allowNetworks: [127.0.0.0/8]\n  subscribers:\n"
                + "    search:\n      kind: webhook\n      url: "
                + receiver.url()
                + "\n      secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]\n"
                + "      types: [stock.changed]\n      order: perKey\n");
  }

  @AfterEach
  void stop() {
    fixture.close();
    receiver.close();
  }

  private void change(int level) {
    fixture
        .node
        .storage()
        .syncState()
        .putPushedLevels(
            List.of(new PushedLevel("eu", "gid://i/1", "L1", level)), System.currentTimeMillis());
  }

  @Test
  void a_paused_subscriber_gets_nothing_until_resumed_and_its_deliveries_show_their_attempts() {
    var list = fixture.http.get("/api/subscribers", NodeFixture.viewer());
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().get("subscribers").get(0).get("name").asText()).isEqualTo("search");
    assertThat(list.json().get("subscribers").get(0).get("order").asText()).isEqualTo("perKey");

    assertThat(
            fixture
                .http
                .postJson("/api/subscribers/search/pause", NodeFixture.viewer(), "")
                .status())
        .isEqualTo(403);
    var paused = fixture.http.postJson("/api/subscribers/search/pause", NodeFixture.operator(), "");
    assertThat(paused.json().get("paused").asBoolean()).isTrue();
    change(1);
    change(2);
    Eventually.await(
        "two pending",
        WAIT,
        () ->
            fixture
                    .http
                    .get("/api/subscribers/search", NodeFixture.viewer())
                    .json()
                    .get("pending")
                    .asInt()
                == 2);
    assertThat(receiver.calls()).isZero();

    fixture.http.postJson("/api/subscribers/search/resume", NodeFixture.operator(), "");
    Eventually.await("both received", WAIT, () -> receiver.received().size() == 2);
    Eventually.await(
        "both delivered",
        WAIT,
        () ->
            fixture
                    .http
                    .get("/api/subscribers/search", NodeFixture.viewer())
                    .json()
                    .get("delivered")
                    .asInt()
                == 2);

    var deliveries =
        fixture.http.get(
            "/api/subscribers/search/deliveries?state=delivered", NodeFixture.viewer());
    long id = deliveries.json().get("deliveries").get(0).get("id").asLong();
    var one = fixture.http.get("/api/deliveries/" + id, NodeFixture.viewer());
    assertThat(one.json().get("attemptLog").get(0).get("status").asInt()).isEqualTo(200);
    assertThat(one.json().get("attemptLog").get(0).get("response").asText()).isEqualTo("ok");

    var dryRun =
        fixture.http.postJson(
            "/api/subscribers/search/replay", NodeFixture.operator(), "{\"dryRun\": true}");
    assertThat(dryRun.json().get("wouldReplay").asInt()).isEqualTo(2);
    var replay =
        fixture.http.postJson(
            "/api/subscribers/search/replay", NodeFixture.operator(), "{\"sku\": \"item:*\"}");
    assertThat(replay.status()).isEqualTo(202);
    assertThat(replay.json().get("replayed").asInt()).isEqualTo(2);
    Eventually.await("received again", WAIT, () -> receiver.received().size() == 4);
  }

  @Test
  void an_unknown_subscriber_or_a_bad_filter_is_a_4xx_with_a_reason() {
    var unknown = fixture.http.get("/api/subscribers/nope", NodeFixture.viewer());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.message()).contains("search");
    var bad =
        fixture.http.postJson(
            "/api/subscribers/search/replay", NodeFixture.operator(), "{\"state\": \"lost\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).contains("state");
    assertThat(fixture.http.get("/api/deliveries/x", NodeFixture.viewer()).status()).isEqualTo(400);
    assertThat(
            fixture
                .http
                .postJson("/api/subscribers/search/enable", NodeFixture.operator(), "")
                .status())
        .isEqualTo(409);
  }
}
