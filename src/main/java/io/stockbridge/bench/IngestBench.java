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
   * One measurement, or with {@code --param compare=tracing} two in this run, on fresh databases:
   * tracing off, then on (spans made, none exported), each node otherwise the same; the figures of
   * the traced one with both throughputs and their ratio ({@code rounds}: more pairs, the best of
   * each kept).
   */
  @Override
  public Map<String, Object> run(BenchOptions options) throws Exception {
    if (!"tracing".equals(options.params().get("compare"))) {
      return measure(options, options.params().getOrDefault("tracing", "true"));
    }
    int rounds = options.intParam("rounds", 1);
    Map<String, Object> off = null;
    Map<String, Object> on = null;
    String p99 = "p99_ack_ms_at_" + options.intParam("rate", 1000);
    double p99Off = Double.MAX_VALUE;
    double p99On = Double.MAX_VALUE;
    for (int round = 0; round < rounds; round++) {
      for (boolean tracing : new boolean[] {false, true}) {
        java.nio.file.Path dir = options.workDir().resolve("tracing-" + tracing + "-" + round);
        java.nio.file.Files.createDirectories(dir);
        System.err.printf("ingest: round %d, tracing %s%n", round + 1, tracing ? "on" : "off");
        Map<String, Object> figures =
            measure(
                new BenchOptions(options.engine(), options.postgresUrl(), dir, options.params()),
                Boolean.toString(tracing));
        double latency = ((Number) figures.get(p99)).doubleValue();
        System.err.printf(
            "ingest: tracing %s: %s events/s, p99 %.2f ms, %s CPU ms per 1000%n",
            tracing ? "on" : "off",
            figures.get("events_per_second"),
            latency,
            figures.get("cpu_ms_per_1000_events"));
        if (tracing) {
          on = better(on, figures);
          p99On = Math.min(p99On, latency);
        } else {
          off = better(off, figures);
          p99Off = Math.min(p99Off, latency);
        }
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>(on);
    long offRate = (Long) off.get("events_per_second");
    long onRate = (Long) on.get("events_per_second");
    figures.put("events_per_second_tracing_off", offRate);
    figures.put("events_per_second_tracing_on", onRate);
    figures.put("tracing_ratio", Math.round(onRate * 1000.0 / offRate) / 1000.0);
    // The best of the rounds, each: a neighbour's burst on a shared machine shows in a p99.
    figures.put("p99_ack_ms_tracing_off", p99Off);
    figures.put("p99_ack_ms_tracing_on", p99On);
    // CPU per event varies less with the machine's neighbours than throughput does.
    figures.put("cpu_ms_per_1000_events_tracing_off", off.get("cpu_ms_per_1000_events"));
    figures.put("cpu_ms_per_1000_events_tracing_on", on.get("cpu_ms_per_1000_events"));
    figures.put("rounds", rounds);
    return figures;
  }

  private static Map<String, Object> better(Map<String, Object> best, Map<String, Object> next) {
    return best == null
            || (Long) next.get("events_per_second") > (Long) best.get("events_per_second")
        ? next
        : best;
  }

  private Map<String, Object> measure(BenchOptions options, String tracing) throws Exception {
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
              tracing);
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
        int failures;
        try (NioLoadGenerator load = new NioLoadGenerator("127.0.0.1", node.port(), PATH, 64)) {
          int warmup = options.intParam("warmup", 20_000);
          System.err.printf(
              "ingest: warming up with %d events (JIT, connections, pool)...%n", warmup);
          load.runClosedLoop(warmup, bodies);
          System.err.printf("ingest: %d events as fast as 64 connections go...%n", burst);
          long settledBefore = node.dispatcher().settledCount();
          HostCpu cpu =
              new HostCpu(
                  database.schema() == null ? null : options.postgresUrl(), database.schema());
          long cpuBefore = cpu.nanos();
          Map<String, Long> threadsBefore = ThreadCpu.byGroup();
          long start = System.nanoTime();
          load.runClosedLoop(burst, bodies);
          seconds = (System.nanoTime() - start) / 1e9;
          long cpuAfter = cpu.nanos();
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
        }
        figures.put("events_stored", stored);
        figures.put("target_events_per_second", 5000);
        figures.put("target_p99_ack_ms", 25);
        return figures;
      }
    }
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
