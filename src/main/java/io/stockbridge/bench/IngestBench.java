package io.stockbridge.bench;

import io.stockbridge.config.ConfigSource;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.event.EventQuery;
import io.stockbridge.server.StockbridgeNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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

  @Override
  public Map<String, Object> run(BenchOptions options) throws Exception {
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
              options.params().getOrDefault("queue", "true"));
      com.fasterxml.jackson.databind.node.ObjectNode root =
          io.stockbridge.http.Json.MAPPER.createObjectNode();
      root.putObject("sources")
          .putObject("brightpearl")
          .putObject("accounts")
          .putObject("bench")
          .put("webhookSecret", "bench-secret");
      StockbridgeConfig config = StockbridgeConfig.from(new ConfigSource(root, env));
      try (StockbridgeNode node = StockbridgeNode.builder(config).start()) {
        Sender sender = new Sender(node.port());
        int warmup = options.intParam("warmup", 20_000);
        System.err.printf(
            "ingest: warming up with %d events (JIT, connections, pool)...%n", warmup);
        sender.sendConcurrently(warmup, 64);
        System.err.printf("ingest: %d events as fast as 64 senders go...%n", burst);
        long start = System.nanoTime();
        sender.sendConcurrently(burst, 64);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf("ingest: %d events paced at %d/s...%n", paced, rate);
        long[] latencies = sender.sendPaced(paced, rate);
        long stored = node.storage().events().count(EventQuery.all(1));
        Arrays.sort(latencies);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("engine", options.engine());
        figures.put("events", burst);
        figures.put("events_per_second", Math.round(burst / seconds));
        figures.put("rate_for_latency", rate);
        figures.put("p50_ack_ms_at_" + rate, millis(latencies, 0.50));
        figures.put("p99_ack_ms_at_" + rate, millis(latencies, 0.99));
        figures.put("max_ack_ms_at_" + rate, millis(latencies, 1.0));
        figures.put("failed_requests", sender.failures.get());
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

  /** Sends Brightpearl on-hand webhooks with distinct raised-on times (so none is a duplicate). */
  private static final class Sender {
    private static final String PATH = "/webhooks/brightpearl/bench?secret=bench-secret";
    private final int port;
    private final AtomicLong sequence = new AtomicLong();
    final AtomicInteger failures = new AtomicInteger();

    Sender(int port) {
      this.port = port;
    }

    private long sendOne(LoadClient client) {
      long n = sequence.incrementAndGet();
      byte[] body =
          ("{\"accountCode\":\"bench\",\"resourceType\":\"product\",\"id\":\""
                  + (n % 10_000 + 1)
                  + "\",\"lifecycleEvent\":\"modified\",\"resourceSpecifier\":\"on-hand-modified\",\"raisedOn\":\"seq-"
                  + n
                  + "\"}")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      long start = System.nanoTime();
      int status = client.postJson(PATH, body);
      if (status / 100 != 2) {
        failures.incrementAndGet();
      }
      return System.nanoTime() - start;
    }

    /** {@code concurrency} connections, each sending its next request when the last is answered. */
    void sendConcurrently(int count, int concurrency) {
      AtomicInteger remaining = new AtomicInteger(count);
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < concurrency; i++) {
          threads.execute(
              () -> {
                try (LoadClient client = new LoadClient("127.0.0.1", port)) {
                  while (remaining.getAndDecrement() > 0) {
                    sendOne(client);
                  }
                }
              });
        }
      }
    }

    /**
     * Open loop: request i starts at i / rate seconds whatever the earlier ones do, on a pool of
     * connections; returns each request's latency from its start.
     */
    long[] sendPaced(int count, int rate) throws InterruptedException {
      long[] latencies = new long[count];
      java.util.concurrent.BlockingQueue<LoadClient> idle =
          new java.util.concurrent.LinkedBlockingQueue<>();
      for (int i = 0; i < 200; i++) {
        idle.add(new LoadClient("127.0.0.1", port));
      }
      List<Thread> started = new ArrayList<>(count);
      long begin = System.nanoTime();
      long intervalNanos = 1_000_000_000L / rate;
      for (int i = 0; i < count; i++) {
        long due = begin + i * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        int slot = i;
        started.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      LoadClient client;
                      try {
                        client = idle.take();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                      }
                      try {
                        sendOne(client);
                        latencies[slot] =
                            System.nanoTime()
                                - due; // from the planned start: no coordinated omission
                      } finally {
                        idle.add(client);
                      }
                    }));
      }
      for (Thread thread : started) {
        thread.join();
      }
      idle.forEach(LoadClient::close);
      return latencies;
    }
  }
}
