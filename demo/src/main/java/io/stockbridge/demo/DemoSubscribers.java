package io.stockbridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import io.nats.client.Nats;
import io.stockbridge.config.Secret;
import io.stockbridge.fanout.WebhookSignature;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's subscribers, one of each kind, each with a small receiver the demo starts itself: a
 * webhook receiver on loopback (checks every signature), a RabbitMQ queue bound to the demo's
 * exchange, and a NATS subscription on the demo's JetStream subjects. A broker that does not answer
 * (5672, 4222) is left out, and the summary says so. Thread-safe.
 */
public final class DemoSubscribers implements AutoCloseable {
  public static final String SECRET = "whsec_ZGVtby1zZWNyZXQtZm9yLXN0b2NrYnJpZGdlLXdlYmhvb2tz";
  private static final String EXCHANGE = "stockbridge.demo";
  private static final String STREAM = "STOCKBRIDGE_DEMO";
  private static final String SUBJECT = "stockbridge.demo";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one receiver got: messages by type, and how many failed their check. */
  private static final class Tally {
    final Map<String, AtomicLong> byType = new ConcurrentHashMap<>();
    final AtomicLong bad = new AtomicLong();
    volatile String unavailable;

    void add(byte[] envelope) {
      try {
        JsonNode node = JSON.readTree(envelope);
        byType.computeIfAbsent(node.get("type").asText(), t -> new AtomicLong()).incrementAndGet();
      } catch (IOException e) {
        bad.incrementAndGet();
      }
    }

    Map<String, Object> figures() {
      Map<String, Object> figures = new LinkedHashMap<>();
      if (unavailable != null) {
        figures.put("unavailable", unavailable);
        return figures;
      }
      Map<String, Long> types = new TreeMap<>();
      byType.forEach((type, count) -> types.put(type, count.get()));
      figures.put("received", types.values().stream().mapToLong(Long::longValue).sum());
      figures.put("by_type", types);
      figures.put("failed_checks", bad.get());
      return figures;
    }
  }

  private final WebhookReceiver receiver = new WebhookReceiver();
  private final Map<String, Tally> tallies = new LinkedHashMap<>();
  private com.rabbitmq.client.Connection rabbit;
  private io.nats.client.Connection nats;

  public DemoSubscribers() {
    tallies.put("webhook", new Tally());
    tallies.put("rabbitmq", new Tally());
    tallies.put("nats", new Tally());
    try {
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri("amqp://guest:guest@127.0.0.1:5672");
      factory.setConnectionTimeout(2000);
      rabbit = factory.newConnection("stockbridge-demo-receiver");
      Channel channel = rabbit.createChannel();
      channel.exchangeDeclare(EXCHANGE, "topic", true);
      String queue = channel.queueDeclare("", false, true, true, null).getQueue();
      channel.queueBind(queue, EXCHANGE, "#");
      channel.basicConsume(
          queue, true, (tag, message) -> tallies.get("rabbitmq").add(message.getBody()), t -> {});
    } catch (Exception e) {
      tallies.get("rabbitmq").unavailable = "RabbitMQ not reachable on 5672: " + e.getMessage();
    }
    try {
      nats = Nats.connect("nats://127.0.0.1:4222");
      nats.createDispatcher(m -> tallies.get("nats").add(m.getData())).subscribe(SUBJECT + ".>");
    } catch (Exception e) {
      tallies.get("nats").unavailable = "NATS not reachable on 4222: " + e.getMessage();
    }
  }

  /** The {@code fanout:} section that points the node at the available receivers. */
  public String yaml() {
    StringBuilder yaml =
        new StringBuilder(
            "fanout:\n  subscribers:\n    demo-webhook:\n      kind: webhook\n      url: "
                + receiver.url()
                + "\n      secrets: ["
                + SECRET
                + "]\n      order: perKey\n      concurrency: 64\n"
                + "      allowNetworks: [127.0.0.0/8]\n");
    if (rabbit != null) {
      yaml.append(
          "    demo-rabbitmq:\n      kind: rabbitmq\n      url: amqp://guest:guest@127.0.0.1:5672\n"
              + "      exchange: "
              + EXCHANGE
              + "\n");
    }
    if (nats != null) {
      yaml.append(
          "    demo-nats:\n      kind: nats\n      url: nats://127.0.0.1:4222\n      stream: "
              + STREAM
              + "\n      subject: "
              + SUBJECT
              + "\n");
    }
    return yaml.toString();
  }

  /** Per receiver: messages received by type, and failed checks (a bad signature or body). */
  public Map<String, Object> figures() {
    Tally webhook = tallies.get("webhook");
    webhook.byType.clear();
    webhook.bad.set(0);
    Secret secret = Secret.of(SECRET);
    for (WebhookReceiver.Received message : receiver.received()) {
      boolean signed =
          message.signature() != null
              && WebhookSignature.verify(
                  secret,
                  message.id(),
                  Long.parseLong(message.timestamp()),
                  message.body(),
                  message.signature());
      if (signed) {
        webhook.add(message.body());
      } else {
        webhook.bad.incrementAndGet();
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    tallies.forEach((name, tally) -> figures.put(name, tally.figures()));
    return figures;
  }

  @Override
  public void close() {
    receiver.close();
    for (AutoCloseable connection : List.<AutoCloseable>of(this::closeRabbit, this::closeNats)) {
      try {
        connection.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
  }

  private void closeRabbit() throws IOException {
    if (rabbit != null) {
      rabbit.close();
    }
  }

  private void closeNats() throws InterruptedException {
    if (nats != null) {
      nats.close();
    }
  }
}
