package io.stockbridge.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the ingest endpoints refused (any 4xx or 5xx answer of ours), counted per source, status
 * and whether the sender had authenticated, with the most recent ones kept. Each refusal is logged
 * at WARN with its reason (reasons never hold secrets), at most {@link #LOG_LINES_PER_SECOND} lines
 * a second; the lines left out are summarised in the next one. Figures are this node's since it
 * started (operators read them at {@code GET /api/ingest/rejections}). Thread-safe.
 */
public final class IngestRejections {
  private static final Logger LOG = LoggerFactory.getLogger(IngestRejections.class);
  static final int LOG_LINES_PER_SECOND = 20;
  static final int RECENT = 20;
  private static final int MAX_REASON = 300;

  /** One refused request, as operators see it. */
  public record Rejection(
      Instant at, String source, int status, String error, boolean authenticated, String reason) {}

  /** The figures: totals, per source and status, and the most recent refusals (newest first). */
  public record Snapshot(
      Instant since,
      long total,
      long authenticated,
      Map<String, Map<String, Long>> bySourceAndStatus,
      List<Rejection> recent) {}

  private final Clock clock;
  private final Instant since;
  private long total;
  private long authenticated;
  private final Map<String, Map<String, Long>> counts = new TreeMap<>();
  private final ArrayDeque<Rejection> recent = new ArrayDeque<>();
  private long logSecond = -1;
  private int loggedThisSecond;
  private long notLogged;

  public IngestRejections(Clock clock) {
    this.clock = clock;
    this.since = clock.instant();
  }

  /** Counts and logs one refusal; {@code reason} is the message the sender got. */
  void record(String source, boolean wasAuthenticated, int status, String error, String reason) {
    Instant now = clock.instant();
    String shortReason =
        reason == null || reason.length() <= MAX_REASON
            ? reason
            : reason.substring(0, MAX_REASON) + "... (" + reason.length() + " characters)";
    Rejection rejection = new Rejection(now, source, status, error, wasAuthenticated, shortReason);
    long suppressed = -1;
    synchronized (this) {
      total++;
      if (wasAuthenticated) {
        authenticated++;
      }
      counts
          .computeIfAbsent(source, s -> new TreeMap<>())
          .merge(String.valueOf(status), 1L, Long::sum);
      recent.addFirst(rejection);
      if (recent.size() > RECENT) {
        recent.removeLast();
      }
      long second = now.getEpochSecond();
      if (second != logSecond) {
        logSecond = second;
        loggedThisSecond = 0;
      }
      if (loggedThisSecond < LOG_LINES_PER_SECOND) {
        loggedThisSecond++;
        suppressed = notLogged;
        notLogged = 0;
      } else {
        notLogged++;
      }
    }
    if (suppressed >= 0) {
      LOG.warn(
          "rejected {} {} webhook/event: {} {}{}",
          wasAuthenticated ? "authenticated" : "unauthenticated",
          source,
          status,
          shortReason,
          suppressed > 0 ? " (" + suppressed + " earlier rejections not logged)" : "");
    }
  }

  public synchronized Snapshot snapshot() {
    Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
    counts.forEach((source, byStatus) -> copy.put(source, Map.copyOf(byStatus)));
    return new Snapshot(since, total, authenticated, copy, new ArrayList<>(recent));
  }
}
