package io.stockbridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.auth.WebhookSignatures;
import io.stockbridge.config.Secret;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.testhelper.Jwts;
import io.stockbridge.testhelper.NodeFixture;
import io.stockbridge.testhelper.TestHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input gets a 4xx with a reason, stores nothing, and leaves what was already
 * stored untouched; never a 5xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestBadInputTest {
  @TempDir static Path dir;
  NodeFixture fixture;
  EventRecord accepted;

  @BeforeAll
  void start() {
    fixture = new NodeFixture(dir, "");
    long id =
        fixture
            .postBrightpearl(NodeFixture.brightpearlBody("1-3", "2026-11-22T10:00:00Z"))
            .json()
            .path("eventId")
            .asLong();
    accepted = fixture.node.storage().events().find(id).orElseThrow();
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  record Case(String name, Function<TestHttp, TestHttp.Answer> request, int status, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String BP = "/webhooks/brightpearl/acme?secret=" + NodeFixture.BP_SECRET;

  static Map<String, String> shopifyHeaders(String body, String secret) {
    Map<String, String> headers = new HashMap<>();
    headers.put("X-Shopify-Topic", "inventory_levels/update");
    headers.put("X-Shopify-Shop-Domain", NodeFixture.SHOP);
    headers.put("X-Shopify-Event-Id", "evt-1");
    headers.put(
        "X-Shopify-Hmac-Sha256",
        WebhookSignatures.shopifyHmac(Secret.of(secret), body.getBytes(StandardCharsets.UTF_8)));
    return headers;
  }

  static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  static Stream<Arguments> cases() {
    String good = NodeFixture.brightpearlBody("7", "2026-11-22T11:00:00Z");
    String inventory = "{\"inventory_item_id\":5,\"location_id\":1,\"available\":3}";
    Instant future = Instant.now().plusSeconds(600);
    List<Case> cases =
        List.of(
            new Case(
                "malformed JSON",
                h -> h.postJson(BP, Map.of(), "{\"id\": "),
                400,
                "not valid JSON"),
            new Case("empty body", h -> h.postJson(BP, Map.of(), ""), 400, "empty"),
            new Case(
                "JSON array instead of object",
                h -> h.postJson(BP, Map.of(), "[1,2]"),
                400,
                "JSON object"),
            new Case(
                "missing id field",
                h ->
                    h.postJson(
                        BP,
                        Map.of(),
                        "{\"resourceType\":\"product\",\"lifecycleEvent\":\"modified\"}"),
                400,
                "missing field 'id'"),
            new Case(
                "missing lifecycle field",
                h -> h.postJson(BP, Map.of(), "{\"resourceType\":\"product\",\"id\":\"1\"}"),
                400,
                "missing field 'lifecycleEvent'"),
            new Case(
                "wrong content type",
                h -> h.postJson(BP, Map.of("Content-Type", "text/plain"), good),
                415,
                "Content-Type must be application/json"),
            new Case(
                "oversized body",
                h ->
                    h.postJson(
                        BP,
                        Map.of(),
                        good.replace("\"7\"", "\"7\",\"pad\":\"" + "x".repeat(5000) + "\"")),
                413,
                "exceeds the limit of 4096 bytes"),
            new Case(
                "invalid ID set",
                h -> h.postJson(BP, Map.of(), NodeFixture.brightpearlBody("1-x", "t")),
                400,
                "invalid id 'x'"),
            new Case(
                "backwards ID set range",
                h -> h.postJson(BP, Map.of(), NodeFixture.brightpearlBody("9-3", "t")),
                400,
                "runs backwards"),
            new Case(
                "zero id in ID set",
                h -> h.postJson(BP, Map.of(), NodeFixture.brightpearlBody("0,4", "t")),
                400,
                "ids are positive"),
            new Case(
                "non-ASCII digits in ID set",
                h -> h.postJson(BP, Map.of(), NodeFixture.brightpearlBody("\u0661\u0662,4", "t")),
                400,
                "invalid id"),
            new Case(
                "ID set repeating a wide range",
                h ->
                    h.postJson(
                        BP,
                        Map.of(),
                        NodeFixture.brightpearlBody(
                            String.join(",", java.util.Collections.nCopies(400, "1-100000")), "t")),
                400,
                "spans more than 1000000 ids"),
            new Case(
                "Brightpearl event name that is not one",
                h ->
                    h.postJson(
                        BP,
                        Map.of(),
                        NodeFixture.brightpearlBodyNamingEvent("drop table", "7", "t")),
                400,
                "field 'event' must be a Brightpearl event name"),
            new Case(
                "missing Brightpearl secret",
                h -> h.postJson("/webhooks/brightpearl/acme", Map.of(), good),
                401,
                "missing webhook secret"),
            new Case(
                "wrong Brightpearl secret",
                h -> h.postJson("/webhooks/brightpearl/acme?secret=nope", Map.of(), good),
                401,
                "does not match"),
            new Case(
                "unknown Brightpearl account",
                h -> h.postJson("/webhooks/brightpearl/other?secret=x", Map.of(), good),
                404,
                "unknown Brightpearl account 'other'"),
            new Case(
                "unknown source",
                h -> h.postJson("/webhooks/magento", Map.of(), good),
                404,
                "no endpoint"),
            new Case(
                "bad Shopify HMAC",
                h -> h.postJson("/webhooks/shopify", shopifyHeaders(inventory, "wrong"), inventory),
                401,
                "does not match"),
            new Case(
                "missing Shopify HMAC",
                h -> {
                  Map<String, String> headers = shopifyHeaders(inventory, NodeFixture.SHOP_SECRET);
                  headers.remove("X-Shopify-Hmac-Sha256");
                  return h.postJson("/webhooks/shopify", headers, inventory);
                },
                401,
                "missing X-Shopify-Hmac-Sha256"),
            new Case(
                "Shopify body changed after signing",
                h ->
                    h.postJson(
                        "/webhooks/shopify",
                        shopifyHeaders(inventory, NodeFixture.SHOP_SECRET),
                        inventory.replace("3", "4")),
                401,
                "does not match"),
            new Case(
                "missing Shopify topic",
                h -> {
                  Map<String, String> headers = shopifyHeaders(inventory, NodeFixture.SHOP_SECRET);
                  headers.remove("X-Shopify-Topic");
                  return h.postJson("/webhooks/shopify", headers, inventory);
                },
                400,
                "missing header X-Shopify-Topic"),
            new Case(
                "unknown Shopify shop",
                h -> {
                  Map<String, String> headers = shopifyHeaders(inventory, NodeFixture.SHOP_SECRET);
                  headers.put("X-Shopify-Shop-Domain", "someone-else.myshopify.com");
                  return h.postJson("/webhooks/shopify", headers, inventory);
                },
                404,
                "unknown Shopify shop"),
            new Case(
                "missing bearer token",
                h -> h.postJson("/events", Map.of(), "{\"type\":\"x\"}"),
                401,
                "missing Authorization"),
            new Case(
                "wrong bearer token",
                h -> h.postJson("/events", bearer("nope"), "{\"type\":\"x\"}"),
                401,
                "not valid"),
            new Case(
                "basic auth instead of bearer",
                h ->
                    h.postJson(
                        "/events", Map.of("Authorization", "Basic YTpi"), "{\"type\":\"x\"}"),
                401,
                "Bearer scheme"),
            new Case(
                "expired JWT",
                h ->
                    h.postJson(
                        "/events",
                        bearer(
                            Jwts.hs256(
                                NodeFixture.JWT_SECRET,
                                NodeFixture.AUDIENCE,
                                Instant.now().minusSeconds(3600))),
                        "{\"type\":\"x\"}"),
                401,
                "JWT expired"),
            new Case(
                "JWT without expiry",
                h ->
                    h.postJson(
                        "/events",
                        bearer(Jwts.hs256(NodeFixture.JWT_SECRET, NodeFixture.AUDIENCE, null)),
                        "{\"type\":\"x\"}"),
                401,
                "no expiry"),
            new Case(
                "JWT for another audience",
                h ->
                    h.postJson(
                        "/events",
                        bearer(Jwts.hs256(NodeFixture.JWT_SECRET, "someone-else", future)),
                        "{\"type\":\"x\"}"),
                401,
                "audience"),
            new Case(
                "JWT signed with another secret",
                h ->
                    h.postJson(
                        "/events",
                        bearer(
                            Jwts.hs256(
                                "ffffffffffffffffffffffffffffffffffffffff",
                                NodeFixture.AUDIENCE,
                                future)),
                        "{\"type\":\"x\"}"),
                401,
                "signature is not valid"),
            new Case(
                "garbage JWT",
                h -> h.postJson("/events", bearer("a.b.c"), "{\"type\":\"x\"}"),
                401,
                "not a valid JWT"),
            new Case(
                "generic event without type",
                h -> h.postJson("/events", bearer(NodeFixture.TOKEN), "{\"key\":\"SKU-1\"}"),
                400,
                "missing field 'type'"),
            new Case(
                "generic event with numeric type",
                h -> h.postJson("/events", bearer(NodeFixture.TOKEN), "{\"type\":5}"),
                400,
                "missing field 'type'"),
            new Case(
                "generic event with object key",
                h ->
                    h.postJson("/events", bearer(NodeFixture.TOKEN), "{\"type\":\"a\",\"key\":{}}"),
                400,
                "field 'key' must be a string or a number"),
            new Case(
                "generic event with spaces in type",
                h -> h.postJson("/events", bearer(NodeFixture.TOKEN), "{\"type\":\"drop table\"}"),
                400,
                "field 'type' must be"));
    return cases.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bad_input_is_refused_with_a_reason_and_changes_nothing(Case badInput) {
    long before = fixture.node.storage().events().count(EventQuery.all(1));

    TestHttp.Answer answer = badInput.request().apply(fixture.http);

    assertThat(answer.status()).as(answer.raw()).isEqualTo(badInput.status());
    assertThat(answer.message()).as(answer.raw()).contains(badInput.reason());
    assertThat(answer.raw()).doesNotContain("Exception").doesNotContain("at io.");
    assertThat(fixture.node.storage().events().count(EventQuery.all(1))).isEqualTo(before);
    EventRecord still = fixture.node.storage().events().find(accepted.id()).orElseThrow();
    assertThat(still.dedupeKey()).isEqualTo(accepted.dedupeKey());
    assertThat(still.receivedAt()).isEqualTo(accepted.receivedAt());
    assertThat(fixture.node.storage().events().payload(accepted.id())).isPresent();
  }
}
