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

/**
 * Fan-out: stock changes written through the store layer at an offered rate ({@code --param rate},
 * 2500/s; {@code events}, 15000; {@code skus}, 1000) go to three subscribers at once: a webhook
 * receiver on loopback (signed, in order per SKU), RabbitMQ (5672, confirms) and NATS JetStream
 * (4222, acknowledged). Figures per subscriber: events received per second from the first change to
 * the last receipt, and the delay from each change's commit time to its receipt (p50, p99, max).
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
    volatile long lastAt;

    void add(byte[] envelope) {
      add(envelope, System.currentTimeMillis());
    }

    void add(byte[] envelope, long now) {
      delays.add(now - changedAt(envelope));
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
    Map<String, Seen> seen = new LinkedHashMap<>();
    seen.put("webhook", new Seen());
    seen.put("rabbitmq", new Seen());
    seen.put("nats", new Seen());
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("engine", options.engine());
    figures.put("events", events);
    figures.put("offered_per_second", rate);
    try (BenchDatabase database = new BenchDatabase(options);
        WebhookReceiver receiver = new WebhookReceiver();
        com.rabbitmq.client.Connection rabbit = rabbitConnection();
        io.nats.client.Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
      Channel channel = rabbit.createChannel();
      channel.exchangeDeclare(exchange, "topic", true);
      String queue = channel.queueDeclare("", false, true, true, null).getQueue();
      channel.queueBind(queue, exchange, "#");
      channel.basicConsume(
          queue, true, (tag, message) -> seen.get("rabbitmq").add(message.getBody()), tag -> {});
      Dispatcher dispatcher = nats.createDispatcher(m -> seen.get("nats").add(m.getData()));
      dispatcher.subscribe(subject + ".>");
      FanoutSettings settings =
          settings(
              receiver.url(),
              exchange,
              stream,
              subject,
              options.intParam("webhook_concurrency", 32));
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
          long start = System.currentTimeMillis();
          produce(storage, events, rate, skus);
          long produced = System.currentTimeMillis();
          figures.put("produce_seconds", (produced - start) / 1000.0);
          long deadline = produced + 120_000;
          int[] taken = {0};
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
                            seen.get("webhook")
                                .add(r.body(), wall - (nanos - r.receivedNanos()) / 1_000_000);
                          }
                          taken[0] += fresh.size();
                          if (seen.values().stream().allMatch(s -> s.delays.size() >= events)) {
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
          service.close(); // the last round's attempts recorded before they are read
          double slowest = Double.MAX_VALUE;
          double worstP99 = 0;
          for (Map.Entry<String, Seen> entry : seen.entrySet()) {
            Seen one = entry.getValue();
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
            retried(storage, entry.getKey(), sub);
            figures.put(entry.getKey(), sub);
            slowest = Math.min(slowest, delays.size() < events ? 0 : perSecond);
            worstP99 = Math.max(worstP99, p99);
          }
          figures.put("events_per_second", Math.round(slowest));
          figures.put("p99_seconds", worstP99);
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
        "events_per_second is the slowest subscriber's (0 when one missed events); the offered"
            + " rate caps it; the machine is shared, so figures vary with its load");
    return figures;
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
      String webhookUrl, String exchange, String stream, String subject, int concurrency)
      throws Exception {
    String yaml =
        "fanout:\n  pollMillis: 10\n  subscribers:\n"
            + "    webhook:\n      kind: webhook\n      url: "
            + webhookUrl
            + "\n      secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]\n"
            + "      order: perKey\n      concurrency: "
            + concurrency
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
   * Writes {@code events} level changes at {@code rate} per second, in 50 ms batches (as the stock
   * flow records a call's levels together).
   */
  private static void produce(Storage storage, int events, int rate, int skus)
      throws InterruptedException {
    int perTick = Math.max(1, rate / 20);
    long start = System.nanoTime();
    int written = 0;
    int tick = 0;
    while (written < events) {
      List<PushedLevel> batch = new ArrayList<>(perTick);
      for (int i = 0; i < perTick && written < events; i++, written++) {
        // each write changes one SKU's level: SKU written / skus, level the pass number + 1
        batch.add(
            new PushedLevel(
                "bench", "gid://i/BENCH-" + (written % skus), "L1", written / skus + 1));
      }
      storage.syncState().putPushedLevels(batch, System.currentTimeMillis());
      tick++;
      long due = start + tick * 50_000_000L;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
