package io.stockbridge.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TcpProxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RabbitMQ (5672) and NATS JetStream (4222) on this machine, reached through a TCP proxy the test
 * cuts mid-stream: every change arrives, with the event id as the message id.
 */
@EndToEnd
class BrokerFanoutTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCHEDULE =
      "      retrySeconds: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
          + "      timeoutMillis: 3000\n";

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
  }

  private Set<String> eventIds(FanoutHarness harness, String subscriber) {
    Set<String> ids = new HashSet<>();
    harness.storage.deliveries().deliveries(subscriber, null, null, 500).stream()
        .map(d -> Long.toString(d.eventId()))
        .forEach(ids::add);
    return ids;
  }

  @Test
  void rabbitmq_receives_every_change_across_a_cut_connection_with_the_event_id_as_message_id()
      throws Exception {
    TcpProxy proxy = new TcpProxy("127.0.0.1", 5672);
    open.add(proxy);
    String exchange = "sb-test-" + UUID.randomUUID();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri("amqp://guest:guest@127.0.0.1:5672");
    Connection consumerConnection = factory.newConnection();
    open.add(consumerConnection::close);
    Channel consumer = consumerConnection.createChannel();
    consumer.exchangeDeclare(exchange, "topic", true);
    String queue = consumer.queueDeclare("", false, true, true, null).getQueue();
    consumer.queueBind(queue, exchange, "#");
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    DeliverCallback onMessage =
        (tag, message) -> {
          ids.add(message.getProperties().getMessageId());
          assertThat(JSON.readTree(message.getBody()).get("id").asText())
              .isEqualTo(message.getProperties().getMessageId());
        };
    consumer.basicConsume(queue, true, onMessage, tag -> {});

    FanoutHarness harness =
        new FanoutHarness(
            dir,
            false,
            "fanout:\n  pollMillis: 10\n  subscribers:\n    rabbit:\n      kind: rabbitmq\n"
                + "      url: amqp://guest:guest@127.0.0.1:"
                + proxy.port()
                + "\n      exchange: "
                + exchange
                + "\n      order: perKey\n"
                + SCHEDULE,
            Clock.systemUTC());
    open.add(harness);
    harness.service.start();
    long now = System.currentTimeMillis();
    harness.interleavedChanges(List.of("R-1", "R-2"), 50, now);
    Eventually.await("some delivered", WAIT, () -> ids.size() >= 10);
    proxy.cut(); // the broker is gone for the engine
    harness.interleavedChanges(List.of("R-1", "R-2"), 50, now); // levels 1..50 again: all changes
    Eventually.await(
        "attempts failing while cut",
        WAIT,
        () ->
            harness.storage.deliveries().deliveries("rabbit", "pending", null, 500).stream()
                .anyMatch(d -> d.attempts() >= 1));
    proxy.restore();
    Eventually.await(
        "all 200 delivered", WAIT, () -> harness.deliveries("rabbit", "delivered") == 200);
    Eventually.await("all 200 received", WAIT, () -> new HashSet<>(ids).size() == 200);
    assertThat(new HashSet<>(ids)).isEqualTo(eventIds(harness, "rabbit"));

    // A redelivery carries the same message id, so a consumer can drop it.
    DeliveryView one = harness.storage.deliveries().deliveries("rabbit", null, null, 1).getFirst();
    int before = ids.size();
    harness.storage.deliveries().replay(one.id(), System.currentTimeMillis());
    Eventually.await("redelivered", WAIT, () -> ids.size() > before);
    assertThat(ids.subList(before, ids.size())).contains(Long.toString(one.eventId()));
  }

  @Test
  void nats_jetstream_stores_every_change_once_across_a_cut_connection_and_drops_a_redelivery()
      throws Exception {
    TcpProxy proxy = new TcpProxy("127.0.0.1", 4222);
    open.add(proxy);
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String stream = "SB_TEST_" + suffix;
    String subject = "sbtest." + suffix;
    FanoutHarness harness =
        new FanoutHarness(
            dir,
            false,
            "fanout:\n  pollMillis: 10\n  subscribers:\n    nats:\n      kind: nats\n"
                + "      url: nats://127.0.0.1:"
                + proxy.port()
                + "\n      stream: "
                + stream
                + "\n      subject: "
                + subject
                + "\n"
                + SCHEDULE,
            Clock.systemUTC());
    open.add(harness);
    io.nats.client.Connection reader = Nats.connect("nats://127.0.0.1:4222");
    open.add(
        () -> {
          try {
            reader.jetStreamManagement().deleteStream(stream);
          } finally {
            reader.close();
          }
        });
    harness.service.start();
    long now = System.currentTimeMillis();
    harness.interleavedChanges(List.of("N-1", "N-2"), 50, now);
    Eventually.await("some delivered", WAIT, () -> harness.deliveries("nats", "delivered") >= 10);
    proxy.cut();
    harness.interleavedChanges(List.of("N-1", "N-2"), 50, now);
    Eventually.await(
        "attempts failing while cut",
        WAIT,
        () ->
            harness.storage.deliveries().deliveries("nats", "pending", null, 500).stream()
                .anyMatch(d -> d.attempts() >= 1));
    proxy.restore();
    Eventually.await(
        "all 200 delivered", WAIT, () -> harness.deliveries("nats", "delivered") == 200);

    Set<String> stored = readAll(reader, stream, subject);
    assertThat(stored).isEqualTo(eventIds(harness, "nats"));
    long count = reader.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
    assertThat(count).as("each change stored once").isEqualTo(200);

    DeliveryView one = harness.storage.deliveries().deliveries("nats", null, null, 1).getFirst();
    harness.storage.deliveries().replay(one.id(), System.currentTimeMillis());
    Eventually.await(
        "redelivered",
        WAIT,
        () ->
            harness.storage.deliveries().delivery(one.id()).orElseThrow().attemptLog().stream()
                .anyMatch(a -> a.excerpt().contains("duplicate")));
    assertThat(reader.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount())
        .as("JetStream dropped the redelivery by its Nats-Msg-Id")
        .isEqualTo(200);
  }

  private static Set<String> readAll(
      io.nats.client.Connection reader, String stream, String subject) throws Exception {
    JetStreamSubscription subscription =
        reader
            .jetStream()
            .subscribe(subject + ".>", PullSubscribeOptions.builder().stream(stream).build());
    Set<String> ids = new HashSet<>();
    while (true) {
      List<Message> batch = subscription.fetch(100, Duration.ofSeconds(2));
      if (batch.isEmpty()) {
        break;
      }
      for (Message message : batch) {
        String id = message.getHeaders().getFirst("Nats-Msg-Id");
        assertThat(JSON.readTree(message.getData()).get("id").asText()).isEqualTo(id);
        ids.add(id);
        message.ack();
      }
    }
    subscription.unsubscribe();
    return ids;
  }
}
