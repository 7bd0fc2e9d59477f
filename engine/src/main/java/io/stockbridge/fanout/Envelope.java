package io.stockbridge.fanout;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The message every subscriber gets for a delivery: {@code {"id", "type", "timestamp", "store",
 * "key", "data"}} (Standard Webhooks' payload shape; {@code data} is the change event's versioned
 * payload), with the event id as the message id. Written with a streaming generator: the stored
 * payload, once checked to be one well-formed JSON value, goes in as it is (it was written compact
 * by {@code ChangeEvents}), not parsed into a tree and written again; a payload that is not JSON
 * goes in as a string, a dropped one as null. Stateless.
 */
public final class Envelope {
  private static final JsonFactory JSON = new JsonFactory();

  private Envelope() {}

  /** The message id: the change event's id, the same on every attempt and replay. */
  public static String messageId(Delivery delivery) {
    return Long.toString(delivery.eventId());
  }

  public static byte[] body(Delivery delivery) {
    byte[] payload = delivery.payload();
    ByteArrayBuilder out = new ByteArrayBuilder(256 + (payload == null ? 0 : payload.length));
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeStringField("id", messageId(delivery));
      json.writeStringField("type", delivery.type());
      json.writeStringField("timestamp", Instant.ofEpochMilli(delivery.receivedAt()).toString());
      json.writeStringField("store", delivery.store());
      json.writeStringField("key", delivery.key());
      json.writeFieldName("data");
      if (payload == null) {
        json.writeNull(); // dropped by payload retention: the envelope still names the event
      } else if (oneJsonValue(payload)) {
        json.writeRawValue(new String(payload, StandardCharsets.UTF_8));
      } else {
        json.writeString(new String(payload, StandardCharsets.UTF_8));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("envelope cannot be written", e); // in memory: never
    }
    return out.toByteArray();
  }

  /** Whether {@code payload} is exactly one well-formed JSON value (tokens read, none kept). */
  private static boolean oneJsonValue(byte[] payload) {
    try (JsonParser parser = JSON.createParser(payload)) {
      if (parser.nextToken() == null) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
