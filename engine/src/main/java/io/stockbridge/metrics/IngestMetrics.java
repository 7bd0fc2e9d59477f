package io.stockbridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stockbridge.ingest.IngestObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Ingestion's metrics:
 *
 * <ul>
 *   <li>{@code stockbridge_events_received_total{source,type,outcome}}: outcome {@code new}, {@code
 *       duplicate} or {@code rejected} (type {@code unknown}: a refused request's type is not
 *       read);
 *   <li>{@code stockbridge_events_rejected_total{source,status,reason}}: the refusals by our error
 *       code;
 *   <li>{@code stockbridge_ingest_commit_events}: events per group commit (a histogram);
 *   <li>{@code stockbridge_ingest_ack_seconds}: from a request handing its event in to the event
 *       being durable, per group commit (its oldest event; a histogram).
 * </ul>
 *
 * Sources and types a sender chooses (generic events) are kept to a bounded set of label values.
 */
public final class IngestMetrics implements IngestObserver {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final BoundedLabel sources = new BoundedLabel(20);
  private final BoundedLabel types = new BoundedLabel(100);
  private final DistributionSummary commitSize;
  private final Timer ack;

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.commitSize =
        DistributionSummary.builder(NodeMetrics.PREFIX + ".ingest.commit.events")
            .description("Events stored per group commit")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
            .register(registry);
    this.ack =
        Timer.builder(NodeMetrics.PREFIX + ".ingest.ack")
            .description("From an event handed to a group-commit writer to it being durable")
            .serviceLevelObjectives(
                Duration.ofMillis(1),
                Duration.ofMillis(2),
                Duration.ofMillis(5),
                Duration.ofMillis(10),
                Duration.ofMillis(25),
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofMillis(250),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                Duration.ofSeconds(4))
            .register(registry);
    // The refusal that loses a change (a Brightpearl webhook answered 4xx is never sent again)
    // exists at 0 from the start, so a rate or an alert on it has a series to read.
    for (String source : List.of("brightpearl", "shopify", "generic")) {
      rejectedCounter(sources.of(source), 401, "unauthorized");
    }
  }

  @Override
  public void received(String source, String type, boolean duplicate) {
    String s = sources.of(source);
    String t = types.of(type);
    String outcome = duplicate ? "duplicate" : "new";
    String key = "r|" + s + '|' + t + '|' + outcome;
    Counter known = counters.get(key);
    if (known != null) { // the usual case, without the tags' array
      known.increment();
      return;
    }
    counter(
            key,
            "events.received",
            "Events offered to ingestion, by source, type and outcome",
            "source",
            s,
            "type",
            t,
            "outcome",
            outcome)
        .increment();
  }

  @Override
  public void rejected(String source, int status, String reason) {
    String s = sources.of(source);
    String r = reason == null ? "unknown" : reason;
    counter(
            "r|" + s + "|unknown|rejected",
            "events.received",
            "Events offered to ingestion, by source, type and outcome",
            "source",
            s,
            "type",
            "unknown",
            "outcome",
            "rejected")
        .increment();
    rejectedCounter(s, status, r).increment();
  }

  private Counter rejectedCounter(String s, int status, String r) {
    return counter(
        "x|" + s + '|' + status + '|' + r,
        "events.rejected",
        "Webhooks and events refused, by source, HTTP status and reason",
        "source",
        s,
        "status",
        Integer.toString(status),
        "reason",
        r);
  }

  @Override
  public void committed(int events, long ackNanos) {
    commitSize.record(events);
    ack.record(ackNanos, TimeUnit.NANOSECONDS);
  }

  private Counter counter(String key, String name, String description, String... tags) {
    Counter counter = counters.get(key);
    if (counter == null) {
      counter =
          counters.computeIfAbsent(
              key,
              k ->
                  Counter.builder(NodeMetrics.PREFIX + "." + name)
                      .description(description)
                      .tags(tags)
                      .register(registry));
    }
    return counter;
  }
}
