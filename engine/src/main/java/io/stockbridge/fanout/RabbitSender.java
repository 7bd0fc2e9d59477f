package io.stockbridge.fanout;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.stockbridge.config.FanoutSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RabbitMQ (AMQP 0-9-1, the official client): publishes each delivery as a persistent message to a
 * durable topic exchange (routing key: the event type; message id: the event id), then waits for
 * the broker's publisher confirms. A lost connection, a nack or a confirm timeout fails the whole
 * batch (published messages come again with the same message id); the connection is opened again on
 * the next send. Used by one thread at a time.
 */
public final class RabbitSender implements Sender {
  private final FanoutSettings.Subscriber subscriber;
  private Connection connection;
  private Channel channel;

  public RabbitSender(FanoutSettings.Subscriber subscriber) {
    this.subscriber = subscriber;
  }

  @Override
  public List<AttemptResult> send(List<Delivery> deliveries, boolean perKey) {
    long start = System.nanoTime();
    List<AttemptResult> results = new ArrayList<>(deliveries.size());
    try {
      Channel open = channel();
      for (Delivery delivery : deliveries) {
        Map<String, Object> headers = new HashMap<>();
        headers.put("type", delivery.type());
        headers.put("key", delivery.key());
        if (delivery.store() != null) {
          headers.put("store", delivery.store());
        }
        AMQP.BasicProperties properties =
            new AMQP.BasicProperties.Builder()
                .messageId(Envelope.messageId(delivery))
                .contentType("application/json")
                .deliveryMode(2)
                .type(delivery.type())
                .timestamp(new java.util.Date(delivery.receivedAt()))
                .headers(headers)
                .build();
        open.basicPublish(
            subscriber.exchange(), delivery.type(), false, properties, Envelope.body(delivery));
      }
      open.waitForConfirmsOrDie(subscriber.timeout().toMillis());
      long latency = (System.nanoTime() - start) / 1_000_000;
      for (Delivery delivery : deliveries) {
        results.add(AttemptResult.ok(delivery.id(), null, latency, "confirmed"));
      }
    } catch (Exception e) { // IOException, TimeoutException, a nack: all mean "not confirmed"
      closeQuietly();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      long latency = (System.nanoTime() - start) / 1_000_000;
      String why = "not confirmed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
      for (Delivery delivery : deliveries) {
        results.add(AttemptResult.failed(delivery.id(), null, latency, why));
      }
    }
    return results;
  }

  private Channel channel() throws Exception {
    if (channel != null && channel.isOpen()) {
      return channel;
    }
    closeQuietly();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(subscriber.url().reveal());
    factory.setConnectionTimeout((int) subscriber.timeout().toMillis());
    factory.setAutomaticRecoveryEnabled(false); // reconnecting is ours: the next send opens anew
    connection = factory.newConnection("stockbridge-fanout-" + subscriber.name());
    channel = connection.createChannel();
    channel.confirmSelect();
    channel.exchangeDeclare(subscriber.exchange(), "topic", true);
    return channel;
  }

  private void closeQuietly() {
    Connection open = connection;
    connection = null;
    channel = null;
    if (open != null) {
      try {
        open.abort(1000);
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
