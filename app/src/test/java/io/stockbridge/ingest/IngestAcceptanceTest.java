package io.stockbridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.auth.WebhookSignatures;
import io.stockbridge.config.Secret;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.EventStatus;
import io.stockbridge.event.HistoryEntry;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.Jwts;
import io.stockbridge.testhelper.NodeFixture;
import io.stockbridge.testhelper.TestHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Good input from each source is stored, deduplicated, and processed to a final status. */
class IngestAcceptanceTest {
  @TempDir Path dir;
  NodeFixture fixture;

  @BeforeEach
  void start() {
    fixture = new NodeFixture(dir, "");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private EventRecord awaitSucceeded(long id) {
    Eventually.await(
        "event " + id + " succeeded",
        Duration.ofSeconds(10),
        () ->
            fixture.node.storage().events().find(id).orElseThrow().status()
                == EventStatus.SUCCEEDED);
    return fixture.node.storage().events().find(id).orElseThrow();
  }

  @Test
  void a_brightpearl_id_set_webhook_is_stored_compacted_and_processed_once_despite_a_retry() {
    String body = NodeFixture.brightpearlBody("5,1-3,4,99", "2026-11-22T10:00:00Z");

    TestHttp.Answer first = fixture.postBrightpearl(body);
    TestHttp.Answer retry =
        fixture.http.postJson(
            "/webhooks/brightpearl/acme",
            Map.of("X-Stockbridge-Webhook-Secret", NodeFixture.BP_SECRET),
            body);

    assertThat(first.status()).isEqualTo(202);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.json().path("duplicate").asBoolean()).isTrue();
    long id = first.json().path("eventId").asLong();
    assertThat(retry.json().path("eventId").asLong()).isEqualTo(id);
    EventRecord event = awaitSucceeded(id);
    assertThat(event.type()).isEqualTo("product.modified.on-hand-modified");
    assertThat(event.key()).isEqualTo("1-5,99");
    assertThat(event.store()).isEqualTo("acme");
    assertThat(fixture.node.storage().events().history(id))
        .filteredOn(h -> h.status() == EventStatus.SUCCEEDED)
        .hasSize(1);
  }

  @Test
  void
      a_shopify_webhook_with_a_valid_hmac_is_keyed_by_inventory_item_and_deduplicated_on_event_id() {
    String body = "{\"inventory_item_id\":271878346596,\"location_id\":905684977,\"available\":6}";
    Map<String, String> headers = new HashMap<>();
    headers.put("X-Shopify-Topic", "inventory_levels/update");
    headers.put("X-Shopify-Shop-Domain", NodeFixture.SHOP);
    headers.put("X-Shopify-Event-Id", "98880550-7158-44d4-b7cd-2c97c8a091b5");
    headers.put("X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
    headers.put(
        "X-Shopify-Hmac-Sha256",
        WebhookSignatures.shopifyHmac(
            Secret.of(NodeFixture.SHOP_SECRET), body.getBytes(StandardCharsets.UTF_8)));

    TestHttp.Answer first = fixture.http.postJson("/webhooks/shopify", headers, body);
    headers.put("X-Shopify-Webhook-Id", "another-delivery-of-the-same-event");
    TestHttp.Answer again = fixture.http.postJson("/webhooks/shopify", headers, body);

    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(200);
    EventRecord event = awaitSucceeded(first.json().path("eventId").asLong());
    assertThat(event.source()).isEqualTo("shopify");
    assertThat(event.type()).isEqualTo("inventory_levels/update");
    assertThat(event.key()).isEqualTo("271878346596");
    assertThat(event.store()).isEqualTo(NodeFixture.SHOP);
  }

  @Test
  void generic_events_accept_a_static_token_an_hs256_jwt_and_an_rs256_jwt() {
    Instant expiry = Instant.now().plusSeconds(300);
    String[] tokens = {
      NodeFixture.TOKEN,
      Jwts.hs256(NodeFixture.JWT_SECRET, NodeFixture.AUDIENCE, expiry),
      Jwts.rs256(NodeFixture.AUDIENCE, expiry)
    };
    for (String token : tokens) {
      TestHttp.Answer answer =
          fixture.http.postJson(
              "/events",
              Map.of("Authorization", "Bearer " + token),
              "{\"type\":\"stock.changed\",\"key\":\"SKU-1\",\"store\":\"shop-a\",\"data\":{\"onHand\":4}}");
      assertThat(answer.status()).as(answer.raw()).isEqualTo(202);
      awaitSucceeded(answer.json().path("eventId").asLong());
    }
  }

  @Test
  void generic_events_are_deduplicated_on_idempotency_key_and_carry_the_callers_trace_id() {
    Map<String, String> headers =
        Map.of(
            "Authorization",
            "Bearer " + NodeFixture.TOKEN,
            "Idempotency-Key",
            "abc-1",
            "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    TestHttp.Answer first =
        fixture.http.postJson("/events", headers, "{\"type\":\"price.changed\",\"key\":7}");
    TestHttp.Answer second =
        fixture.http.postJson("/events", headers, "{\"type\":\"price.changed\",\"key\":7}");

    assertThat(first.status()).isEqualTo(202);
    assertThat(second.status()).isEqualTo(200);
    EventRecord event = awaitSucceeded(first.json().path("eventId").asLong());
    assertThat(event.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(event.key()).isEqualTo("7");
    assertThat(fixture.node.storage().events().history(event.id()))
        .extracting(HistoryEntry::status)
        .containsExactly(
            EventStatus.RECEIVED,
            EventStatus.QUEUED,
            EventStatus.PROCESSING,
            EventStatus.SUCCEEDED);
  }

  @Test
  void the_template_names_the_event_and_a_rendered_specifier_only_refines_a_covering_webhook() {
    String raisedOn = "2026-11-22T10:00:00Z";
    // The on-hand webhook's delivery, the specifier rendered empty: the named event stands.
    TestHttp.Answer onHand =
        fixture.postBrightpearl(
            NodeFixture.brightpearlBodyNamingEvent(
                "product.modified.on-hand-modified", "1-3", raisedOn));
    // The product.modified webhook covers the same change; where the specifier is rendered, the
    // delivery is the on-hand event it is, a duplicate.
    TestHttp.Answer covering =
        fixture.postBrightpearl(
            NodeFixture.brightpearlBodyNamingEvent("product.modified", "1-3", raisedOn)
                .replace(
                    "\"raisedOn\"", "\"resourceSpecifier\":\"on-hand-modified\",\"raisedOn\""));
    // Without the specifier, a product.modified delivery is a product.modified event.
    TestHttp.Answer modified =
        fixture.postBrightpearl(
            NodeFixture.brightpearlBodyNamingEvent("product.modified", "1-3", raisedOn));

    assertThat(onHand.status()).as(onHand.raw()).isEqualTo(202);
    assertThat(covering.status()).as(covering.raw()).isEqualTo(200);
    assertThat(covering.json().path("eventId").asLong())
        .isEqualTo(onHand.json().path("eventId").asLong());
    assertThat(modified.status()).as(modified.raw()).isEqualTo(202);
    assertThat(
            fixture
                .node
                .storage()
                .events()
                .find(modified.json().path("eventId").asLong())
                .orElseThrow()
                .type())
        .isEqualTo("product.modified");
    assertThat(
            fixture
                .node
                .storage()
                .events()
                .find(onHand.json().path("eventId").asLong())
                .orElseThrow()
                .type())
        .isEqualTo("product.modified.on-hand-modified");
  }
}
