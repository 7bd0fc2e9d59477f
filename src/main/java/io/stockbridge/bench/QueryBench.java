package io.stockbridge.bench;

import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventStatus;
import io.stockbridge.store.Storage;
import io.stockbridge.store.StorageFactory;
import io.stockbridge.store.jdbc.JdbcStorage;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Event search on a large log (1,000,000 events by default): each filter the admin API offers,
 * first page and count, timed over repeated runs. The index test holds the plans; this prints
 * times.
 */
public final class QueryBench implements BenchScenario {
  @Override
  public String name() {
    return "query";
  }

  @Override
  public String description() {
    return "event search latency by each filter on 1M events";
  }

  /** The searches the admin API and CLI run, by name. */
  public static Map<String, EventQuery> searches() {
    long from = SyntheticEvents.START + 400_000L * 100;
    Map<String, EventQuery> searches = new LinkedHashMap<>();
    searches.put("latest", EventQuery.all(50));
    searches.put("status", EventQuery.all(50).withStatus(EventStatus.DEAD));
    searches.put(
        "source_type",
        new EventQuery(
            null,
            "shopify",
            "inventory_levels/update",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            50));
    searches.put(
        "key",
        new EventQuery(null, null, null, "SKU-4242", null, null, null, null, null, null, 50));
    searches.put(
        "store",
        new EventQuery(null, null, null, null, "store-2", null, null, null, null, null, 50));
    searches.put(
        "batch", new EventQuery(null, null, null, null, null, null, 321L, null, null, null, 50));
    searches.put(
        "time_range",
        new EventQuery(null, null, null, null, null, null, null, from, from + 60_000, null, 50));
    searches.put(
        "status_store_time",
        new EventQuery(
            EventStatus.FAILED,
            null,
            null,
            null,
            "store-1",
            null,
            null,
            from,
            from + 3_600_000,
            null,
            50));
    return searches;
  }

  @Override
  public Map<String, Object> run(BenchOptions options) {
    int events = options.intParam("events", 1_000_000);
    int runs = options.intParam("runs", 20);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("engine", options.engine());
    figures.put("events", events);
    try (BenchDatabase database = new BenchDatabase(options);
        Storage storage = StorageFactory.open(database.database(4), Clock.systemUTC())) {
      storage.migrate();
      long start = System.nanoTime();
      SyntheticEvents.load((JdbcStorage) storage, events);
      figures.put("load_seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
      double worst = 0;
      for (Map.Entry<String, EventQuery> search : searches().entrySet()) {
        double page = p50Millis(runs, () -> storage.events().search(search.getValue()));
        double count = p50Millis(runs, () -> storage.events().count(search.getValue()));
        figures.put(search.getKey() + "_page_ms", page);
        figures.put(search.getKey() + "_count_ms", count);
        worst = Math.max(worst, page);
      }
      figures.put("worst_page_ms", worst);
    }
    return figures;
  }

  private static double p50Millis(int runs, Supplier<?> query) {
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      if (query.get() == null) {
        throw new IllegalStateException("a search returned nothing");
      }
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return Math.round(nanos[runs / 2] / 10_000.0) / 100.0;
  }
}
