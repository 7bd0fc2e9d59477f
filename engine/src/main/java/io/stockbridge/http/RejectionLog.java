package io.stockbridge.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WARN lines for requests the HTTP layer refuses (4xx from a handler, or from Jetty itself), at
 * most {@link #LINES_PER_SECOND} a second so a flood of bad requests cannot flood the log; the
 * lines left out are counted in the next one written. Thread-safe. Reasons never hold secrets.
 */
final class RejectionLog {
  private static final Logger LOG = LoggerFactory.getLogger(RejectionLog.class);
  static final int LINES_PER_SECOND = 20;

  private static long second;
  private static int writtenThisSecond;
  private static long leftOut;

  private RejectionLog() {}

  static void warn(String method, String path, int status, String reason) {
    long skipped;
    synchronized (RejectionLog.class) {
      long now = System.currentTimeMillis() / 1000;
      if (now != second) {
        second = now;
        writtenThisSecond = 0;
      }
      if (writtenThisSecond >= LINES_PER_SECOND) {
        leftOut++;
        return;
      }
      writtenThisSecond++;
      skipped = leftOut;
      leftOut = 0;
    }
    if (skipped > 0) {
      LOG.warn(
          "rejected {} {}: {} {} (and {} more rejections not logged)",
          method,
          path,
          status,
          reason,
          skipped);
    } else {
      LOG.warn("rejected {} {}: {} {}", method, path, status, reason);
    }
  }
}
