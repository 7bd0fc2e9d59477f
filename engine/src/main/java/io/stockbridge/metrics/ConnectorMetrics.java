package io.stockbridge.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockbridge.connector.brightpearl.BrightpearlClient;
import io.stockbridge.connector.shopify.ClientStats;
import io.stockbridge.connector.shopify.ShopifyConnector;
import io.stockbridge.sync.SyncContext;
import java.util.function.ToDoubleFunction;

/**
 * The connectors' own counters, read at scrape time (nothing is added to a call's path), per
 * connection ({@code brightpearl:<account>}, {@code shopify:<shop>}, the names of their budgets):
 *
 * <ul>
 *   <li>{@code stockbridge_api_calls_total}: HTTP calls sent, retries included;
 *   <li>{@code stockbridge_api_cost_points_total}: Shopify's actual query cost;
 *   <li>{@code stockbridge_api_throttles_total}: THROTTLED, 429 or 503 answers;
 *   <li>{@code stockbridge_api_retries_total}: calls sent again after a throttle or failure;
 *   <li>{@code stockbridge_api_failures_total}: calls that found the other side failing (5xx,
 *       timeouts, given up);
 *   <li>{@code stockbridge_api_budget_wait_seconds_total}: time spent waiting for the budget.
 * </ul>
 *
 * The budgets left are gauges of {@link DatabaseGauges} (they live in the database).
 */
public final class ConnectorMetrics {
  private ConnectorMetrics() {}

  public static void bind(MeterRegistry registry, SyncContext sync) {
    BrightpearlClient warehouse = sync.warehouse();
    String account = "brightpearl:" + warehouse.settings().accountCode();
    count(registry, "api.calls", "API calls sent", account, warehouse, c -> c.requestsSent());
    count(
        registry,
        "api.throttles",
        "Throttled answers",
        account,
        warehouse,
        c -> c.throttledAnswers());
    count(
        registry,
        "api.retries",
        "Calls sent again",
        account,
        warehouse,
        c -> c.throttledAnswers() + c.retries());
    count(registry, "api.failures", "Failed calls", account, warehouse, c -> c.failures());
    for (String store : sync.config().stores().keySet()) {
      ShopifyConnector connector = sync.shopify(store);
      String name = connector.client().settings().budgetName();
      ClientStats stats = connector.client().stats();
      count(registry, "api.calls", "API calls sent", name, stats, ClientStats::calls);
      count(
          registry,
          "api.cost.points",
          "Shopify cost points spent",
          name,
          stats,
          ClientStats::costSpent);
      count(registry, "api.throttles", "Throttled answers", name, stats, ClientStats::throttled);
      count(registry, "api.retries", "Calls sent again", name, stats, ClientStats::retries);
      count(registry, "api.failures", "Failed calls", name, stats, s -> s.failures() + s.gaveUp());
      FunctionCounter.builder(
              NodeMetrics.PREFIX + ".api.budget.wait", stats, s -> s.budgetWaitMillis() / 1000.0)
          .description("Time spent waiting for the API budget")
          .baseUnit("seconds")
          .tag("connection", name)
          .register(registry);
    }
  }

  private static <T> void count(
      MeterRegistry registry,
      String name,
      String description,
      String connection,
      T source,
      ToDoubleFunction<T> value) {
    FunctionCounter.builder(NodeMetrics.PREFIX + "." + name, source, value)
        .description(description + ", per connection")
        .tag("connection", connection)
        .register(registry);
  }
}
