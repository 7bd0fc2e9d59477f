package io.stockbridge.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Span ids, random except for each event's own span: that one's id is derived from the event's
 * trace id and event id ({@link #of}), so that any node, at any later time (a retry, a replay,
 * after a restart), continues the event's trace from the event row alone: the queue and flow spans
 * are children of a parent it can name without having stored it. The SDK asks for a span id while a
 * span starts, on the starting thread; {@link #start} hands it the derived one. Thread-safe.
 */
final class EventSpanIds implements IdGenerator {
  private static final ThreadLocal<String> NEXT = new ThreadLocal<>();
  private final IdGenerator random = IdGenerator.random();

  /** The span id of event {@code eventId}'s span in trace {@code traceId}: 16 hex digits. */
  static String of(String traceId, long eventId) {
    byte[] digest = sha256().digest((traceId + "/" + eventId).getBytes(StandardCharsets.US_ASCII));
    String id = HEX.formatHex(digest, 0, 8);
    return id.equals("0000000000000000") ? "0000000000000001" : id;
  }

  private static final HexFormat HEX = HexFormat.of();

  /**
   * A digest copied from one looked up once: the lookup walks the security providers, and every
   * request runs on a virtual thread of its own (a thread-local one would be made per request).
   */
  private static final MessageDigest SHA256_PROTOTYPE;

  static {
    try {
      SHA256_PROTOTYPE = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA256_PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException missing) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", missing);
      }
    }
  }

  /** Starts {@code builder}'s span with {@code spanId} as its id. */
  static Span start(SpanBuilder builder, String spanId) {
    NEXT.set(spanId);
    try {
      return builder.startSpan();
    } finally {
      NEXT.remove();
    }
  }

  @Override
  public String generateSpanId() {
    String next = NEXT.get();
    if (next != null) {
      NEXT.remove();
      return next;
    }
    return random.generateSpanId();
  }

  @Override
  public String generateTraceId() {
    return random.generateTraceId();
  }
}
