package io.stockbridge.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.stockbridge.config.ConfigSource;
import io.stockbridge.config.FanoutSettings;
import io.stockbridge.demo.WebhookReceiver;
import io.stockbridge.fanout.FanoutService;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.time.Sleeper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fan-out: stock changes written through the store layer at an offered rate ({@code --param rate},
 * 2500/s; {@code events}, 15000; {@code skus}, 1000) go to three subscribers at once: a webhook
 * receiver on loopback (signed, in order per SKU), RabbitMQ (5672, confirms) and NATS JetStream
 * (4222, acknowledged). Figures per subscriber: events received per second from the first change to
 * the last receipt, and the delay from each change's commit time to its receipt (p50, p99, max).
 *
 * <p>Two phases in one process: a warm-up ({@code warmup} changes, 15000; 0 for none) produced and
 * delivered the same way, then a wait until the JIT compilers are quiet (at most 15 s), then the
 * measured {@code events} changes. The top-level figures are the measured phase's (the service
 * running, its connections open and its code compiled, as in a node that has been up a while); the
 * warm-up's own figures are printed under {@code warmup}. {@code cpu_ms_per_event}: the process's
 * CPU time over a phase (producer, fan-out, the three receivers and this measuring) per change.
 * {@code webhook_concurrency} (32) and {@code webhook_rounds} (the product's default {@code
 * roundsInFlight}) set the webhook subscriber's calls and rounds in flight; {@code
 * producer_catch_up} 1 makes a producer behind its pace write every change due at once (up to two
 * ticks' a write) rather than one tick's (0, the default: bigger writes hold SQLite's write lock
 * longer, and the subscribers' delays grew with them on 2026-12-03), for comparison.
 */
public final class FanoutBench implements BenchScenario {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "fanout";
  }

  @Override
  public String description() {
    return "change events/s to a webhook receiver, RabbitMQ and NATS at once, with e2e p99 delay";
  }

  /** What one subscriber's receiver saw: each message's delay in milliseconds, and when. */
  private static final class Seen {
    final List<Long> delays = Collections.synchronizedList(new ArrayList<>());
    final long since;
    volatile long lastAt;

    Seen(long since) {
      this.since = since;
    }

    void add(byte[] envelope) {
      add(envelope, System.currentTimeMillis());
    }

    void add(byte[] envelope, long now) {
      long changed = changedAt(envelope);
      if (changed < since) {
        return; // a change of an earlier phase
      }
      delays.add(now - changed);
      lastAt = now;
    }

    /**
     * The envelope's {@code timestamp} (the change's commit time), read with a streaming parser
     * that stops at it: the measuring costs little of the CPU the subscribers share.
     */
    private static long changedAt(byte[] envelope) {
      try (JsonParser parser = JSON.getFactory().createParser(envelope)) {
        if (parser.nextToken() == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("timestamp")) {
              return Instant.parse(parser.getText()).toEpochMilli();
            }
            parser.skipChildren();
          }
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      throw new IllegalStateException("an envelope without a timestamp");
    }
  }

  @Override
  public Map<String, Object> run(BenchOptions options) throws Exception {
    int events = options.intParam("events", 15_000);
    int rate = options.intParam("rate", 2500);
    int skus = options.intParam("skus", 1000);
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String exchange = "sb-bench-" + suffix;
    String stream = "SB_BENCH_" + suffix;
    String subject = "sbbench." + suffix;
    int warmup = options.intParam("warmup", 15_000);
    boolean catchUp = options.intParam("producer_catch_up", 0) != 0;
    AtomicReference<Phase> phase = new AtomicReference<>(new Phase(0));
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("engine", options.engine());
    figures.put("events", events);
    figures.put("offered_per_second", rate);
    figures.put("producer_catch_up", catchUp);
    try (BenchDatabase database = new BenchDatabase(options);
        WebhookReceiver receiver = new WebhookReceiver();
        com.rabbitmq.client.Connection rabbit = rabbitConnection();
        io.nats.client.Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
      Channel channel = rabbit.createChannel();
      channel.exchangeDeclare(exchange, "topic", true);
      String queue = channel.queueDeclare("", false, true, true, null).getQueue();
      channel.queueBind(queue, exchange, "#");
      channel.basicConsume(
          queue,
          true,
          (tag, message) -> phase.get().seen.get("rabbitmq").add(message.getBody()),
          tag -> {});
      Dispatcher dispatcher =
          nats.createDispatcher(m -> phase.get().seen.get("nats").add(m.getData()));
      dispatcher.subscribe(subject + ".>");
      FanoutSettings settings =
          settings(
              receiver.url(),
              exchange,
              stream,
              subject,
              options.intParam("webhook_concurrency", 32),
              options.intParam("webhook_rounds", FanoutSettings.DEFAULT_ROUNDS_IN_FLIGHT));
      try (Storage storage = StorageFactory.open(database.database(8), Clock.systemUTC())) {
        storage.migrate();
        FanoutService service =
            new FanoutService(
                settings,
                storage.deliveries(),
                storage.leaderLeases(),
                "bench",
                Clock.systemUTC(),
                Sleeper.SYSTEM,
                FanoutService.realSenders(settings, Clock.systemUTC(), Sleeper.SYSTEM),
                (s, reason, now) -> System.err.println("subscriber " + s + " disabled: " + reason));
        try {
          service.start();
          int[] taken = {0};
          if (warmup > 0) {
            Map<String, Object> warm = new LinkedHashMap<>();
            warm.put("events", warmup);
            measure(storage, receiver, taken, phase, 0, warmup, rate, skus, catchUp, warm, false);
            long quietFrom = System.nanoTime();
            warm.put("compiler_quiet_after_seconds", compilerQuiet() / 1000.0);
            warm.put("waited_seconds", (System.nanoTime() - quietFrom) / 1e9);
            figures.put("warmup", warm);
          }
          measure(
              storage, receiver, taken, phase, warmup, events, rate, skus, catchUp, figures, true);
          service.close(); // the last round's attempts recorded before they are read
          for (String subscriber : SUBSCRIBERS) {
            @SuppressWarnings("unchecked")
            Map<String, Object> sub = (Map<String, Object>) figures.get(subscriber);
            retried(storage, subscriber, sub);
          }
        } finally {
          service.close();
        }
      } finally {
        try {
          nats.jetStreamManagement().deleteStream(stream);
        } catch (Exception e) {
          System.err.println("could not delete stream " + stream + ": " + e.getMessage());
        }
        channel.exchangeDelete(exchange);
      }
    }
    figures.put("target_events_per_second", 2000);
    figures.put("target_p99_seconds", 1.0);
    figures.put(
        "note",
        "events_per_second is the slowest subscriber's (0 when one missed events) in the"
            + " measured phase, after the warm-up: events received / seconds from the phase's"
            + " first change to the last receipt; the offered rate caps it; the machine is"
            + " shared, so figures vary with its load");
    return figures;
  }

  private static final List<String> SUBSCRIBERS = List.of("webhook", "rabbitmq", "nats");

  /**
   * One phase's receipts per subscriber. Only envelopes of changes committed at or after the
   * phase's start count (a late copy of an earlier phase's message is not this phase's).
   */
  private static final class Phase {
    final long start;
    final Map<String, Seen> seen = new LinkedHashMap<>();

    Phase(long start) {
      this.start = start;
      for (String subscriber : SUBSCRIBERS) {
        seen.put(subscriber, new Seen(start));
      }
    }
  }

  /**
   * Produces {@code count} changes (write numbers from {@code offset}, so every write changes its
   * SKU's level) and waits until each subscriber received them (at most 2 minutes after the last);
   * puts each subscriber's figures into {@code into}: received, events/s from the phase's first
   * change to that subscriber's last receipt, delays from commit to receipt; with {@code overall},
   * also the slowest subscriber's events/s (0 if one missed any), the worst p99 and the process CPU
   * per event over the phase.
   */
  private static void measure(
      Storage storage,
      WebhookReceiver receiver,
      int[] taken,
      AtomicReference<Phase> phase,
      int offset,
      int count,
      int rate,
      int skus,
      boolean catchUp,
      Map<String, Object> into,
      boolean overall)
      throws InterruptedException {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long start = System.currentTimeMillis();
    Phase current = new Phase(start);
    phase.set(current);
    produce(storage, offset, count, rate, skus, catchUp, into);
    long produced = System.currentTimeMillis();
    into.put("produce_seconds", (produced - start) / 1000.0);
    long deadline = produced + 120_000;
    Thread receiverWatch =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (System.currentTimeMillis() < deadline) {
                    List<WebhookReceiver.Received> fresh = receiver.receivedFrom(taken[0]);
                    long wall = System.currentTimeMillis();
                    long nanos = System.nanoTime();
                    for (WebhookReceiver.Received r : fresh) {
                      // the receipt's own time, not when this loop saw it
                      current
                          .seen
                          .get("webhook")
                          .add(r.body(), wall - (nanos - r.receivedNanos()) / 1_000_000);
                    }
                    taken[0] += fresh.size();
                    if (current.seen.values().stream().allMatch(s -> s.delays.size() >= count)) {
                      return;
                    }
                    try {
                      Thread.sleep(20);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    receiverWatch.join();
    long cpu = os.getProcessCpuTime() - cpuBefore;
    double slowest = Double.MAX_VALUE;
    double worstP99 = 0;
    for (String subscriber : SUBSCRIBERS) {
      Seen one = current.seen.get(subscriber);
      List<Long> delays = new ArrayList<>(one.delays);
      Collections.sort(delays);
      double seconds = Math.max(0.001, (one.lastAt - start) / 1000.0);
      double perSecond = delays.size() / seconds;
      double p99 = percentile(delays, 0.99) / 1000.0;
      Map<String, Object> sub = new LinkedHashMap<>();
      sub.put("received", delays.size());
      sub.put("events_per_second", Math.round(perSecond));
      sub.put("p50_seconds", percentile(delays, 0.50) / 1000.0);
      sub.put("p99_seconds", p99);
      sub.put("max_seconds", delays.isEmpty() ? null : delays.getLast() / 1000.0);
      into.put(subscriber, sub);
      slowest = Math.min(slowest, delays.size() < count ? 0 : perSecond);
      worstP99 = Math.max(worstP99, p99);
    }
    if (overall) {
      into.put("events_per_second", Math.round(slowest));
      into.put("p99_seconds", worstP99);
    }
    into.put("cpu_ms_per_event", Math.round(cpu / 1e4 / count) / 100.0);
  }

  /**
   * Waits until the JIT compilers are quiet (their total time grew less than 50 ms in the last
   * second), checking each 250 ms for at most 15 s; returns the milliseconds waited.
   */
  private static long compilerQuiet() throws InterruptedException {
    long begin = System.currentTimeMillis();
    if (!JitTime.reported()) {
      Thread.sleep(1000);
      return System.currentTimeMillis() - begin;
    }
    java.util.ArrayDeque<Long> window = new java.util.ArrayDeque<>();
    while (System.currentTimeMillis() - begin < 15_000) {
      window.addLast(JitTime.millis());
      if (window.size() > 5) {
        window.removeFirst();
      }
      if (window.size() == 5 && window.getLast() - window.getFirst() < 50) {
        break;
      }
      Thread.sleep(250);
    }
    return System.currentTimeMillis() - begin;
  }

  /**
   * How many of the newest 500 deliveries needed more than one attempt, and why the first failed.
   */
  private static void retried(Storage storage, String subscriber, Map<String, Object> into) {
    List<io.stockbridge.fanout.DeliveryView> newest =
        storage.deliveries().deliveries(subscriber, null, null, 500);
    List<io.stockbridge.fanout.DeliveryView> retried =
        newest.stream().filter(d -> d.attempts() > 1 || d.state().equals("pending")).toList();
    into.put("retried_of_newest_500", retried.size());
    if (!retried.isEmpty()) {
      storage.deliveries().delivery(retried.getFirst().id()).stream()
          .flatMap(d -> d.attemptLog().stream())
          .filter(a -> !a.success())
          .findFirst()
          .ifPresent(a -> into.put("first_failure", a.excerpt()));
    }
  }

  private static com.rabbitmq.client.Connection rabbitConnection() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri("amqp://guest:guest@127.0.0.1:5672");
    return factory.newConnection("stockbridge-bench-consumer");
  }

  private static FanoutSettings settings(
      String webhookUrl,
      String exchange,
      String stream,
      String subject,
      int concurrency,
      int rounds)
      throws Exception {
    String yaml =
        "fanout:\n  pollMillis: 10\n  subscribers:\n"
            + "    webhook:\n      kind: webhook\n      url: "
            + webhookUrl
            + "\n      secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]\n"
            + "      order: perKey\n      concurrency: "
            + concurrency
            + "\n      roundsInFlight: "
            + rounds
            + "\n      allowNetworks: [127.0.0.0/8]\n"
            + "    rabbitmq:\n      kind: rabbitmq\n      url: amqp://guest:guest@127.0.0.1:5672\n"
            + "      exchange: "
            + exchange
            + "\n      order: perKey\n"
            + "    nats:\n      kind: nats\n      url: nats://127.0.0.1:4222\n      stream: "
            + stream
            + "\n      subject: "
            + subject
            + "\n      order: perKey\n";
    JsonNode root =
        new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml);
    ConfigSource source = new ConfigSource(root, Map.of());
    FanoutSettings settings = FanoutSettings.from(source);
    source.throwIfInvalid();
    return settings;
  }

  /**
   * Writes {@code events} level changes at {@code rate} per second, in 50 ms ticks (as the stock
   * flow records a call's levels together); write {@code n} sets SKU {@code n % skus} to {@code n /
   * skus + 1}, so numbering on from {@code offset} every write is a change. Each write takes every
   * change due by then: on pace one tick's, behind it (a write that waited for the database) the
   * ticks missed too, in one transaction, as a flow records what came in meanwhile together (a
   * fixed tick a write fell a whole write behind the pace for each slow write and never caught up
   * while the writes stayed slow), at most two ticks' and {@code skus} changes a write (a longer
   * write holds SQLite's write lock from fan-out's own transactions longer; two of one SKU in one
   * write would be one change). With {@code catchUp} false, one tick's a write. Puts into {@code
   * into} the writes made, the seconds spent in them and the longest.
   */
  private static void produce(
      Storage storage,
      int offset,
      int events,
      int rate,
      int skus,
      boolean catchUp,
      Map<String, Object> into)
      throws InterruptedException {
    int perTick = Math.max(1, rate / 20);
    long tickNanos = 50_000_000L;
    long start = System.nanoTime();
    int written = offset;
    int writes = 0;
    long inWrites = 0;
    long longest = 0;
    while (written < offset + events) {
      long ticks = catchUp ? (System.nanoTime() - start) / tickNanos + 1 : writes + 1;
      int upTo =
          (int)
              Math.min(
                  Math.min(offset + (long) events, offset + ticks * perTick),
                  (long) written + Math.min(2L * perTick, Math.max(perTick, skus)));
      List<PushedLevel> batch = new ArrayList<>(upTo - written);
      for (; written < upTo; written++) {
        // each write changes one SKU's level: SKU written / skus, level the pass number + 1
        batch.add(
            new PushedLevel(
                "bench", "gid://i/BENCH-" + (written % skus), "L1", written / skus + 1));
      }
      long before = System.nanoTime();
      storage.syncState().putPushedLevels(batch, System.currentTimeMillis());
      long took = System.nanoTime() - before;
      inWrites += took;
      longest = Math.max(longest, took);
      writes++;
      long due = start + (long) Math.ceil((double) (written - offset) / perTick) * tickNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
    into.put("produce_writes", writes);
    into.put("produce_in_writes_seconds", Math.round(inWrites / 1e6) / 1000.0);
    into.put("produce_longest_write_ms", Math.round(longest / 1e5) / 10.0);
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
