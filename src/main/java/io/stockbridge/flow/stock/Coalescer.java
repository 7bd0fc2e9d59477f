package io.stockbridge.flow.stock;

import io.stockbridge.flow.SyncFlows;
import io.stockbridge.sync.SyncConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers pending stock changes per product (for every store that wants it) and hands them to the
 * flush in API-sized batches.
 *
 * <p>A product is due {@code debounce} after its last change, or {@code maxWait} after its first,
 * whichever comes first (change times are the events' receive times, so a backlog is due at once).
 * Due products go out in whole units (a multiple of both the Brightpearl ID-set size and the
 * Shopify input size, so no call runs half empty); a remainder goes out once it has waited {@code
 * batchFill}, unless the node is still working off a backlog (more of the burst is on its way),
 * bounded by {@link #HOLD_LIMIT_MILLIS}. Thread-safe; close once.
 */
final class Coalescer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Coalescer.class);

  /** Longest a product is held back for a fuller batch after it reached this node. */
  static final long HOLD_LIMIT_MILLIS = 10_000;

  private static final int MAX_UNITS_PER_FLUSH = 4;
  private static final long TICK_MILLIS = 10;

  /** One product waiting to be flushed, with the futures of the items that asked for it. */
  static final class Pending {
    final long productId;
    long firstChange;
    long lastChange;
    final long enteredAt;
    final Map<String, List<Waiter>> waitersByStore = new LinkedHashMap<>();

    Pending(long productId, long changedAt, long now) {
      this.productId = productId;
      this.firstChange = changedAt;
      this.lastChange = changedAt;
      this.enteredAt = now;
    }

    long dueAt(SyncConfig.Timing timing) {
      return Math.min(
          lastChange + timing.debounce().toMillis(), firstChange + timing.maxWait().toMillis());
    }
  }

  /** An item's interest in a product on a store; {@code eventId} may be null. */
  record Waiter(Long eventId, CompletableFuture<ProductOutcome> result) {}

  private final SyncConfig.Timing timing;
  private final int readBatch;
  private final int unit;
  private final SyncFlows.Backlog backlog;
  private final Clock clock;
  private final Consumer<List<Pending>> flush;
  private final Map<Long, Pending> pending = new LinkedHashMap<>();
  private final Semaphore flushSlots = new Semaphore(4);
  private final ExecutorService flushThreads = Executors.newVirtualThreadPerTaskExecutor();
  private final Thread loop;
  private volatile boolean running = true;

  Coalescer(
      SyncConfig.Timing timing,
      int readBatch,
      int unit,
      SyncFlows.Backlog backlog,
      Clock clock,
      Consumer<List<Pending>> flush) {
    this.timing = timing;
    this.readBatch = readBatch;
    this.unit = unit;
    this.backlog = backlog;
    this.clock = clock;
    this.flush = flush;
    this.loop = Thread.ofPlatform().name("stock-coalescer").daemon().start(this::run);
  }

  /** Registers a change of {@code productId} for {@code store}; completes when it is flushed. */
  CompletableFuture<ProductOutcome> submit(
      String store, long productId, long changedAt, Long eventId) {
    CompletableFuture<ProductOutcome> result = new CompletableFuture<>();
    synchronized (pending) {
      Pending entry =
          pending.computeIfAbsent(productId, id -> new Pending(id, changedAt, clock.millis()));
      entry.firstChange = Math.min(entry.firstChange, changedAt);
      entry.lastChange = Math.max(entry.lastChange, changedAt);
      entry
          .waitersByStore
          .computeIfAbsent(store, s -> new ArrayList<>())
          .add(new Waiter(eventId, result));
    }
    return result;
  }

  int pendingProducts() {
    synchronized (pending) {
      return pending.size();
    }
  }

  private void run() {
    while (running) {
      try {
        Thread.sleep(TICK_MILLIS);
        List<Pending> batch = take(clock.millis());
        if (!batch.isEmpty()) {
          flushSlots.acquire();
          flushThreads.execute(
              () -> {
                try {
                  flush.accept(batch);
                } catch (RuntimeException e) {
                  LOG.warn("stock flush failed: {}", e.toString());
                  failAll(batch, e);
                } finally {
                  flushSlots.release();
                }
              });
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("stock coalescer: {}", e.toString());
      }
    }
  }

  /** Removes and returns the products to flush now (empty when it is better to wait). */
  List<Pending> take(long now) {
    synchronized (pending) {
      List<Pending> due = new ArrayList<>();
      for (Pending entry : pending.values()) {
        if (entry.dueAt(timing) <= now) {
          due.add(entry);
        }
      }
      if (due.isEmpty()) {
        return List.of();
      }
      due.sort(Comparator.comparingLong((Pending p) -> p.dueAt(timing)));
      int count;
      boolean saturated = backlog.saturated();
      if (due.size() >= unit) {
        count = Math.min(due.size() / unit, MAX_UNITS_PER_FLUSH) * unit;
      } else if (!backlog.pending() && due.size() >= readBatch) {
        count = due.size() / readBatch * readBatch;
      } else {
        long oldestEntered = due.stream().mapToLong(p -> p.enteredAt).min().orElse(now);
        boolean filled = due.get(0).dueAt(timing) + timing.batchFill().toMillis() <= now;
        boolean heldTooLong = oldestEntered + HOLD_LIMIT_MILLIS <= now;
        if (saturated || heldTooLong || (filled && !backlog.pending())) {
          count = due.size();
        } else {
          return List.of();
        }
      }
      List<Pending> taken = new ArrayList<>(due.subList(0, count));
      for (Pending entry : taken) {
        pending.remove(entry.productId);
      }
      return taken;
    }
  }

  private static void failAll(List<Pending> batch, Throwable error) {
    for (Pending entry : batch) {
      entry.waitersByStore.values().stream()
          .flatMap(List::stream)
          .forEach(w -> w.result().complete(new ProductOutcome.Error(error)));
    }
  }

  @Override
  public void close() {
    running = false;
    loop.interrupt();
    flushThreads.shutdown();
    List<Pending> left;
    synchronized (pending) {
      left = new ArrayList<>(pending.values());
      pending.clear();
    }
    failAll(left, new IllegalStateException("node stopping; the item will run again"));
  }
}
