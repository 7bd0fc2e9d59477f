package io.stockbridge.flow.reconcile;

import io.stockbridge.connector.shopify.BulkProgress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Collects the progress of a running run's bulk reads as {@code {store: {operationId: {status,
 * objectCount, expected}}}} and hands a copy to {@code store} at most once per {@link #EVERY} (and
 * whenever an operation ends), so that the stored report shows it while the run goes on.
 * Thread-safe.
 */
final class RunProgress implements Reconciler.Progress {
  static final Duration EVERY = Duration.ofSeconds(5);

  private final Clock clock;
  private final Consumer<Map<String, Object>> store;
  private final Map<String, Map<String, Object>> byStore = new LinkedHashMap<>();
  private long lastWrite = Long.MIN_VALUE;

  RunProgress(Clock clock, Consumer<Map<String, Object>> store) {
    this.clock = clock;
    this.store = store;
  }

  @Override
  public void bulk(String storeName, BulkProgress progress) {
    Map<String, Object> copy;
    synchronized (this) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("status", progress.status());
      entry.put("objectCount", progress.objectCount());
      entry.put("expected", progress.expected());
      byStore
          .computeIfAbsent(storeName, s -> new LinkedHashMap<>())
          .put(progress.operationId(), entry);
      long now = clock.millis();
      boolean ended = !progress.status().equals("RUNNING") && !progress.status().equals("CREATED");
      if (!ended && lastWrite != Long.MIN_VALUE && now - lastWrite < EVERY.toMillis()) {
        return;
      }
      lastWrite = now;
      copy = snapshot();
    }
    store.accept(copy);
  }

  synchronized Map<String, Object> snapshot() {
    Map<String, Object> copy = new LinkedHashMap<>();
    byStore.forEach((name, operations) -> copy.put(name, new LinkedHashMap<>(operations)));
    return copy;
  }
}
