package io.stockbridge.bench;

import io.stockbridge.config.ConfigSource;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.event.EventQuery;
import io.stockbridge.server.StockbridgeNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Durable webhook ingestion over real HTTP: Brightpearl on-hand webhooks into a node (queue
 * running, as in production). First as fast as 64 concurrent senders go (throughput), then paced at
 * a fixed rate (1,000/s by default) to measure the acknowledgement latency a sender sees.
 */
public final class IngestBench implements BenchScenario {
  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public String description() {
    return "webhook events/s to a durable ack, and p99 ack latency at 1,000 events/s";
  }

  /**
   * One measurement with metrics and tracing as {@code --param metrics=} and {@code tracing=} say
   * (both on by default, as a node runs; spans are made but none exported). With {@code --param
   * compare=observability}, four in this run, each on a fresh database with its warm-up, in the
   * order off, on, on, off (a drift of the machine's load or a warming JIT weighs on both sides
   * alike): "off" with neither metrics nor tracing, "on" with both; prints the last "on" round's
   * figures with both sides' mean throughput, p99 and CPU per event, and their ratio.
   */
  @Override
  public Map<String, Object> run(BenchOptions options) throws Exception {
    String compare = options.params().get("compare");
    if (compare == null) {
      Observed observed =
          new Observed(switchParam(options, "metrics"), switchParam(options, "tracing"));
      Map<String, Object> figures = runOnce(options, observed);
      figures.put("metrics", observed.metrics());
      figures.put("tracing", observed.tracing());
      return figures;
    }
    if (!compare.equals("observability")) {
      throw new IllegalArgumentException("--param compare= must be observability");
    }
    boolean[] order = {false, true, true, false};
    Map<String, Object> on = null;
    long[] rate = new long[2];
    double[] p99 = new double[2];
    long[] cpu = new long[2];
    String p99Name = null;
    for (int i = 0; i < order.length; i++) {
      String name = order[i] ? "on" : "off";
      System.err.printf("ingest: round %d of 4, metrics and tracing %s%n", i + 1, name);
      Map<String, Object> round =
          runOnce(round(options, "observed-" + name + "-" + i), new Observed(order[i], order[i]));
      int side = order[i] ? 1 : 0;
      p99Name = "p99_ack_ms_at_" + round.get("rate_for_latency");
      rate[side] += ((Number) round.get("events_per_second")).longValue();
      p99[side] += ((Number) round.get(p99Name)).doubleValue();
      Object cpuMs = round.get("cpu_ms_per_1000_events");
      cpu[side] += cpuMs instanceof Number n ? n.longValue() : 0;
      System.err.printf(
          "ingest: %s: %s events/s, p99 %s ms, %s CPU ms per 1000%n",
          name, round.get("events_per_second"), round.get(p99Name), cpuMs);
      if (order[i]) {
        on = round;
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>(on);
    figures.put("compare", "observability (figures above: the last round with both on)");
    long offRate = rate[0] / 2;
    long onRate = rate[1] / 2;
    double ratio = offRate == 0 ? 0 : Math.round(onRate * 1000.0 / offRate) / 1000.0;
    figures.put("observability_off_events_per_second", offRate);
    figures.put("observability_on_events_per_second", onRate);
    figures.put("observability_on_off_throughput_ratio", ratio);
    figures.put("observability_off_" + p99Name, Math.round(p99[0] / 2 * 100) / 100.0);
    figures.put("observability_on_" + p99Name, Math.round(p99[1] / 2 * 100) / 100.0);
    if (cpu[0] > 0 && cpu[1] > 0) {
      figures.put("observability_off_cpu_ms_per_1000_events", cpu[0] / 2);
      figures.put("observability_on_cpu_ms_per_1000_events", cpu[1] / 2);
      figures.put("observability_cpu_ratio", Math.round(cpu[1] * 1000.0 / cpu[0]) / 1000.0);
    }
    figures.put("observability_within_10_percent", ratio >= 0.9);
    return figures;
  }

  /** Metrics and tracing on the node measured. */
  private record Observed(boolean metrics, boolean tracing) {}

  private static boolean switchParam(BenchOptions options, String name) {
    String value = options.params().getOrDefault(name, "on");
    return switch (value) {
      case "on", "true" -> true;
      case "off", "false" -> false;
      default -> throw new IllegalArgumentException("--param " + name + "= must be on or off");
    };
  }

  private static BenchOptions round(BenchOptions options, String name) throws java.io.IOException {
    java.nio.file.Path dir = java.nio.file.Files.createDirectories(options.workDir().resolve(name));
    return new BenchOptions(options.engine(), options.postgresUrl(), dir, options.params());
  }

  private Map<String, Object> runOnce(BenchOptions options, Observed observed) throws Exception {
    int burst = options.intParam("events", 30_000);
    int rate = options.intParam("rate", 1000);
    int paced = options.intParam("paced_seconds", 10) * rate;
    try (BenchDatabase database = new BenchDatabase(options)) {
      Map<String, String> env =
          Map.of(
              ConfigSource.envName("database.url"),
              database.url(),
              ConfigSource.envName("dataDir"),
              options.workDir().toString(),
              ConfigSource.envName("http.port"),
              "0",
              ConfigSource.envName("http.host"),
              "127.0.0.1",
              ConfigSource.envName("node.id"),
              "bench",
              ConfigSource.envName("queue.enabled"),
              options.params().getOrDefault("queue", "true"),
              ConfigSource.envName("tracing.enabled"),
              Boolean.toString(observed.tracing()),
              ConfigSource.envName("metrics.enabled"),
              Boolean.toString(observed.metrics()));
      com.fasterxml.jackson.databind.node.ObjectNode root =
          io.stockbridge.http.Json.MAPPER.createObjectNode();
      root.putObject("sources")
          .putObject("brightpearl")
          .putObject("accounts")
          .putObject("bench")
          .put("webhookSecret", "bench-secret");
      StockbridgeConfig config = StockbridgeConfig.from(new ConfigSource(root, env));
      try (StockbridgeNode node = StockbridgeNode.builder(config).start()) {
        AtomicLong sequence = new AtomicLong();
        LongFunction<byte[]> bodies = ignored -> webhookBody(sequence.incrementAndGet());
        long[] latencies;
        double seconds;
        long processedDuringBurst;
        double cpuMsPer1000 = -1;
        long jitMsDuringBurst;
        int warmupEvents;
        int failures;
        try (NioLoadGenerator load = new NioLoadGenerator("127.0.0.1", node.port(), PATH, 64)) {
          warmupEvents = warmUp(options, load, bodies);
          System.err.printf("ingest: %d events as fast as 64 connections go...%n", burst);
          long settledBefore = node.dispatcher().settledCount();
          HostCpu cpu =
              new HostCpu(
                  database.schema() == null ? null : options.postgresUrl(), database.schema());
          long cpuBefore = cpu.nanos();
          long jitBefore = JitTime.millis();
          Map<String, Long> threadsBefore = ThreadCpu.byGroup();
          long start = System.nanoTime();
          load.runClosedLoop(burst, bodies);
          seconds = (System.nanoTime() - start) / 1e9;
          long cpuAfter = cpu.nanos();
          jitMsDuringBurst = JitTime.millis() - jitBefore;
          System.err.println(
              "ingest: CPU ms by thread during the burst: " + ThreadCpu.since(threadsBefore));
          processedDuringBurst = node.dispatcher().settledCount() - settledBefore;
          if (cpuBefore >= 0 && cpuAfter >= 0) {
            cpuMsPer1000 = (cpuAfter - cpuBefore) / 1e6 * 1000.0 / burst;
          }
          System.err.printf("ingest: %d events paced at %d/s...%n", paced, rate);
          latencies = load.runPaced(paced, rate, bodies);
          failures = load.failures();
        }
        long stored = node.storage().events().count(EventQuery.all(1));
        Arrays.sort(latencies);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("engine", options.engine());
        figures.put("tracing", node.tracing().enabled());
        figures.put("events", burst);
        figures.put("events_per_second", Math.round(burst / seconds));
        figures.put("rate_for_latency", rate);
        figures.put("p50_ack_ms_at_" + rate, millis(latencies, 0.50));
        figures.put("p99_ack_ms_at_" + rate, millis(latencies, 0.99));
        figures.put("max_ack_ms_at_" + rate, millis(latencies, 1.0));
        figures.put("failed_requests", failures);
        figures.put("processed_during_burst", processedDuringBurst);
        if (cpuMsPer1000 >= 0) {
          // CPU spent by this run (node, load generator, database backends) per 1,000 events of
          // the burst: throughput on a shared machine varies with its neighbours, this much less.
          figures.put("cpu_ms_per_1000_events", Math.round(cpuMsPer1000));
          // The JIT compiling during the burst is part of the figure above; it is spent once per
          // process, not per event: without it, the figure a long-running node settles at.
          figures.put(
              "cpu_ms_per_1000_events_without_jit",
              Math.round(Math.max(0, cpuMsPer1000 - jitMsDuringBurst * 1000.0 / burst)));
        }
        figures.put("jit_ms_during_burst", jitMsDuringBurst);
        figures.put("warmup_events", warmupEvents);
        figures.put("events_stored", stored);
        figures.put("target_events_per_second", 5000);
        figures.put("target_p99_ack_ms", 25);
        return figures;
      }
    }
  }

  /** Events per warm-up round when the warm-up ends once the JIT has settled. */
  private static final int WARMUP_ROUND = 10_000;

  /** Most events the settling warm-up sends before the measured burst starts anyway. */
  private static final int WARMUP_CEILING = 300_000;

  /** JIT compile time in a round under which the JIT counts as settled (ms per round). */
  private static final long SETTLED_JIT_MS_PER_ROUND = 40;

  /**
   * Warms the node up: with {@code --param warmup=N}, exactly N events; by default, at least 20,000
   * and then rounds of 10,000 until the JIT compiles for less than 40 ms in a round (at most
   * 300,000 events), so the burst measures the node rather than its compiler: after a fixed 20,000,
   * compilation was 40% of the burst's CPU. Returns the events sent.
   */
  private static int warmUp(
      BenchOptions options, NioLoadGenerator load, LongFunction<byte[]> bodies) throws Exception {
    String fixed = options.params().get("warmup");
    if (fixed != null) {
      int warmup = options.intParam("warmup", 20_000);
      System.err.printf("ingest: warming up with %d events (JIT, connections, pool)...%n", warmup);
      load.runClosedLoop(warmup, bodies);
      return warmup;
    }
    System.err.println("ingest: warming up until the JIT settles (JIT, connections, pool)...");
    int sent = 20_000;
    load.runClosedLoop(sent, bodies);
    while (sent < WARMUP_CEILING) {
      long jitBefore = JitTime.millis();
      load.runClosedLoop(WARMUP_ROUND, bodies);
      sent += WARMUP_ROUND;
      long jit = JitTime.millis() - jitBefore;
      if (jit < SETTLED_JIT_MS_PER_ROUND) {
        break;
      }
    }
    System.err.printf("ingest: warmed up with %d events%n", sent);
    return sent;
  }

  private static double millis(long[] sortedNanos, double quantile) {
    int index =
        (int) Math.min(sortedNanos.length - 1, Math.ceil(quantile * sortedNanos.length) - 1);
    return Math.round(sortedNanos[Math.max(0, index)] / 10_000.0) / 100.0;
  }

  private static final String PATH = "/webhooks/brightpearl/bench?secret=bench-secret";

  /** A Brightpearl on-hand webhook with a distinct raised-on time, so none is a duplicate. */
  private static byte[] webhookBody(long n) {
    return ("{\"accountCode\":\"bench\",\"resourceType\":\"product\",\"id\":\""
            + (n % 10_000 + 1)
            + "\",\"lifecycleEvent\":\"modified\",\"resourceSpecifier\":\"on-hand-modified\",\"raisedOn\":\"seq-"
            + n
            + "\"}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
