package io.stockbridge.observe;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Trace ids without the SDK (tracing switched off): taken from a W3C {@code traceparent} header
 * when present and valid, otherwise new (32 hex digits, as OpenTelemetry's).
 */
public final class TraceIds {
  private static final Pattern TRACEPARENT =
      Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");
  private static final Pattern TRACE_ID = Pattern.compile("^[0-9a-f]{32}$");
  private static final String INVALID = "0".repeat(32);

  private TraceIds() {}

  public static String from(String traceparent) {
    if (traceparent != null) {
      var matcher = TRACEPARENT.matcher(traceparent.strip());
      if (matcher.matches() && !matcher.group(1).equals(INVALID)) {
        return matcher.group(1);
      }
    }
    return random();
  }

  /** A new trace id: 16 random bytes as 32 lower-case hex digits. */
  public static String random() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Whether {@code traceId} is a valid OpenTelemetry trace id (32 hex digits, not all zero). */
  public static boolean isValid(String traceId) {
    return traceId != null && TRACE_ID.matcher(traceId).matches() && !traceId.equals(INVALID);
  }
}
