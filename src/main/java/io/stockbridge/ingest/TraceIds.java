package io.stockbridge.ingest;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Trace ids: taken from a W3C {@code traceparent} header when present, otherwise new (32 hex
 * digits).
 */
final class TraceIds {
  private static final Pattern TRACEPARENT =
      Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");

  private TraceIds() {}

  static String from(String traceparent) {
    if (traceparent != null) {
      var matcher = TRACEPARENT.matcher(traceparent.strip());
      if (matcher.matches() && !matcher.group(1).equals("0".repeat(32))) {
        return matcher.group(1);
      }
    }
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
