package io.stockbridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stockbridge.queue.QueueObserver;
import io.stockbridge.queue.Settlement;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The dispatcher's metrics, on this node:
 *
 * <ul>
 *   <li>{@code stockbridge_handler_seconds{flow}}: each handler run (a histogram; one run takes all
 *       items of its kind from a claim);
 *   <li>{@code stockbridge_work_items_settled_total{flow,outcome}}: settlements written, outcome
 *       {@code done}, {@code retry}, {@code failure}, {@code wait} or {@code dead};
 *   <li>{@code stockbridge_dead_letters_total{flow}}: items that went dead here.
 * </ul>
 */
public final class QueueMetrics implements QueueObserver {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Timer> handlers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

  public QueueMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Creates the dead-letter counter of each flow at 0, so that a query or an alert on it finds a
   * series before the first item goes dead.
   */
  public QueueMetrics forFlows(java.util.Collection<String> flows) {
    for (String flow : flows) {
      counter(flow, "dead.letters", "Work items that went dead on this node", "flow", flow);
    }
    return this;
  }

  @Override
  public void handled(String kind, int items, long nanos) {
    handlers
        .computeIfAbsent(
            kind,
            k ->
                Timer.builder(NodeMetrics.PREFIX + ".handler")
                    .description("Handler runs by flow (one run takes a claim's items of its kind)")
                    .tag("flow", k)
                    .serviceLevelObjectives(
                        Duration.ofMillis(5),
                        Duration.ofMillis(25),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(2500),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void settled(Settlement settlement) {
    String flow = settlement.item().kind();
    String outcome =
        switch (settlement) {
          case Settlement.Done d -> "done";
          case Settlement.Retry r -> "retry";
          case Settlement.Failure f -> "failure";
          case Settlement.Wait w -> "wait";
          case Settlement.Dead d -> "dead";
        };
    counter(
            flow + '|' + outcome,
            "work.items.settled",
            "Work item runs settled, by flow and outcome",
            "flow",
            flow,
            "outcome",
            outcome)
        .increment();
    if (settlement instanceof Settlement.Dead) {
      counter(flow, "dead.letters", "Work items that went dead on this node", "flow", flow)
          .increment();
    }
  }

  private Counter counter(String key, String name, String description, String... tags) {
    return counters.computeIfAbsent(
        name + '|' + key,
        k ->
            Counter.builder(NodeMetrics.PREFIX + "." + name)
                .description(description)
                .tags(tags)
                .register(registry));
  }
}
