package io.stockbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.NodeFixture;
import io.stockbridge.testhelper.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a running node, the webhooks (served by {@link FastRoutes}, ahead of Javalin) reach the {@link
 * RequestObserver} exactly as the admin API does. Before Jetty 12 they bypassed every hook that
 * Javalin offers, so metrics or tracing added there would have missed all the ingest traffic.
 */
class NodeRequestObservationTest {
  @TempDir Path dir;

  @Test
  void fastPathWebhooksAreNotHiddenFromTheRequestObserver() {
    List<ObservedRequest> observed = new CopyOnWriteArrayList<>();
    try (NodeFixture fixture = new NodeFixture(dir, "", observed::add)) {
      TestHttp.Answer webhook =
          fixture.postBrightpearl(NodeFixture.brightpearlBody("1-3", "2026-11-22T10:00:00Z"));
      assertThat(webhook.status()).isEqualTo(202);
      awaitObserved(observed, 1);
      TestHttp.Answer refused =
          fixture.http.postJson("/webhooks/shopify", Map.of("X-Shopify-Hmac-Sha256", "x"), "{}");
      assertThat(refused.status()).isEqualTo(400);
      awaitObserved(observed, 2);
      TestHttp.Answer events = fixture.http.get("/api/events", NodeFixture.operator());
      assertThat(events.status()).isEqualTo(200);

      Eventually.await(
          "three observed requests", Duration.ofSeconds(10), () -> observed.size() >= 3);
      assertThat(observed)
          .extracting(ObservedRequest::method, ObservedRequest::route, ObservedRequest::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("POST", "/webhooks/brightpearl/{account}", 202),
              org.assertj.core.groups.Tuple.tuple("POST", "/webhooks/shopify", 400),
              org.assertj.core.groups.Tuple.tuple("GET", "/api/events", 200));
    }
  }

  /** The observer runs as a response completes, which may be just after the client has it. */
  private static void awaitObserved(List<ObservedRequest> observed, int count) {
    Eventually.await(
        count + " observed requests", Duration.ofSeconds(10), () -> observed.size() >= count);
  }
}
