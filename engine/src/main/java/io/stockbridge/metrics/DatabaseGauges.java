package io.stockbridge.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.stockbridge.dashboard.Samples;
import io.stockbridge.flow.reconcile.Reconciliation;
import io.stockbridge.flow.reconcile.Reconciliations;
import io.stockbridge.queue.ItemState;
import io.stockbridge.store.DashboardReads;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The figures only the database holds, as gauges: read when a scrape (or the alert evaluator) asks
 * and the last reading is older than {@link #PERIOD}, and served from memory otherwise, so many
 * scrapers cost no more than one and a node nobody scrapes reads nothing. The queue, API budgets,
 * the last finished reconciliation and the last webhook of each source:
 *
 * <ul>
 *   <li>{@code stockbridge_work_items{flow,state}} (state {@code dead}: the dead letters);
 *   <li>{@code stockbridge_work_items_oldest_ready_age_seconds{flow}} (0 when nothing is due);
 *   <li>{@code stockbridge_api_budget_remaining{connection}} (Shopify: points in the bucket;
 *       Brightpearl: requests left in the minute), {@code stockbridge_api_budget_capacity};
 *   <li>{@code stockbridge_reconcile_last_run_products{result}} (checked, drifted, fixed, failed)
 *       and {@code stockbridge_reconcile_last_run_timestamp_seconds};
 *   <li>{@code stockbridge_events_last_received_timestamp_seconds{source}}.
 * </ul>
 *
 * Thread-safe.
 */
public final class DatabaseGauges implements Runnable {
  /** The most often the figures are read. */
  public static final Duration PERIOD = Duration.ofSeconds(5);

  /** What {@link #run} read last. */
  public record Snapshot(
      long at,
      List<DashboardReads.FlowQueue> queue,
      List<Samples.BudgetLevel> budgets,
      Reconciliation lastReconciliation,
      Map<String, Long> lastReceived) {
    /** Items of {@code state} in every flow. */
    public long items(String state) {
      return queue.stream()
          .filter(q -> q.state().equals(state))
          .mapToLong(DashboardReads.FlowQueue::items)
          .sum();
    }

    /** The oldest due ready item's age by flow, in milliseconds (flows with one only). */
    public Map<String, Long> oldestReadyAgeMillis() {
      Map<String, Long> ages = new TreeMap<>();
      for (DashboardReads.FlowQueue q : queue) {
        if (q.oldestDueAt() > 0) {
          ages.merge(q.flow(), Math.max(0, at - q.oldestDueAt()), Math::max);
        }
      }
      return ages;
    }
  }

  private final DashboardReads reads;
  private final Reconciliations reconciliations;
  private final List<String> sources;
  private final Clock clock;
  private final MultiGauge workItems;
  private final MultiGauge oldestReady;
  private final MultiGauge budgetRemaining;
  private final MultiGauge budgetCapacity;
  private final MultiGauge reconcileProducts;
  private final MultiGauge lastReceived;
  private final Set<String> flowsSeen = new TreeSet<>();
  private volatile Snapshot snapshot;

  /**
   * {@code reconciliations} may be null (no sync configured); {@code sources} are the event sources
   * whose last event is shown.
   */
  public DatabaseGauges(
      MeterRegistry registry,
      DashboardReads reads,
      Reconciliations reconciliations,
      List<String> sources,
      Clock clock) {
    this.reads = reads;
    this.reconciliations = reconciliations;
    this.sources = List.copyOf(sources);
    this.clock = clock;
    this.snapshot = new Snapshot(clock.millis(), List.of(), List.of(), null, Map.of());
    this.workItems =
        MultiGauge.builder(NodeMetrics.PREFIX + ".work.items")
            .description("Work items in the queue by flow and state (the whole database)")
            .register(registry);
    this.oldestReady =
        MultiGauge.builder(NodeMetrics.PREFIX + ".work.items.oldest.ready.age")
            .description("Age of the oldest due ready item by flow (0 when none is due)")
            .baseUnit("seconds")
            .register(registry);
    this.budgetRemaining =
        MultiGauge.builder(NodeMetrics.PREFIX + ".api.budget.remaining")
            .description(
                "API budget left per connection: Shopify points in the bucket, Brightpearl"
                    + " requests left in the minute")
            .register(registry);
    this.budgetCapacity =
        MultiGauge.builder(NodeMetrics.PREFIX + ".api.budget.capacity")
            .description("API budget's size per connection (Shopify's bucket)")
            .register(registry);
    this.reconcileProducts =
        MultiGauge.builder(NodeMetrics.PREFIX + ".reconcile.last.run.products")
            .description("Products of the last finished reconciliation by result")
            .register(registry);
    Gauge.builder(
            NodeMetrics.PREFIX + ".reconcile.last.run.timestamp",
            this,
            g -> {
              Reconciliation run = g.snapshot.lastReconciliation();
              return run == null || run.finishedAt() == null ? 0 : run.finishedAt() / 1000.0;
            })
        .description("When the last finished reconciliation ended (0: none yet)")
        .baseUnit("seconds")
        .register(registry);
    this.lastReceived =
        MultiGauge.builder(NodeMetrics.PREFIX + ".events.last.received.timestamp")
            .description("When the newest event of each source was received (0: never)")
            .baseUnit("seconds")
            .register(registry);
  }

  /** Shows the queue gauges of these flows (at 0) before any of their items was seen. */
  public synchronized DatabaseGauges forFlows(java.util.Collection<String> flows) {
    flowsSeen.addAll(flows);
    return this;
  }

  /** The figures read last. */
  public Snapshot snapshot() {
    return snapshot;
  }

  private volatile long readAt = Long.MIN_VALUE / 2;

  /** Reads the figures unless the last reading is younger than {@link #PERIOD}. */
  public void refreshIfStale() {
    if (clock.millis() - readAt < PERIOD.toMillis()) {
      return;
    }
    synchronized (this) {
      if (clock.millis() - readAt >= PERIOD.toMillis()) {
        run();
      }
    }
  }

  /** Reads the figures and updates the gauges. */
  @Override
  public synchronized void run() {
    long now = clock.millis();
    readAt = now;
    List<DashboardReads.FlowQueue> queue = reads.queueByFlow(now);
    List<Samples.BudgetLevel> budgets = new ArrayList<>();
    for (DashboardReads.Budget budget : reads.budgets()) {
      Samples.BudgetLevel level = Samples.level(budget, now);
      if (level != null) {
        budgets.add(level);
      }
    }
    Reconciliation last = null;
    if (reconciliations != null) {
      for (Reconciliation run : reconciliations.list(null, 20)) {
        if (run.finishedAt() != null) {
          last = run;
          break;
        }
      }
    }
    Map<String, Long> received = new TreeMap<>();
    for (String source : sources) {
      OptionalLong at = reads.lastReceived(source, null);
      received.put(source, at.orElse(0));
    }
    Snapshot next = new Snapshot(now, queue, budgets, last, received);
    this.snapshot = next;
    publish(next);
  }

  private synchronized void publish(Snapshot s) {
    Map<String, Map<String, Long>> byFlow = new TreeMap<>();
    for (DashboardReads.FlowQueue q : s.queue()) {
      flowsSeen.add(q.flow());
    }
    for (String flow : flowsSeen) {
      Map<String, Long> states = new TreeMap<>();
      for (ItemState state : ItemState.values()) {
        states.put(state.dbValue(), 0L);
      }
      byFlow.put(flow, states);
    }
    for (DashboardReads.FlowQueue q : s.queue()) {
      byFlow.get(q.flow()).merge(q.state(), q.items(), Long::sum);
    }
    List<MultiGauge.Row<?>> items = new ArrayList<>();
    List<MultiGauge.Row<?>> oldest = new ArrayList<>();
    Map<String, Long> ages = s.oldestReadyAgeMillis();
    byFlow.forEach(
        (flow, states) -> {
          states.forEach(
              (state, count) ->
                  items.add(MultiGauge.Row.of(Tags.of("flow", flow, "state", state), count)));
          oldest.add(
              MultiGauge.Row.of(Tags.of("flow", flow), ages.getOrDefault(flow, 0L) / 1000.0));
        });
    workItems.register(items, true);
    oldestReady.register(oldest, true);
    List<MultiGauge.Row<?>> remaining = new ArrayList<>();
    List<MultiGauge.Row<?>> capacity = new ArrayList<>();
    for (Samples.BudgetLevel level : s.budgets()) {
      remaining.add(MultiGauge.Row.of(Tags.of("connection", level.name()), level.left()));
      if (level.capacity() != null) {
        capacity.add(MultiGauge.Row.of(Tags.of("connection", level.name()), level.capacity()));
      }
    }
    budgetRemaining.register(remaining, true);
    budgetCapacity.register(capacity, true);
    List<MultiGauge.Row<?>> products = new ArrayList<>();
    Reconciliation run = s.lastReconciliation();
    products.add(MultiGauge.Row.of(Tags.of("result", "checked"), run == null ? 0 : run.checked()));
    products.add(MultiGauge.Row.of(Tags.of("result", "drifted"), run == null ? 0 : run.drifted()));
    products.add(MultiGauge.Row.of(Tags.of("result", "fixed"), run == null ? 0 : run.fixed()));
    products.add(MultiGauge.Row.of(Tags.of("result", "failed"), run == null ? 0 : run.failed()));
    reconcileProducts.register(products, true);
    List<MultiGauge.Row<?>> last = new ArrayList<>();
    s.lastReceived()
        .forEach(
            (source, at) -> last.add(MultiGauge.Row.of(Tags.of("source", source), at / 1000.0)));
    lastReceived.register(last, true);
  }
}
