package io.stockbridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.auth.WebhookSignatures;
import io.stockbridge.config.Secret;
import io.stockbridge.event.EventQuery;
import io.stockbridge.testhelper.NodeFixture;
import io.stockbridge.testhelper.Slow;
import io.stockbridge.testhelper.TestHttp;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated malformed bodies and headers (a seeded {@link Random}, so a failure is
 * repeatable; loopback only; at most {@link #BUDGET_MILLIS}) at every ingest endpoint, signed or
 * authenticated so that the body is what gets judged, and at the admin API: never a 5xx, never an
 * event stored for a refused request (each request's effect is counted), the node ready after. Run
 * once per engine.
 */
@Slow
abstract class IngestFuzzTest {
  static final long SEED = 10;
  static final int REQUESTS = 3000;
  static final long BUDGET_MILLIS = 60_000;

  @TempDir Path dir;
  NodeFixture fixture;

  protected abstract String databaseUrl(Path dir);

  protected void cleanUp() {}

  @BeforeEach
  void start() {
    fixture = new NodeFixture(dir, databaseUrl(dir), "");
  }

  @AfterEach
  void stop() {
    fixture.close();
    cleanUp();
  }

  /** What the generator aims at: a path, its authenticating headers, a valid body to mutate. */
  enum Target {
    BRIGHTPEARL,
    SHOPIFY,
    GENERIC,
    ADMIN_REPLAY,
    ADMIN_REDRIVE,
    ADMIN_SEARCH
  }

  static final String[] NASTY_VALUES = {
    "\"\\u0000\"",
    "\"a\\u0000b\"",
    "\"\\ud800\"",
    "\"\\udc00x\"",
    "\"\\ud83d\\ud83d\"",
    "1e400",
    "-1e400",
    "1e-400",
    "12345678901234567890",
    "-99999999999999999999",
    "1.5",
    "NaN",
    "Infinity",
    "\"\u0661\u0662\"",
    "\"\uff11-\uff19\"",
    "\"1-100000,1-100000,1-100000,1-100000,1-100000,1-100000,1-100000,1-100000,1-100000,1-100000,1-100000\"",
    "\"0\"",
    "\"9-3\"",
    "\"\"",
    "null",
    "true",
    "[]",
    "{}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "\"" + "x".repeat(600) + "\"",
  };

  static final String[] TRAILERS = {"x", "{}", "{\"type\":\"b\"}", " 1", "]", ",", "\u0000", "//"};

  @Test
  void malformed_requests_never_answer_5xx_never_store_a_refused_event_and_leave_the_node_ready() {
    Random random = new Random(SEED);
    long deadline = System.currentTimeMillis() + BUDGET_MILLIS;
    Map<String, Integer> statuses = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int sent = 0;
    long stored = count();
    while (sent < REQUESTS && System.currentTimeMillis() < deadline) {
      Target target = Target.values()[random.nextInt(Target.values().length)];
      byte[] body = mutate(random, template(target, random, sent));
      Map<String, String> headers = headers(target, random, body);
      String path = path(target, random);
      TestHttp.Answer answer;
      try {
        answer = send(target, path, headers, body);
      } catch (IllegalArgumentException refusedByTheClient) {
        continue; // a header java.net.http will not send
      } catch (UncheckedIOException closed) {
        // The server may close a connection after refusing a request whose body it did not read;
        // a client reusing that connection sees no answer. Sent again on a fresh connection, the
        // request must be answered.
        try {
          answer = send(target, path, headers, body);
        } catch (UncheckedIOException e) {
          failures.add(target + " " + path + ": no answer twice: " + e.getMessage());
          continue;
        }
      }
      sent++;
      statuses.merge(target + " " + answer.status(), 1, Integer::sum);
      long now = count();
      long expected = stored + (answer.status() == 202 && isIngest(target) ? 1 : 0);
      if (answer.status() >= 500) {
        failures.add(describe(target, path, body, answer));
      }
      if (now != expected) {
        failures.add(
            "stored " + (now - stored) + " events for " + describe(target, path, body, answer));
      }
      if (answer.status() >= 400 && !answer.json().has("error")) {
        failures.add("not our JSON error shape: " + describe(target, path, body, answer));
      }
      stored = now;
    }
    System.out.println("fuzz: " + sent + " requests, answers by target and status: " + statuses);
    assertThat(failures).as("statuses: " + statuses).isEmpty();
    assertThat(sent).as("requests sent within the budget").isGreaterThanOrEqualTo(1000);
    TestHttp.Answer ready = fixture.http.get("/health/ready", Map.of());
    assertThat(ready.status()).as(ready.raw()).isEqualTo(200);
    // Ingestion still works after the storm.
    TestHttp.Answer valid =
        fixture.http.postJson(
            "/events",
            Map.of("Authorization", "Bearer " + NodeFixture.TOKEN),
            "{\"type\":\"stock.changed\",\"key\":\"after-fuzz\"}");
    assertThat(valid.status()).as(valid.raw()).isEqualTo(202);
  }

  private TestHttp.Answer send(
      Target target, String path, Map<String, String> headers, byte[] body) {
    boolean get = target == Target.ADMIN_SEARCH;
    return fixture.http.send(get ? "GET" : "POST", path, headers, get ? null : body);
  }

  private long count() {
    return fixture.node.storage().events().count(EventQuery.all(1));
  }

  private static boolean isIngest(Target target) {
    return target == Target.BRIGHTPEARL || target == Target.SHOPIFY || target == Target.GENERIC;
  }

  private static String describe(Target target, String path, byte[] body, TestHttp.Answer answer) {
    String shown = new String(body, StandardCharsets.UTF_8);
    return target
        + " "
        + path
        + " body "
        + (shown.length() > 300 ? shown.substring(0, 300) + "..." : shown)
        + " -> "
        + answer.status()
        + " "
        + answer.raw();
  }

  private static String template(Target target, Random random, int n) {
    return switch (target) {
      case BRIGHTPEARL ->
          NodeFixture.brightpearlBody(
              (1 + random.nextInt(50)) + "-" + (60 + random.nextInt(50)), "2026-11-22T10:00:" + n);
      case SHOPIFY ->
          "{\"inventory_item_id\":"
              + (1 + random.nextInt(1000))
              + ",\"location_id\":1,\"available\":"
              + random.nextInt(9)
              + "}";
      case GENERIC ->
          "{\"type\":\"stock.changed\",\"key\":\"SKU-"
              + n
              + "\",\"store\":\"shop\",\"data\":{\"qty\":"
              + random.nextInt(9)
              + ",\"lines\":[\"a\",1]}}";
      case ADMIN_REPLAY ->
          "{\"filter\":{\"source\":\"brightpearl\",\"status\":\"dead\"},\"dryRun\":true}";
      case ADMIN_REDRIVE -> "{\"filter\":{\"kind\":\"stock.sync\"},\"dryRun\":true}";
      case ADMIN_SEARCH -> "";
    };
  }

  /** One to three mutations of {@code text}, at the level of JSON values or of raw bytes. */
  static byte[] mutate(Random random, String text) {
    String out = text;
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      switch (random.nextInt(9)) {
        case 0 -> { // replace a value after some colon with a nasty one
          int colon = nthIndex(out, ':', random);
          if (colon >= 0) {
            int end = valueEnd(out, colon + 1);
            out =
                out.substring(0, colon + 1)
                    + NASTY_VALUES[random.nextInt(NASTY_VALUES.length)]
                    + out.substring(end);
          }
        }
        case 1 -> out = out + TRAILERS[random.nextInt(TRAILERS.length)];
        case 2 -> out = out.substring(0, random.nextInt(out.length() + 1)); // truncated
        case 3 -> { // a random character inserted
          int at = random.nextInt(out.length() + 1);
          char c = (char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(0x10000));
          out = out.substring(0, at) + c + out.substring(at);
        }
        case 4 -> { // a chunk deleted
          if (!out.isEmpty()) {
            int from = random.nextInt(out.length());
            int to = Math.min(out.length(), from + 1 + random.nextInt(8));
            out = out.substring(0, from) + out.substring(to);
          }
        }
        case 5 -> out = out + out; // two values
        case 6 -> { // a field duplicated
          int brace = out.indexOf('{');
          if (brace >= 0) {
            out = out.substring(0, brace + 1) + "\"type\":\"x\"," + out.substring(brace + 1);
          }
        }
        case 7 -> { // a nasty field added
          int brace = out.indexOf('{');
          if (brace >= 0) {
            out =
                out.substring(0, brace + 1)
                    + "\"extra\":"
                    + NASTY_VALUES[random.nextInt(NASTY_VALUES.length)]
                    + ","
                    + out.substring(brace + 1);
          }
        }
        default -> { // raw bytes: invalid UTF-8 spliced in
          byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
          byte[] spliced = new byte[bytes.length + 3];
          int at = random.nextInt(bytes.length + 1);
          System.arraycopy(bytes, 0, spliced, 0, at);
          spliced[at] = (byte) (0x80 + random.nextInt(128));
          spliced[at + 1] = (byte) random.nextInt(256);
          spliced[at + 2] = (byte) random.nextInt(256);
          System.arraycopy(bytes, at, spliced, at + 3, bytes.length - at);
          return spliced;
        }
      }
    }
    return out.getBytes(StandardCharsets.UTF_8);
  }

  private static int nthIndex(String text, char c, Random random) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == c) {
        at.add(i);
      }
    }
    return at.isEmpty() ? -1 : at.get(random.nextInt(at.size()));
  }

  /**
   * Where the JSON value starting at {@code from} ends (roughly: the next , or } outside a string).
   */
  private static int valueEnd(String text, int from) {
    boolean inString = false;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
        inString = !inString;
      } else if (!inString && (c == ',' || c == '}' || c == ']')) {
        return i;
      }
    }
    return text.length();
  }

  private static String path(Target target, Random random) {
    return switch (target) {
      case BRIGHTPEARL ->
          random.nextInt(10) == 0
              ? "/webhooks/brightpearl/" + randomAscii(random, 1 + random.nextInt(12))
              : "/webhooks/brightpearl/acme?secret=" + NodeFixture.BP_SECRET;
      case SHOPIFY -> "/webhooks/shopify";
      case GENERIC -> "/events";
      case ADMIN_REPLAY -> "/api/replays";
      case ADMIN_REDRIVE -> "/api/dead-letters/redrive";
      case ADMIN_SEARCH -> "/api/events?" + searchQuery(random);
    };
  }

  static final String[] SEARCH_PARAMS = {
    "status", "source", "type", "key", "store", "from", "to", "limit", "before", "batch", "stauts"
  };

  static final String[] SEARCH_VALUES = {
    "12345678901234567890",
    "%D9%A1%D9%A2",
    "-1",
    "0",
    "99999999999999999999999",
    "2026-11-22T10:00:00Z",
    "%2B999999999-12-31T23:59:59Z",
    "%00",
    "%ED%A0%80",
    "dead",
    "1e400",
    ""
  };

  private static String searchQuery(Random random) {
    StringBuilder query = new StringBuilder();
    int params = 1 + random.nextInt(3);
    for (int i = 0; i < params; i++) {
      if (i > 0) {
        query.append('&');
      }
      query
          .append(SEARCH_PARAMS[random.nextInt(SEARCH_PARAMS.length)])
          .append('=')
          .append(SEARCH_VALUES[random.nextInt(SEARCH_VALUES.length)]);
    }
    return query.toString();
  }

  private Map<String, String> headers(Target target, Random random, byte[] body) {
    Map<String, String> headers = new HashMap<>();
    headers.put(
        "Content-Type",
        random.nextInt(20) == 0 ? randomAscii(random, 8) : "application/json; charset=utf-8");
    switch (target) {
      case SHOPIFY -> {
        headers.put(
            "X-Shopify-Topic",
            random.nextInt(8) == 0
                ? randomAscii(random, 1 + random.nextInt(600))
                : "inventory_levels/update");
        headers.put("X-Shopify-Shop-Domain", NodeFixture.SHOP);
        headers.put(
            "X-Shopify-Event-Id",
            random.nextBoolean()
                ? "evt-" + random.nextInt(100)
                : randomAscii(random, 1 + random.nextInt(40)));
        headers.put(
            "X-Shopify-Hmac-Sha256",
            random.nextInt(10) == 0
                ? randomAscii(random, 44)
                : WebhookSignatures.shopifyHmac(Secret.of(NodeFixture.SHOP_SECRET), body));
      }
      case GENERIC -> {
        headers.put(
            "Authorization",
            random.nextInt(10) == 0
                ? "Bearer " + randomAscii(random, 20)
                : "Bearer " + NodeFixture.TOKEN);
        if (random.nextBoolean()) {
          headers.put("Idempotency-Key", "idem-" + random.nextInt(30));
        }
        if (random.nextInt(10) == 0) {
          headers.put("traceparent", randomAscii(random, 55));
        }
      }
      case ADMIN_REPLAY, ADMIN_REDRIVE, ADMIN_SEARCH ->
          headers.putAll(random.nextInt(10) == 0 ? NodeFixture.viewer() : NodeFixture.operator());
      default -> {}
    }
    if (random.nextInt(50) == 0) {
      headers.put(
          "X-Padding", "p".repeat(20_000 + random.nextInt(20_000))); // over the header limit
    }
    return headers;
  }

  /** Printable ASCII (what java.net.http sends in headers), including quotes and backslashes. */
  static String randomAscii(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
    }
    return out.toString();
  }
}
