package io.stockbridge.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.http.Json;
import io.stockbridge.store.DashboardReads;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the database holds only as "now", sampled over time by this node for the charts: the queue
 * (depth, retrying, dead, oldest ready age) and each stored API budget's level (a Shopify store's
 * points available, restored to the sampling time; a Brightpearl account's requests left in its
 * window), and this node's throttled answers per connection (from the connectors' own counters).
 * Kept in memory for {@link #WINDOW}; a restarted node starts a new series. Thread-safe.
 */
public final class Samples implements Runnable {
  /** How often {@link #run} is scheduled. */
  public static final Duration PERIOD = Duration.ofSeconds(5);

  static final Duration WINDOW = Duration.ofHours(1);

  /** One budget's level at a time: points or requests left, and the most there can be. */
  public record BudgetLevel(long at, String name, double left, Double capacity) {}

  /** Throttled answers in one sampling interval on one connection. */
  public record Throttles(long at, String connection, long count) {}

  /** This node's throttled answers so far, per connection ({@code shopify:<shop>}, ...). */
  public interface ThrottleCounts {
    ThrottleCounts NONE = Map::of;

    Map<String, Long> totals();
  }

  private final DashboardReads reads;
  private final Clock clock;
  private final ThrottleCounts throttleCounts;
  private final Deque<DashboardReads.QueueSample> queue = new ArrayDeque<>();
  private final Deque<BudgetLevel> budgets = new ArrayDeque<>();
  private final Deque<Throttles> throttles = new ArrayDeque<>();
  private final Map<String, Long> lastThrottleTotals = new java.util.HashMap<>();

  public Samples(DashboardReads reads, Clock clock) {
    this(reads, clock, ThrottleCounts.NONE);
  }

  public Samples(DashboardReads reads, Clock clock, ThrottleCounts throttleCounts) {
    this.reads = reads;
    this.clock = clock;
    this.throttleCounts = throttleCounts;
  }

  /** Takes one sample of the queue and the budgets. */
  @Override
  public void run() {
    long now = clock.millis();
    DashboardReads.QueueSample sample = reads.queueSample(now);
    List<BudgetLevel> levels = new ArrayList<>();
    for (DashboardReads.Budget budget : reads.budgets()) {
      BudgetLevel level = level(budget, now);
      if (level != null) {
        levels.add(level);
      }
    }
    Map<String, Long> totals = throttleCounts.totals();
    synchronized (this) {
      queue.addLast(sample);
      budgets.addAll(levels);
      totals.forEach(
          (connection, total) -> {
            Long last = lastThrottleTotals.put(connection, total);
            // The first reading starts the series; a counter never goes back, but be safe.
            long count = last == null ? 0 : Math.max(0, total - last);
            throttles.addLast(new Throttles(now, connection, count));
          });
      long cutoff = now - WINDOW.toMillis();
      while (!queue.isEmpty() && queue.peekFirst().at() < cutoff) {
        queue.removeFirst();
      }
      while (!budgets.isEmpty() && budgets.peekFirst().at() < cutoff) {
        budgets.removeFirst();
      }
      while (!throttles.isEmpty() && throttles.peekFirst().at() < cutoff) {
        throttles.removeFirst();
      }
    }
  }

  /** Queue samples since {@code since}, oldest first. */
  public synchronized List<DashboardReads.QueueSample> queueSince(long since) {
    return queue.stream().filter(s -> s.at() >= since).toList();
  }

  /** Budget levels since {@code since} by budget name, oldest first. */
  public synchronized Map<String, List<BudgetLevel>> budgetsSince(long since) {
    Map<String, List<BudgetLevel>> byName = new LinkedHashMap<>();
    for (BudgetLevel level : budgets) {
      if (level.at() >= since) {
        byName.computeIfAbsent(level.name(), n -> new ArrayList<>()).add(level);
      }
    }
    return byName;
  }

  /** Throttled answers per sampling interval since {@code since}, by connection, oldest first. */
  public synchronized Map<String, List<Throttles>> throttlesSince(long since) {
    Map<String, List<Throttles>> byConnection = new LinkedHashMap<>();
    for (Throttles sample : throttles) {
      if (sample.at() >= since) {
        byConnection.computeIfAbsent(sample.connection(), n -> new ArrayList<>()).add(sample);
      }
    }
    return byConnection;
  }

  /** The level a budget's state says, or null when the state is not one the dashboard reads. */
  public static BudgetLevel level(DashboardReads.Budget budget, long now) {
    JsonNode state;
    try {
      state = Json.MAPPER.readTree(budget.state());
    } catch (java.io.IOException e) {
      return null;
    }
    if (state.has("available") && state.has("capacity")) {
      double capacity = state.path("capacity").asDouble();
      double restored =
          state.path("available").asDouble()
              + state.path("restoreRate").asDouble()
                  * Math.max(0, now - state.path("updatedAtMillis").asLong(now))
                  / 1000.0;
      return new BudgetLevel(now, budget.name(), Math.min(capacity, restored), capacity);
    }
    if (state.has("remaining")) {
      return new BudgetLevel(now, budget.name(), state.path("remaining").asDouble(), null);
    }
    return null;
  }
}
