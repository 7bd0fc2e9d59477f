package io.stockbridge.dashboard;

import io.stockbridge.store.DashboardReads;
import io.stockbridge.store.Issue;
import io.stockbridge.store.IssueStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The overview's figures for the last N minutes: events received per source and runs settled per
 * flow (from the database, in buckets of N seconds), the queue and budgets as sampled by {@link
 * Samples}, and the counts that need attention. Thread-safe.
 */
final class Overview {
  private final DashboardReads reads;
  private final Samples samples;
  private final IssueTracker issues;
  private final Clock clock;
  private final long alertFreshMillis;

  /** {@code alertFresh}: an alert issue seen within this long is shown as firing. */
  Overview(
      DashboardReads reads,
      Samples samples,
      IssueTracker issues,
      Clock clock,
      java.time.Duration alertFresh) {
    this.alertFreshMillis = alertFresh.toMillis();
    this.reads = reads;
    this.samples = samples;
    this.issues = issues;
    this.clock = clock;
  }

  Map<String, Object> figures(int minutes) {
    long now = clock.millis();
    long bucketMillis = minutes * 1000L; // 60 buckets whatever the window
    long since = (now - minutes * 60_000L) / bucketMillis * bucketMillis;
    int buckets = (int) ((now - since) / bucketMillis) + 1;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("now", now);
    body.put("since", since);
    body.put("bucketMillis", bucketMillis);
    body.put("buckets", buckets);
    Map<String, long[]> received = new TreeMap<>();
    for (DashboardReads.Count count : reads.receivedBySource(since, bucketMillis)) {
      add(received, count.group(), count, since, bucketMillis, buckets);
    }
    body.put("received", received);
    Map<String, Map<String, long[]>> settled = new TreeMap<>();
    for (DashboardReads.Count count : reads.settledByFlow(since, bucketMillis)) {
      add(
          settled.computeIfAbsent(count.group(), f -> new TreeMap<>()),
          count.status(),
          count,
          since,
          bucketMillis,
          buckets);
    }
    body.put("settled", settled);
    body.put("queue", samples.queueSince(since));
    body.put("budgets", samples.budgetsSince(since));
    body.put("throttles", samples.throttlesSince(since));
    DashboardReads.QueueSample queue = reads.queueSample(now);
    Map<String, Object> attention = new LinkedHashMap<>();
    attention.put("dead", queue.dead());
    attention.put("retrying", queue.retrying());
    attention.put("waiting", queue.waiting());
    attention.put("ready", queue.ready());
    attention.put("oldestReadyAgeMillis", queue.oldestReadyAgeMillis());
    List<IssueTracker.Current> current = issues.list(200);
    attention.put(
        "openIssues", current.stream().filter(i -> i.issue().status() == IssueStatus.OPEN).count());
    body.put("attention", attention);
    List<Map<String, Object>> alerts = new java.util.ArrayList<>();
    for (IssueTracker.Current c : current) {
      Issue issue = c.issue();
      if (io.stockbridge.store.Issue.ALERT_FLOW.equals(issue.flow())
          && now - issue.lastSeen() <= alertFreshMillis
          && issue.status() != IssueStatus.IGNORED) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("rule", issue.errorType());
        alert.put("subject", issue.store());
        alert.put("message", issue.sample());
        alert.put("since", issue.firstSeen());
        alert.put("lastSeen", issue.lastSeen());
        alert.put("issue", issue.fingerprint());
        alert.put("status", issue.status().dbValue());
        alerts.add(alert);
      }
    }
    body.put("alerts", alerts);
    return body;
  }

  private static void add(
      Map<String, long[]> series,
      String name,
      DashboardReads.Count count,
      long since,
      long bucketMillis,
      int buckets) {
    int index = (int) ((count.bucketStart() - since) / bucketMillis);
    if (index >= 0 && index < buckets) {
      series.computeIfAbsent(name, n -> new long[buckets])[index] += count.count();
    }
  }
}
