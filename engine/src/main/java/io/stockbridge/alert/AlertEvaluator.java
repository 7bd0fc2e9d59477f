package io.stockbridge.alert;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockbridge.config.AlertSettings;
import io.stockbridge.dashboard.MessageShape;
import io.stockbridge.metrics.DatabaseGauges;
import io.stockbridge.metrics.NodeMetrics;
import io.stockbridge.store.Issue;
import io.stockbridge.store.IssueStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates {@link AlertRules} (scheduled leader-only, every {@code alerts.intervalSeconds}): the
 * database's figures from {@link DatabaseGauges}, and the throttle and failure rates from this
 * node's connector counters (the evaluating node's own calls; Prometheus's rules see every node's).
 * Each firing alert is recorded as a sighting of its issue (flow {@value Alert#FLOW}, store = the
 * subject, error type = the rule): it opens the issue, or reopens a resolved one, and its last seen
 * time says it is still firing. A newly firing alert is logged at WARN. Thread-safe.
 */
public final class AlertEvaluator implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

  private final AlertSettings settings;
  private final DatabaseGauges figures;
  private final MeterRegistry registry;
  private final IssueStore issues;
  private final Clock clock;
  private Map<String, double[]> lastCounts = new HashMap<>();
  private long lastAt = -1;
  private List<Alert> firing = List.of();

  public AlertEvaluator(
      AlertSettings settings,
      DatabaseGauges figures,
      MeterRegistry registry,
      IssueStore issues,
      Clock clock) {
    this.settings = settings;
    this.figures = figures;
    this.registry = registry;
    this.issues = issues;
    this.clock = clock;
  }

  /** The alerts firing at the last evaluation on this node. */
  public synchronized List<Alert> firing() {
    return firing;
  }

  @Override
  public void run() {
    evaluate();
  }

  /** Evaluates once and returns what fires. */
  public synchronized List<Alert> evaluate() {
    long now = clock.millis();
    figures.refreshIfStale();
    List<AlertRules.ConnectionRates> rates = rates(now);
    List<Alert> now_firing =
        AlertRules.evaluate(settings, figures.snapshot(), rates, clock.instant());
    List<IssueStore.Sighting> sightings = new ArrayList<>();
    for (Alert alert : now_firing) {
      String shape = alert.rule();
      String fingerprint = fingerprint(alert);
      sightings.add(
          new IssueStore.Sighting(
              fingerprint,
              Alert.FLOW,
              alert.subject(),
              alert.rule(),
              shape,
              alert.message(),
              now,
              now,
              List.of(now)));
      if (firing.stream().noneMatch(a -> fingerprint(a).equals(fingerprint))) {
        LOG.warn("alert {} firing for {}: {}", alert.rule(), alert.subject(), alert.message());
      }
    }
    issues.record(sightings, now);
    this.firing = List.copyOf(now_firing);
    return firing;
  }

  /** The issue an alert opens. */
  public static String fingerprint(Alert alert) {
    return MessageShape.fingerprint(Alert.FLOW, alert.subject(), alert.rule(), alert.rule());
  }

  /** Whether a stored issue is an alert seen firing within {@code withinMillis} of {@code now}. */
  public static boolean isFiring(Issue issue, long now, long withinMillis) {
    return Alert.FLOW.equals(issue.flow()) && now - issue.lastSeen() <= withinMillis;
  }

  private List<AlertRules.ConnectionRates> rates(long now) {
    Map<String, double[]> counts = new TreeMap<>();
    add(counts, NodeMetrics.PREFIX + ".api.throttles", 0);
    add(counts, NodeMetrics.PREFIX + ".api.failures", 1);
    List<AlertRules.ConnectionRates> rates = new ArrayList<>();
    if (lastAt >= 0 && now > lastAt) {
      double minutes = (now - lastAt) / 60_000.0;
      counts.forEach(
          (connection, values) -> {
            double[] before = lastCounts.getOrDefault(connection, new double[2]);
            rates.add(
                new AlertRules.ConnectionRates(
                    connection,
                    Math.max(0, values[0] - before[0]) / minutes,
                    Math.max(0, values[1] - before[1]) / minutes));
          });
    }
    lastCounts = counts;
    lastAt = now;
    return rates;
  }

  private void add(Map<String, double[]> counts, String name, int index) {
    for (FunctionCounter counter : registry.find(name).functionCounters()) {
      String connection = counter.getId().getTag("connection");
      double value = counter.count();
      if (connection != null && Double.isFinite(value)) {
        counts.computeIfAbsent(connection, c -> new double[2])[index] += value;
      }
    }
  }
}
