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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Every kind of bad input gets a 4xx with a reason, stores nothing, is counted as a rejection, and
 * leaves what was already stored untouched, while a valid event sent at the same instant is stored;
 * never a 5xx. Run once per engine ({@link SqliteIngestBadInputTest}, {@link
 * PostgresIngestBadInputTest}). Cases named after a problem of issue 10 are its regression tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IngestBadInputTest {
  @TempDir static Path dir;
  NodeFixture fixture;
  EventRecord accepted;
  final AtomicInteger validSent = new AtomicInteger();

  /** The engine: a JDBC URL of SQLite (in {@code dir}) or of a fresh PostgreSQL schema. */
  protected abstract String databaseUrl(Path dir);

  protected void cleanUp() {}

  /** A generic event stored before the cases run, whose Idempotency-Key a case reuses. */
  static final String IDEMPOTENCY_KEY = "order-7-shipped";

  static final String IDEMPOTENT_BODY = "{\"type\":\"order.shipped\",\"key\":\"order-7\"}";

  @BeforeAll
  void start() {
    fixture = new NodeFixture(dir, databaseUrl(dir), "");
    long id =
        fixture
            .postBrightpearl(NodeFixture.brightpearlBody("1-3", "2026-11-22T10:00:00Z"))
            .json()
            .path("eventId")
            .asLong();
    accepted = fixture.node.storage().events().find(id).orElseThrow();
    TestHttp.Answer first =
        fixture.http.postJson("/events", idempotent(IDEMPOTENCY_KEY), IDEMPOTENT_BODY);
    assertThat(first.status()).as(first.raw()).isEqualTo(202);
  }

  @AfterAll
  void stop() {
    fixture.close();
    cleanUp();
  }

  static Map<String, String> idempotent(String key) {
    return Map.of("Authorization", "Bearer " + NodeFixture.TOKEN, "Idempotency-Key", key);
  }

  /** A body that is not valid UTF-8 text, or holds a lone surrogate encoded as bytes. */
  static TestHttp.Answer postBytes(
      TestHttp http, String path, Map<String, String> headers, byte[] body) {
    Map<String, String> all = new HashMap<>(headers);
    all.put("Content-Type", "application/json");
    return http.send("POST", path, all, body);
  }

  static byte[] bytes(String prefix, byte[] middle, String suffix) {
    byte[] a = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] c = suffix.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[a.length + middle.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(middle, 0, out, a.length, middle.length);
    System.arraycopy(c, 0, out, a.length + middle.length, c.length);
    return out;
  }

  static TestHttp.Answer shopify(TestHttp http, String body) {
    return http.postJson("/webhooks/shopify", shopifyHeaders(body, NodeFixture.SHOP_SECRET), body);
  }

  static TestHttp.Answer generic(TestHttp http, String body) {
    return http.postJson("/events", bearer(NodeFixture.TOKEN), body);
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
                "an_id_set_repeating_a_range_is_refused_by_the_ids_it_spans",
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
                "field 'type' must be"),
            // Issue 10: bodies must be exactly one JSON value.
            new Case(
                "trailing_json_content_after_the_object_is_refused_not_stored",
                h -> h.postJson(BP, Map.of(), good + " trailing"),
                400,
                "not valid JSON"),
            new Case(
                "two_json_objects_in_one_body_are_refused_not_the_first_stored",
                h -> generic(h, "{\"type\":\"a\"}{\"type\":\"b\"}"),
                400,
                "Trailing token"),
            new Case(
                "a signed Shopify body with a second value after it",
                h -> shopify(h, inventory + "[]"),
                400,
                "Trailing token"),
            new Case(
                "a body of only whitespace",
                h -> generic(h, "   "),
                400,
                "body must be a JSON object"),
            new Case(
                "a body that is JSON null",
                h -> h.postJson(BP, Map.of(), "null"),
                400,
                "JSON object"),
            new Case(
                "a field given twice",
                h -> generic(h, "{\"type\":\"a\",\"type\":\"b\"}"),
                400,
                "Duplicate field 'type'"),
            new Case(
                "nesting deeper than the limit",
                h ->
                    generic(h, "{\"type\":\"a\",\"data\":" + "[".repeat(70) + "]".repeat(70) + "}"),
                400,
                "nesting depth"),
            new Case(
                "a number longer than the limit",
                h -> generic(h, "{\"type\":\"a\",\"data\":" + "9".repeat(101) + "}"),
                400,
                "Number value length"),
            new Case(
                "bytes that are not UTF-8",
                h ->
                    postBytes(
                        h,
                        "/events",
                        bearer(NodeFixture.TOKEN),
                        bytes("{\"type\":\"a\",\"key\":\"", new byte[] {(byte) 0xff}, "\"}")),
                400,
                "not valid JSON"),
            // Issue 10: text fields reject NUL and unpaired surrogates, naming the field.
            new Case(
                "a_nul_in_a_text_field_is_refused_naming_the_field",
                h -> generic(h, "{\"type\":\"a\",\"key\":\"SKU\\u0000-1\"}"),
                400,
                "field 'key' contains a NUL character"),
            new Case(
                "a NUL deep in the data",
                h -> generic(h, "{\"type\":\"a\",\"data\":{\"lines\":[{\"sku\":\"\\u0000\"}]}}"),
                400,
                "field 'data.lines[0].sku' contains a NUL character"),
            new Case(
                "a NUL in a field name",
                h -> generic(h, "{\"type\":\"a\",\"data\":{\"a\\u0000b\":1}}"),
                400,
                "a field name in 'data' contains a NUL character"),
            new Case(
                "a NUL in a Brightpearl raisedOn",
                h -> h.postJson(BP, Map.of(), NodeFixture.brightpearlBody("7", "2026\\u0000")),
                400,
                "field 'raisedOn' contains a NUL character"),
            new Case(
                "a NUL in a signed Shopify body",
                h -> shopify(h, "{\"inventory_item_id\":5,\"note\":\"\\u0000\"}"),
                400,
                "field 'note' contains a NUL character"),
            new Case(
                "an_unpaired_surrogate_is_refused_not_turned_into_a_question_mark",
                h -> generic(h, "{\"type\":\"a\",\"key\":\"SKU-\\ud800\"}"),
                400,
                "field 'key' contains an unpaired surrogate (\\ud800)"),
            new Case(
                "a lone low surrogate",
                h -> generic(h, "{\"type\":\"a\",\"store\":\"\\udc00shop\"}"),
                400,
                "field 'store' contains an unpaired surrogate (\\udc00)"),
            new Case(
                "a high surrogate followed by another high surrogate",
                h -> h.postJson(BP, Map.of(), NodeFixture.brightpearlBody("7", "\\ud83d\\ud83d")),
                400,
                "field 'raisedOn' contains an unpaired surrogate"),
            new Case(
                "a surrogate encoded as UTF-8 bytes (CESU)",
                h ->
                    postBytes(
                        h,
                        "/events",
                        bearer(NodeFixture.TOKEN),
                        bytes(
                            "{\"type\":\"a\",\"key\":\"",
                            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                            "\"}")),
                400,
                "Illegal surrogate character"),
            // Issue 10: numbers that do not fit are refused, never rounded or made Infinity.
            new Case(
                "a_number_too_large_for_a_double_is_refused_not_made_the_key_infinity",
                h -> generic(h, "{\"type\":\"a\",\"key\":1e400}"),
                400,
                "field 'key': the number 1E+400 does not fit"),
            new Case(
                "a number too large for a double in the data",
                h -> generic(h, "{\"type\":\"a\",\"data\":{\"qty\":-1e400}}"),
                400,
                "field 'data.qty': the number -1E+400 does not fit"),
            new Case(
                "a number too small for a double, not read as zero",
                h -> generic(h, "{\"type\":\"a\",\"data\":{\"qty\":1e-400}}"),
                400,
                "field 'data.qty': the number 1E-400 does not fit"),
            new Case(
                "a twenty-digit key where a long is expected",
                h -> generic(h, "{\"type\":\"a\",\"key\":12345678901234567890}"),
                400,
                "field 'key' must be text or a whole number"),
            new Case(
                "a fractional key",
                h -> generic(h, "{\"type\":\"a\",\"key\":1.5}"),
                400,
                "field 'key' must be text or a whole number"),
            new Case(
                "a twenty-digit Shopify inventory item id",
                h -> shopify(h, "{\"inventory_item_id\":12345678901234567890,\"available\":3}"),
                400,
                "field 'inventory_item_id' must be text or a whole number"),
            new Case(
                "a Brightpearl ID set given as a huge number",
                h ->
                    h.postJson(
                        BP,
                        Map.of(),
                        "{\"resourceType\":\"product\",\"lifecycleEvent\":\"modified\",\"id\":1e400}"),
                400,
                "field 'id': the number 1E+400 does not fit"),
            // Issue 10: digits are ASCII only.
            new Case(
                "non_ascii_digits_in_an_id_set_are_refused_not_read_as_numbers",
                h -> h.postJson(BP, Map.of(), NodeFixture.brightpearlBody("\u0967\u0968", "t")),
                400,
                "invalid id"),
            new Case(
                "non_ascii_digits_in_a_raised_on_time_are_refused",
                h ->
                    h.postJson(
                        BP,
                        Map.of(),
                        NodeFixture.brightpearlBody(
                            "7", "\u0662\u0660\u0662\u0666-11-22T10:00:00Z")),
                400,
                "field 'raisedOn' has a digit other than 0-9"),
            new Case(
                "a twenty-digit id in an ID set",
                h ->
                    h.postJson(
                        BP, Map.of(), NodeFixture.brightpearlBody("12345678901234567890", "t")),
                400,
                "invalid id"),
            // Issue 10: the same Idempotency-Key with another body.
            new Case(
                "the_same_idempotency_key_with_a_different_body_answers_422",
                h ->
                    h.postJson(
                        "/events",
                        idempotent(IDEMPOTENCY_KEY),
                        IDEMPOTENT_BODY.replace("order-7", "order-8")),
                422,
                "the body differs"));
    return cases.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bad_input_is_refused_with_a_reason_and_changes_nothing(Case badInput) throws Exception {
    long before = fixture.node.storage().events().count(EventQuery.all(1));
    long rejectionsBefore = rejections();
    String validKey = "valid-" + validSent.incrementAndGet();

    // The bad request and a valid event from another sender, at the same instant.
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<TestHttp.Answer> valid =
        CompletableFuture.supplyAsync(
            () -> {
              await(go);
              return generic(
                  fixture.http, "{\"type\":\"stock.changed\",\"key\":\"" + validKey + "\"}");
            },
            r -> Thread.ofVirtual().start(r));
    CompletableFuture<TestHttp.Answer> bad =
        CompletableFuture.supplyAsync(
            () -> {
              await(go);
              return badInput.request().apply(fixture.http);
            },
            r -> Thread.ofVirtual().start(r));
    go.countDown();
    TestHttp.Answer answer = bad.get(60, TimeUnit.SECONDS);
    TestHttp.Answer validAnswer = valid.get(60, TimeUnit.SECONDS);

    assertThat(answer.status()).as(answer.raw()).isEqualTo(badInput.status());
    assertThat(answer.message()).as(answer.raw()).contains(badInput.reason());
    assertThat(answer.raw()).doesNotContain("Exception").doesNotContain("at io.");
    assertThat(validAnswer.status()).as(validAnswer.raw()).isEqualTo(202);
    long validId = validAnswer.json().path("eventId").asLong();
    assertThat(fixture.node.storage().events().find(validId).orElseThrow().key())
        .isEqualTo(validKey);
    // Nothing of the bad request was stored: only the valid event is new.
    assertThat(fixture.node.storage().events().count(EventQuery.all(1))).isEqualTo(before + 1);
    if (!answer.message().contains("no endpoint")) {
      assertThat(rejections()).isEqualTo(rejectionsBefore + 1);
    }
    EventRecord still = fixture.node.storage().events().find(accepted.id()).orElseThrow();
    assertThat(still.dedupeKey()).isEqualTo(accepted.dedupeKey());
    assertThat(still.receivedAt()).isEqualTo(accepted.receivedAt());
    assertThat(fixture.node.storage().events().payload(accepted.id())).isPresent();
  }

  /** Regression (issue 10): the same key and the same body is a duplicate, as it always was. */
  @org.junit.jupiter.api.Test
  void the_same_idempotency_key_with_the_same_body_answers_200_duplicate() {
    long before = fixture.node.storage().events().count(EventQuery.all(1));
    TestHttp.Answer again =
        fixture.http.postJson("/events", idempotent(IDEMPOTENCY_KEY), IDEMPOTENT_BODY);
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.json().path("duplicate").asBoolean()).isTrue();
    assertThat(fixture.node.storage().events().count(EventQuery.all(1))).isEqualTo(before);
  }

  private long rejections() {
    TestHttp.Answer answer = fixture.http.get("/api/ingest/rejections", NodeFixture.viewer());
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    return answer.json().path("total").asLong();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
