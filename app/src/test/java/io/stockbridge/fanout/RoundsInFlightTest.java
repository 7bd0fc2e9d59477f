package io.stockbridge.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.time.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several rounds in flight to one webhook ({@code roundsInFlight} above 1): in order per key, two
 * deliveries of one key are never in flight together and arrive in order, also across a failed
 * attempt; unordered, a later round goes out while an earlier one is still in flight; a stop with
 * rounds in flight loses nothing. The receiver records every call's key and level and how many of
 * each key were in flight at once.
 */
@EndToEnd
class RoundsInFlightTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
  }

  /**
   * A webhook endpoint that records, per key, the levels it accepted in arrival order and the most
   * calls of that key it had at once. A call matching {@link #hold} waits (at most 30 s) until
   * {@link #release}; one matching {@link #failOnce} is answered 503 the first time.
   */
  static final class Recorder implements AutoCloseable {
    final HttpServer server;
    final Map<String, List<Integer>> accepted = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    final Map<String, Integer> mostAtOnce = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch released = new CountDownLatch(1);
    volatile Predicate<String> hold = call -> false;
    volatile Predicate<String> failOnce = call -> false;
    final Set<String> failed = ConcurrentHashMap.newKeySet();

    /** Calls that arrived while a held call was waiting. */
    final List<String> whileHeld = java.util.Collections.synchronizedList(new ArrayList<>());

    final AtomicInteger holding = new AtomicInteger();

    /** How long each accepted call takes (an endpoint's own latency, so calls overlap). */
    volatile long latencyMillis;

    Recorder() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext("/", this::handle);
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    void release() {
      released.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        calls.incrementAndGet();
        JsonNode envelope = JSON.readTree(body);
        String key = envelope.get("key").asText();
        int level = envelope.get("data").get("newLevel").asInt();
        String call = key + "=" + level;
        if (holding.get() > 0) {
          whileHeld.add(call);
        }
        int now = inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        mostAtOnce.merge(key, now, Math::max);
        try {
          if (failOnce.test(call) && failed.add(call)) {
            answer(exchange, 503);
            return;
          }
          if (hold.test(call)) {
            holding.incrementAndGet();
            try {
              released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              holding.decrementAndGet();
            }
          }
          if (latencyMillis > 0) {
            try {
              Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          accepted.computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>());
          accepted.get(key).add(level);
          answer(exchange, 200);
        } finally {
          inFlight.get(key).decrementAndGet();
        }
      }
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
      byte[] answer = (status == 200 ? "ok" : "busy").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
    }

    List<Integer> levels(String key) {
      return accepted.getOrDefault(key, List.of());
    }

    int total() {
      return accepted.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public void close() {
      release();
      server.stop(0);
    }
  }

  private Recorder recorder() throws IOException {
    Recorder recorder = new Recorder();
    open.add(recorder);
    return recorder;
  }

  private FanoutHarness harness(Recorder recorder, String order, int rounds, int concurrency) {
    String yaml =
        "fanout:\n  pollMillis: 10\n  subscribers:\n    hook:\n      kind: webhook\n"
            + "      url: "
            + recorder.url()
            + "\n      secrets: ["
            + SECRET
            + "]\n      order: "
            + order
            + "\n      roundsInFlight: "
            + rounds
            + "\n      concurrency: "
            + concurrency
            + "\n      retrySeconds: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
            + "      timeoutMillis: 60000\n" // longer than a hold: a held call never times out
            + "      allowNetworks: [127.0.0.0/8]\n";
    FanoutHarness harness = new FanoutHarness(dir, false, yaml, Clock.systemUTC());
    open.add(harness);
    assertThat(harness.settings.subscribers().get("hook").roundsInFlight()).isEqualTo(rounds);
    return harness;
  }

  /** Levels written together, in one transaction (one round at most). */
  private static void together(FanoutHarness harness, Map<String, Integer> levels) {
    List<PushedLevel> batch = new ArrayList<>();
    levels.forEach((sku, level) -> batch.add(new PushedLevel("eu", "gid://i/" + sku, "L1", level)));
    harness.storage.syncState().putPushedLevels(batch, System.currentTimeMillis());
  }

  private static String keyOf(String sku) {
    return "item:gid://i/" + sku; // the event's key: no SKU in the id map
  }

  @Test
  void in_order_per_key_a_later_round_goes_out_while_one_is_in_flight_but_never_its_key()
      throws Exception {
    Recorder recorder = recorder();
    recorder.hold = call -> call.equals(keyOf("A") + "=1");
    FanoutHarness harness = harness(recorder, "perKey", 3, 4);
    harness.service.start();
    harness.level("A", 1, System.currentTimeMillis());
    Eventually.await("A=1 held at the receiver", WAIT, () -> recorder.holding.get() == 1);
    Map<String, Integer> next = new LinkedHashMap<>();
    next.put("A", 2);
    next.put("B", 1);
    together(harness, next);
    // B=1's round settled while A=1 is in flight: A=2 was not in it (it would have been accepted)
    Eventually.await(
        "B=1 delivered while A=1 is in flight",
        WAIT,
        () -> harness.deliveries("hook", "delivered") == 1);
    assertThat(recorder.holding.get()).as("A=1 still held").isEqualTo(1);
    assertThat(recorder.whileHeld).containsExactly(keyOf("B") + "=1");
    assertThat(recorder.levels(keyOf("A"))).isEmpty();
    assertThat(recorder.calls.get()).as("A=1 once (still in flight), B=1 once").isEqualTo(2);
    recorder.release();
    Eventually.await("A=2 received", WAIT, () -> recorder.levels(keyOf("A")).size() == 2);
    assertThat(recorder.levels(keyOf("A"))).containsExactly(1, 2);
    assertThat(recorder.mostAtOnce.get(keyOf("A"))).isEqualTo(1);
    Eventually.await("all settled", WAIT, () -> harness.deliveries("hook", "delivered") == 3);
  }

  @Test
  void in_order_per_key_under_load_each_key_one_at_a_time_in_order_also_past_a_failure()
      throws Exception {
    Recorder recorder = recorder();
    // the first attempt at every fifth level of each key fails: its later levels must wait for it
    recorder.failOnce = call -> call.endsWith("0") || call.endsWith("5");
    recorder.latencyMillis = 3;
    FanoutHarness harness = harness(recorder, "perKey", 4, 8);
    harness.service.start();
    List<String> skus = List.of("K0", "K1", "K2", "K3", "K4", "K5");
    int levels = 30;
    for (int level = 1; level <= levels; level++) {
      Map<String, Integer> batch = new LinkedHashMap<>();
      for (String sku : skus) {
        batch.put(sku, level);
      }
      together(harness, batch); // each level of every key in its own transaction (its own round)
    }
    Eventually.await(
        "every level of every key received", WAIT, () -> recorder.total() == skus.size() * levels);
    List<Integer> inOrder = new ArrayList<>();
    for (int level = 1; level <= levels; level++) {
      inOrder.add(level);
    }
    for (String sku : skus) {
      assertThat(recorder.levels(keyOf(sku))).as(sku).containsExactlyElementsOf(inOrder);
      assertThat(recorder.mostAtOnce.get(keyOf(sku))).as(sku + " calls at once").isEqualTo(1);
    }
    assertThat(recorder.failed).hasSize(skus.size() * 6);
    Eventually.await(
        "all settled",
        WAIT,
        () -> harness.storage.deliveries().state("hook").orElseThrow().pending() == 0);
  }

  @Test
  void unordered_a_key_s_later_delivery_goes_out_while_its_earlier_one_is_in_flight()
      throws Exception {
    Recorder recorder = recorder();
    recorder.hold = call -> call.equals(keyOf("U") + "=1");
    FanoutHarness harness = harness(recorder, "unordered", 2, 4);
    harness.service.start();
    harness.level("U", 1, System.currentTimeMillis());
    Eventually.await("U=1 held at the receiver", WAIT, () -> recorder.holding.get() == 1);
    harness.level("U", 2, System.currentTimeMillis()); // a later round, the same key
    Eventually.await(
        "U=2 received while U=1 is in flight", WAIT, () -> !recorder.levels(keyOf("U")).isEmpty());
    assertThat(recorder.levels(keyOf("U"))).containsExactly(2);
    assertThat(recorder.calls.get()).as("U=1 once (still in flight), U=2 once").isEqualTo(2);
    assertThat(recorder.mostAtOnce.get(keyOf("U"))).isEqualTo(2);
    recorder.release();
    Eventually.await("both settled", WAIT, () -> harness.deliveries("hook", "delivered") == 2);
  }

  @Test
  void a_stop_with_rounds_in_flight_loses_nothing_and_the_next_node_sends_the_rest_in_order()
      throws Exception {
    Recorder recorder = recorder();
    List<String> skus = List.of("S0", "S1", "S2", "S3", "S4");
    int levels = 20;
    // from level 8 on every call hangs until released: rounds are in flight at the stop
    recorder.hold = call -> Integer.parseInt(call.substring(call.indexOf('=') + 1)) >= 8;
    FanoutHarness harness = harness(recorder, "perKey", 3, 4);
    harness.service.start();
    for (int level = 1; level <= levels; level++) {
      Map<String, Integer> batch = new LinkedHashMap<>();
      for (String sku : skus) {
        batch.put(sku, level);
      }
      together(harness, batch);
    }
    Eventually.await("calls held", WAIT, () -> recorder.holding.get() >= 1);
    harness.service.close(); // stops with calls in flight: what they were is not recorded as sent
    recorder.release();
    FanoutService next =
        new FanoutService(
            harness.settings,
            harness.storage.deliveries(),
            harness.storage.leaderLeases(),
            "test-node",
            Clock.systemUTC(),
            Sleeper.SYSTEM,
            FanoutService.realSenders(harness.settings, Clock.systemUTC(), Sleeper.SYSTEM),
            (subscriber, reason, now) -> {});
    open.add(next);
    recorder.hold = call -> false;
    next.start();
    Eventually.await(
        "every level of every key received",
        WAIT,
        () ->
            skus.stream()
                    .mapToLong(sku -> recorder.levels(keyOf(sku)).stream().distinct().count())
                    .sum()
                == (long) skus.size() * levels);
    Eventually.await(
        "nothing pending",
        WAIT,
        () -> harness.storage.deliveries().state("hook").orElseThrow().pending() == 0);
    for (String sku : skus) {
      // at least once: a call cut short by the stop may come again; first arrivals in order
      List<Integer> first = recorder.levels(keyOf(sku)).stream().distinct().toList();
      List<Integer> all = new ArrayList<>();
      for (int level = 1; level <= levels; level++) {
        all.add(level);
      }
      assertThat(first).as(sku).containsExactlyElementsOf(all);
    }
    assertThat(harness.deliveries("hook", "dead")).isZero();
  }
}
