package io.stockbridge.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The message every subscriber gets for a delivery: {@code {"id", "type", "timestamp", "store",
 * "key", "data"}} (Standard Webhooks' payload shape; {@code data} is the change event's versioned
 * payload), with the event id as the message id. Stateless.
 */
public final class Envelope {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Envelope() {}

  /** The message id: the change event's id, the same on every attempt and replay. */
  public static String messageId(Delivery delivery) {
    return Long.toString(delivery.eventId());
  }

  public static byte[] body(Delivery delivery) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", messageId(delivery));
    node.put("type", delivery.type());
    node.put("timestamp", Instant.ofEpochMilli(delivery.receivedAt()).toString());
    node.put("store", delivery.store());
    node.put("key", delivery.key());
    node.set("data", data(delivery.payload()));
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode data(byte[] payload) {
    if (payload == null) {
      return JSON.nullNode(); // dropped by payload retention: the envelope still names the event
    }
    try {
      return JSON.readTree(payload);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(new String(payload, StandardCharsets.UTF_8));
    }
  }
}
