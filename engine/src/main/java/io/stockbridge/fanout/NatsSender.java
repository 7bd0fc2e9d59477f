package io.stockbridge.fanout;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.stockbridge.config.FanoutSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * NATS JetStream (the official jnats client): publishes each delivery to {@code <subject>.<type>}
 * with {@code Nats-Msg-Id} = the event id (JetStream drops a redelivery within its duplicate
 * window), all asynchronously, then waits for every acknowledgement. The stream is created (file
 * storage, subjects {@code <subject>.>}) when missing. Any missing or failed acknowledgement fails
 * the whole batch: those acknowledged come again, and JetStream drops them as duplicates, so a
 * key's order is kept. Used by one thread at a time.
 */
public final class NatsSender implements Sender {
  private final FanoutSettings.Subscriber subscriber;
  private Connection connection;
  private JetStream jetStream;

  public NatsSender(FanoutSettings.Subscriber subscriber) {
    this.subscriber = subscriber;
  }

  @Override
  public List<AttemptResult> send(List<Delivery> deliveries, boolean perKey) {
    long start = System.nanoTime();
    List<AttemptResult> results = new ArrayList<>(deliveries.size());
    try {
      JetStream js = jetStream();
      List<CompletableFuture<PublishAck>> acks = new ArrayList<>(deliveries.size());
      for (Delivery delivery : deliveries) {
        Headers headers = new Headers();
        headers.add("Stockbridge-Type", delivery.type());
        headers.add("Stockbridge-Key", delivery.key());
        NatsMessage message =
            NatsMessage.builder()
                .subject(subscriber.subject() + "." + delivery.type())
                .headers(headers)
                .data(Envelope.body(delivery))
                .build();
        acks.add(
            js.publishAsync(
                message, PublishOptions.builder().messageId(Envelope.messageId(delivery)).build()));
      }
      long deadline = System.nanoTime() + subscriber.timeout().toNanos();
      List<String> notes = new ArrayList<>(acks.size());
      for (CompletableFuture<PublishAck> ack : acks) {
        long left = Math.max(1, deadline - System.nanoTime());
        PublishAck answer = ack.get(left, TimeUnit.NANOSECONDS);
        notes.add(answer.isDuplicate() ? "acknowledged (duplicate dropped)" : "acknowledged");
      }
      long latency = (System.nanoTime() - start) / 1_000_000;
      for (int i = 0; i < deliveries.size(); i++) {
        results.add(AttemptResult.ok(deliveries.get(i).id(), null, latency, notes.get(i)));
      }
    } catch (Exception e) { // timeouts, a broker refusal, a lost connection: not acknowledged
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      closeQuietly();
      long latency = (System.nanoTime() - start) / 1_000_000;
      String why = "not acknowledged: " + e.getClass().getSimpleName() + ": " + e.getMessage();
      for (Delivery delivery : deliveries) {
        results.add(AttemptResult.failed(delivery.id(), null, latency, why));
      }
    }
    return results;
  }

  private JetStream jetStream() throws Exception {
    if (jetStream != null && connection.getStatus() == Connection.Status.CONNECTED) {
      return jetStream;
    }
    closeQuietly();
    Options options =
        new Options.Builder()
            .server(subscriber.url().reveal())
            .connectionTimeout(subscriber.timeout())
            .maxReconnects(0) // reconnecting is ours: the next send connects anew
            .connectionName("stockbridge-fanout-" + subscriber.name())
            .build();
    connection = Nats.connect(options);
    JetStreamManagement management = connection.jetStreamManagement();
    try {
      management.getStreamInfo(subscriber.stream());
    } catch (JetStreamApiException missing) {
      management.addStream(
          StreamConfiguration.builder()
              .name(subscriber.stream())
              .subjects(subscriber.subject() + ".>")
              .storageType(StorageType.File)
              .duplicateWindow(Duration.ofMinutes(2))
              .build());
    }
    jetStream = connection.jetStream();
    return jetStream;
  }

  private void closeQuietly() {
    Connection open = connection;
    connection = null;
    jetStream = null;
    if (open != null) {
      try {
        open.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
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
