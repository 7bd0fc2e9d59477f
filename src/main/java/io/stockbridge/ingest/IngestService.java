package io.stockbridge.ingest;

import io.stockbridge.event.AppendResult;
import io.stockbridge.event.EventLog;
import io.stockbridge.event.NewEvent;
import io.stockbridge.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group commit: requests hand their events to a few writer threads, each of which stores whatever
 * has queued up in one transaction and then answers all of them. Durability costs one commit (one
 * fsync) per batch, not per request. {@link #append} returns only once the event is durable.
 * Thread-safe.
 */
public final class IngestService implements AutoCloseable {
  private final EventLog log;
  private final Clock clock;
  private final int maxBatch;
  private final Runnable afterCommit;
  private final BlockingQueue<Pending> pending = new ArrayBlockingQueue<>(100_000);
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean running = true;
  private final java.util.concurrent.atomic.LongAdder stored =
      new java.util.concurrent.atomic.LongAdder();

  /**
   * When a writer last took a batch of at least {@link #BURST_BATCH} events or left events behind:
   * a burst. A trickle, even of 1,000 events/s, forms batches of a few.
   */
  private volatile long lastBurstNanos = System.nanoTime() - BURST_MEMORY_NANOS;

  private static final int BURST_BATCH = 8;

  /**
   * How long a burst counts as going on after it was last seen. Between two group commits of a
   * burst the queue is empty for a moment; a dispatcher that looked only then would claim full
   * batches in the middle of the burst and take the database from the senders.
   */
  private static final long BURST_MEMORY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private volatile IngestObserver observer = IngestObserver.NONE;

  private record Pending(
      NewEvent event, CompletableFuture<AppendResult> result, long handedInNanos) {}

  /** {@code afterCommit} runs after each committed batch (e.g. to wake the dispatcher). */
  public IngestService(
      EventLog log, Clock clock, int maxBatch, int writerCount, Runnable afterCommit) {
    this.log = log;
    this.clock = clock;
    this.maxBatch = maxBatch;
    this.afterCommit = afterCommit;
    for (int i = 0; i < writerCount; i++) {
      writers.add(Thread.ofPlatform().name("ingest-writer-" + i).daemon().start(this::writeLoop));
    }
  }

  /** Sees every group commit (metrics). */
  public void observe(IngestObserver newObserver) {
    this.observer = java.util.Objects.requireNonNull(newObserver, "observer");
  }

  /** Events stored since start (duplicates included): sampled to see the ingest rate. */
  public long storedCount() {
    return stored.sum();
  }

  /**
   * Whether a burst is being stored: events wait for a writer, or did in the last quarter second.
   */
  public boolean isBusy() {
    return !pending.isEmpty() || System.nanoTime() - lastBurstNanos < BURST_MEMORY_NANOS;
  }

  /**
   * Stores the event durably and returns its id; throws ApiException 503 when that cannot happen.
   */
  public AppendResult append(NewEvent event, Duration timeout) {
    CompletableFuture<AppendResult> result = new CompletableFuture<>();
    if (!running || !pending.offer(new Pending(event, result, System.nanoTime()))) {
      throw new ApiException(503, "overloaded", "ingestion is saturated or stopping; retry later");
    }
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "unavailable", "interrupted before the event was stored; retry");
    } catch (TimeoutException e) {
      throw new ApiException(
          503, "unavailable", "storing the event took too long; retry (it is deduplicated)");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (running || !pending.isEmpty()) {
      try {
        Pending first = pending.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        pending.drainTo(batch, maxBatch - 1);
        if (batch.size() >= BURST_BATCH || !pending.isEmpty()) {
          lastBurstNanos = System.nanoTime();
        }
        write(batch);
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void write(List<Pending> batch) {
    List<NewEvent> events = new ArrayList<>(batch.size());
    batch.forEach(p -> events.add(p.event()));
    try {
      List<AppendResult> results = log.append(events, clock.millis());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result().complete(results.get(i));
      }
      stored.add(batch.size());
      afterCommit.run();
      observer.committed(batch.size(), System.nanoTime() - batch.get(0).handedInNanos());
    } catch (RuntimeException e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    running = false;
    for (Thread writer : writers) {
      try {
        writer.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
