package io.stockbridge.flow.stock;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.flow.Backlog;
import io.stockbridge.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers pending stock changes per product (for every store that wants it) and hands them to the
 * flush in API-sized batches.
 *
 * <p>A product is due {@code debounce} after its last change, or {@code maxWait} after its first,
 * whichever comes first (change times are the events' receive times, so a backlog is due at once).
 * Due products go out in whole Brightpearl ID sets ({@code readBatch}); a remainder goes out once
 * it has waited {@code batchFill}, unless a burst is on (the node is working off a backlog, or it
 * stored more than {@value #BURST_EVENTS_PER_SECOND} events a second lately, and one in the last
 * {@value #BURST_QUIET_MILLIS} ms), and then for at most {@code maxBatchWait}, or unless the node
 * is stuck (see {@link #stuck}). The store writes that follow are evened out into full calls by
 * {@link ShopifyStockWrites} under the same rule ({@link #writePartialNow}).
 *
 * <p>Time is the injected clock's; the work is done in {@link #tick}s, which {@link #start} runs
 * every {@value #TICK_MILLIS} ms on its own thread and tests call directly while they move a clock.
 * Thread-safe; close once.
 */
final class Coalescer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Coalescer.class);

  private static final int MAX_READS_PER_FLUSH = 5;

  /** Incoming events a second above which the node counts as in a burst. */
  static final int BURST_EVENTS_PER_SECOND = 100;

  /** A burst is over once no event has been stored for this long (at 100 a second, 25 missed). */
  static final long BURST_QUIET_MILLIS = 250;

  static final long TICK_MILLIS = 10;

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

    /** Adds the event ids of the items that want this product on {@code store}. */
    void eventIds(String store, java.util.Set<Long> into) {
      for (Waiter waiter : waitersByStore.getOrDefault(store, List.of())) {
        if (waiter.eventId() != null) {
          into.add(waiter.eventId());
        }
      }
    }

    /** Adds the trace contexts of the items that want this product (on every store, or one). */
    void traces(String store, java.util.Collection<io.opentelemetry.context.Context> into) {
      for (Map.Entry<String, List<Waiter>> entry : waitersByStore.entrySet()) {
        if (store == null || store.equals(entry.getKey())) {
          for (Waiter waiter : entry.getValue()) {
            into.add(waiter.trace());
          }
        }
      }
    }

    /** The first event id of the items that want this product on {@code store}, or null. */
    Long firstEventId(String store) {
      java.util.Set<Long> ids = new java.util.LinkedHashSet<>();
      eventIds(store, ids);
      return ids.isEmpty() ? null : ids.iterator().next();
    }

    /** Completes the items that want this product on {@code store} with {@code outcome}. */
    void complete(String store, ProductOutcome outcome) {
      List<Waiter> waiters = waitersByStore.get(store);
      if (waiters != null) {
        waiters.forEach(w -> w.result().complete(outcome));
      }
    }

    long dueAt(SyncConfig.Timing timing) {
      return Math.min(
          lastChange + timing.debounce().toMillis(), firstChange + timing.maxWait().toMillis());
    }
  }

  /** Where due products go: read and written, with partial writes held in per-store buffers. */
  interface Flusher {
    void flush(List<Pending> products);

    /** Writes buffered partial calls that {@link Coalescer#writePartialNow} says should go. */
    void writeLeftovers(Coalescer policy);
  }

  /**
   * An item's interest in a product on a store; {@code eventId} may be null. {@code trace} is the
   * item's trace context where it asked, which the flush and the write that serve it link to.
   */
  record Waiter(
      Long eventId,
      CompletableFuture<ProductOutcome> result,
      io.opentelemetry.context.Context trace) {}

  private final SyncConfig.Timing timing;
  private final int readBatch;
  private final Backlog backlog;
  private final Clock clock;
  private final Flusher flusher;
  private final Map<Long, Pending> pending = new LinkedHashMap<>();

  /** (time, events stored) samples of the last two seconds. */
  private final java.util.ArrayDeque<long[]> ingestSamples = new java.util.ArrayDeque<>();

  /** The events-stored count last sampled, and when it was first seen (the last growth). */
  private long storedSeen = -1;

  private long storedGrewAt;

  private static final int FLUSH_CONCURRENCY = 8;

  /** Items waiting on a product in here or in a write buffer. */
  private final java.util.concurrent.atomic.AtomicInteger held =
      new java.util.concurrent.atomic.AtomicInteger();

  private final Semaphore flushSlots = new Semaphore(FLUSH_CONCURRENCY);
  private final Executor flushThreads;
  private final Sleeper sleeper;
  private Thread loop;
  private volatile boolean running = true;

  Coalescer(
      SyncConfig.Timing timing, int readBatch, Backlog backlog, Clock clock, Flusher flusher) {
    this(
        timing,
        readBatch,
        backlog,
        clock,
        flusher,
        Executors.newVirtualThreadPerTaskExecutor(),
        Sleeper.SYSTEM);
  }

  /** With the executor that runs flushes ({@code Runnable::run}: inside the tick) and a sleeper. */
  Coalescer(
      SyncConfig.Timing timing,
      int readBatch,
      Backlog backlog,
      Clock clock,
      Flusher flusher,
      Executor flushThreads,
      Sleeper sleeper) {
    this.timing = timing;
    this.readBatch = readBatch;
    this.backlog = backlog;
    this.clock = clock;
    this.flusher = flusher;
    this.flushThreads = flushThreads;
    this.sleeper = sleeper;
  }

  /** Runs {@link #tick} every {@value #TICK_MILLIS} ms on a thread of its own until closed. */
  synchronized Coalescer start() {
    if (loop == null) {
      loop = Thread.ofPlatform().name("stock-coalescer").daemon().start(this::run);
    }
    return this;
  }

  /** Registers a change of {@code productId} for {@code store}; completes when it is flushed. */
  CompletableFuture<ProductOutcome> submit(
      String store, long productId, long changedAt, Long eventId) {
    CompletableFuture<ProductOutcome> result = new CompletableFuture<>();
    held.incrementAndGet();
    result.whenComplete((outcome, error) -> held.decrementAndGet());
    synchronized (pending) {
      long now = clock.millis();
      Pending entry = pending.get(productId);
      if (entry == null) {
        entry = new Pending(productId, changedAt, now);
        pending.put(productId, entry);
      }
      entry.firstChange = Math.min(entry.firstChange, changedAt);
      entry.lastChange = Math.max(entry.lastChange, changedAt);
      entry
          .waitersByStore
          .computeIfAbsent(store, s -> new ArrayList<>())
          .add(new Waiter(eventId, result, io.opentelemetry.context.Context.current()));
    }
    return result;
  }

  int pendingProducts() {
    synchronized (pending) {
      return pending.size();
    }
  }

  /**
   * Writes the buffered partial calls that should go now, then hands the products due now (if any
   * should go) to a flush; returns how many products it handed over.
   */
  int tick() throws InterruptedException {
    flusher.writeLeftovers(this);
    List<Pending> batch = take(clock.millis());
    if (batch.isEmpty()) {
      return 0;
    }
    flushSlots.acquire();
    flushThreads.execute(
        () -> {
          try {
            flusher.flush(batch);
          } catch (RuntimeException e) {
            LOG.warn("stock flush failed: {}", e.toString());
            failAll(batch, e);
          } finally {
            flushSlots.release();
          }
        });
    return batch.size();
  }

  private void run() {
    while (running) {
      try {
        sleeper.sleep(Duration.ofMillis(TICK_MILLIS));
        tick();
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
      sampleIngest(now);
      // The node may hold no more items: only then must a partial read go out, and only if no
      // flush is under way (one that is will free items when it ends).
      boolean saturated = backlog.saturated() && flushSlots.availablePermits() == FLUSH_CONCURRENCY;
      List<Pending> due = new ArrayList<>();
      for (Pending entry : pending.values()) {
        // Saturated by items waiting in here, the node claims nothing else (orders during a sale
        // would wait for the debounce): everything goes, due or not.
        if (entry.dueAt(timing) <= now || (saturated && stuck())) {
          due.add(entry);
        }
      }
      if (due.isEmpty()) {
        return List.of();
      }
      due.sort(Comparator.comparingLong((Pending p) -> p.dueAt(timing)));
      int count;
      if (due.size() >= readBatch) {
        // Whole reads go at once; writes are evened out into full calls by the store buffers.
        count = Math.min(due.size() / readBatch, MAX_READS_PER_FLUSH) * readBatch;
      } else {
        long waited = Math.max(0, now - due.get(0).dueAt(timing));
        long holdLeft = timing.maxBatchWait().toMillis() - waited;
        if (saturated
            || holdLeft <= 0
            || (waited >= timing.batchFill().toMillis() && !burstOn(now))) {
          count = due.size();
        } else {
          return List.of();
        }
      }
      LOG.debug(
          "flush {} of {} due, {} pending, backlog {}, saturated {}",
          count,
          due.size(),
          pending.size(),
          backlog.pending(),
          saturated);
      List<Pending> taken = new ArrayList<>(due.subList(0, count));
      for (Pending entry : taken) {
        pending.remove(entry.productId);
      }
      return taken;
    }
  }

  /**
   * Whether a burst is on: a backlog is being worked off, or events are pouring in. Then waiting
   * for fuller calls costs nothing the burst does not already cost.
   */
  private boolean burstOn(long now) {
    return backlog.pending() || ingestBurst(now);
  }

  /**
   * Whether this node stored more than {@value #BURST_EVENTS_PER_SECOND} events a second over the
   * last two seconds and at least one in the last {@value #BURST_QUIET_MILLIS} ms: changes are
   * still pouring in, even if processing has not caught up with them.
   */
  private boolean ingestBurst(long now) {
    if (ingestSamples.isEmpty()) {
      sampleIngest(now);
    }
    long stored = storedSeen;
    if (now - storedGrewAt >= BURST_QUIET_MILLIS) {
      // The two seconds' rate outlasts the burst by up to two seconds: its last products would
      // wait that long for a fuller call that nothing is coming to fill.
      return false;
    }
    long[] first = ingestSamples.peekFirst();
    long span = Math.max(1, now - first[0]);
    return span >= 200 && (stored - first[1]) * 1000 / span >= BURST_EVENTS_PER_SECOND;
  }

  /** Samples the events stored, every tick: the rate and the last growth are known when asked. */
  private void sampleIngest(long now) {
    long stored = backlog.eventsStored();
    if (stored != storedSeen) {
      storedSeen = stored;
      storedGrewAt = now;
    }
    ingestSamples.addLast(new long[] {now, stored});
    while (ingestSamples.size() > 1 && ingestSamples.peekFirst()[0] < now - 2000) {
      ingestSamples.pollFirst();
    }
  }

  /**
   * Whether a store's buffered writes ({@code buffered} of a full call's {@code fullCall}), the
   * oldest {@code ageMillis} old, should go out now as a partial call.
   */
  boolean writePartialNow(int buffered, int fullCall, long ageMillis) {
    if (ageMillis < timing.batchFill().toMillis()) {
      return false;
    }
    long holdLeft = timing.maxBatchWait().toMillis() - ageMillis;
    synchronized (pending) {
      long now = clock.millis();
      return holdLeft <= 0 || stuck() || !burstOn(now);
    }
  }

  /**
   * Whether waiting for fuller calls would stall the node: it may claim no more items, most of them
   * wait in here, and no flush is under way that would free them.
   */
  private boolean stuck() {
    return backlog.saturated()
        && held.get() >= backlog.maxInFlight() / 2
        && flushSlots.availablePermits() == FLUSH_CONCURRENCY;
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
    synchronized (this) {
      if (loop != null) {
        loop.interrupt();
      }
    }
    if (flushThreads instanceof ExecutorService service) {
      service.shutdown();
    }
    List<Pending> left;
    synchronized (pending) {
      left = new ArrayList<>(pending.values());
      pending.clear();
    }
    failAll(left, new IllegalStateException("node stopping; the item will run again"));
  }
}
