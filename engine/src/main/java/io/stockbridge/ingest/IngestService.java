package io.stockbridge.ingest;

import io.stockbridge.event.AppendResult;
import io.stockbridge.event.EventLog;
import io.stockbridge.event.NewEvent;
import io.stockbridge.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: requests hand their events to a few writer threads, each of which stores whatever
 * has queued up in one transaction and then answers all of them. Durability costs one commit (one
 * fsync) per batch, not per request. {@link #append} returns only once the event is durable. One
 * event the database refuses fails only its own request (the batch is committed again without it),
 * and a request that times out is told the truth: withdrawn and never stored, or stored.
 * Thread-safe.
 */
public final class IngestService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
  private final EventLog log;
  private final Clock clock;
  private final int maxBatch;
  private final Runnable afterCommit;
  private final BlockingQueue<Pending> pending = new ArrayBlockingQueue<>(100_000);
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean running = true;
  private final java.util.concurrent.atomic.LongAdder stored =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder taken =
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

  /**
   * Requests waiting for their answer, in the order they were handed in, for the sweeper: it
   * answers those whose time is up. Answered ones are dropped by its next sweep.
   */
  private final ConcurrentLinkedQueue<Pending> watched = new ConcurrentLinkedQueue<>();

  /** Requests past their timeout whose event a writer took: waiting for that commit (sweeper). */
  private final List<Pending> outcomeWaits = new ArrayList<>();

  /** The shortest timeout a request has asked for: no request handed in since is due yet. */
  private final AtomicLong shortestTimeoutNanos = new AtomicLong(Long.MAX_VALUE);

  private final Thread sweeper;
  private volatile boolean sweeperIdle;

  /**
   * How often the sweeper looks for requests whose time is up while any wait: a request's timeout
   * is answered at most this much late.
   */
  private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** The sweeper's longest sleep with no request waiting (a wake-up it missed costs this much). */
  private static final long IDLE_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * How long a request whose event a writer already took waits for that batch's outcome after its
   * own timeout: the answer must say whether the event is stored, so it waits for the commit, up to
   * this ceiling.
   */
  static final Duration OUTCOME_WAIT = Duration.ofSeconds(30);

  /**
   * One request's event and its answer. It is taken by a writer, or cancelled by its request when
   * that times out, whichever comes first: a cancelled event is never stored, and a taken one's
   * request waits for the commit that decides.
   */
  private static final class Pending {
    static final int WAITING = 0;
    static final int TAKEN = 1;
    static final int CANCELLED = 2;

    final NewEvent event;
    final CompletableFuture<AppendResult> result = new CompletableFuture<>();
    final AtomicInteger state = new AtomicInteger(WAITING);
    final long handedInNanos = System.nanoTime();
    final long timeoutMillis;
    final long deadlineNanos;

    Pending(NewEvent event, Duration timeout) {
      this.event = event;
      this.timeoutMillis = timeout.toMillis();
      this.deadlineNanos = handedInNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    boolean take() {
      return state.compareAndSet(WAITING, TAKEN);
    }

    boolean cancel() {
      return state.compareAndSet(WAITING, CANCELLED);
    }
  }

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
    this.sweeper = Thread.ofPlatform().name("ingest-timeouts").daemon().start(this::sweepLoop);
  }

  /**
   * Requests waiting for a writer to take their event (withdrawn ones until a writer drops them).
   */
  int queued() {
    return pending.size();
  }

  /** Events writers have taken since start (each is then committed or refused, never withdrawn). */
  long takenCount() {
    return taken.sum();
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
   * When {@code timeout} passes before a writer took the event, the event is withdrawn (never
   * stored) and the 503 says so; when a writer has it already, this waits for that commit (up to
   * {@link #OUTCOME_WAIT} more) and answers what it did: a timeout never hides a stored event.
   */
  public AppendResult append(NewEvent event, Duration timeout) {
    Pending entry = new Pending(event, timeout);
    if (!running || !pending.offer(entry)) {
      throw new ApiException(503, "overloaded", "ingestion is saturated or stopping; retry later");
    }
    watch(entry);
    try {
      // Untimed: the sweeper answers a request whose time is up (see sweep). A timed wait on a
      // virtual thread costs a timer on the carrier pool's scheduler per request.
      return entry.result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (entry.cancel()) {
        throw new ApiException(503, "unavailable", "interrupted; the event was not stored: retry");
      }
      throw new ApiException(
          503,
          "unavailable",
          "interrupted while the event was being committed; it may be stored: retry with the same"
              + " dedupe key");
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  /** Hands {@code entry} to the sweeper, which answers it if its time is up before a commit. */
  private void watch(Pending entry) {
    long timeoutNanos = entry.deadlineNanos - entry.handedInNanos;
    long shortest = shortestTimeoutNanos.get();
    if (timeoutNanos < shortest) {
      shortestTimeoutNanos.accumulateAndGet(timeoutNanos, Math::min);
    }
    watched.offer(entry);
    if (sweeperIdle) {
      LockSupport.unpark(sweeper);
    }
  }

  private void sweepLoop() {
    while (running || !watched.isEmpty() || !outcomeWaits.isEmpty()) {
      if (watched.isEmpty() && outcomeWaits.isEmpty()) {
        sweeperIdle = true;
        if (watched.isEmpty()) {
          LockSupport.parkNanos(IDLE_SWEEP_NANOS);
        }
        sweeperIdle = false;
        continue;
      }
      LockSupport.parkNanos(SWEEP_NANOS);
      try {
        sweep(System.nanoTime());
      } catch (RuntimeException e) {
        LOG.error("the ingest timeout sweep failed; it runs again", e);
      }
    }
  }

  /**
   * Answers the requests whose time is up: one a writer has not taken is withdrawn (never stored)
   * and told so; one a writer took waits for that commit up to {@link #OUTCOME_WAIT} more, then is
   * told its outcome is not known yet. Answered requests leave the watch. Requests are watched in
   * the order they were handed in, so the walk stops at the first one too young to be due with the
   * shortest timeout asked for.
   */
  private void sweep(long now) {
    long youngestDue = now - shortestTimeoutNanos.get();
    for (Iterator<Pending> it = watched.iterator(); it.hasNext(); ) {
      Pending entry = it.next();
      if (entry.result.isDone()) {
        it.remove();
      } else if (now - entry.deadlineNanos >= 0) {
        it.remove();
        if (entry.cancel()) {
          entry.result.completeExceptionally(
              new ApiException(
                  503,
                  "unavailable",
                  "the database did not take the event within "
                      + entry.timeoutMillis
                      + " ms; it was not stored and will not be: retry"));
        } else {
          outcomeWaits.add(entry);
        }
      } else if (entry.handedInNanos - youngestDue > 0) {
        break;
      }
    }
    long outcomeWaitNanos = OUTCOME_WAIT.toNanos();
    for (Iterator<Pending> it = outcomeWaits.iterator(); it.hasNext(); ) {
      Pending entry = it.next();
      if (entry.result.isDone()) {
        it.remove();
      } else if (now - entry.deadlineNanos - outcomeWaitNanos >= 0) {
        it.remove();
        entry.result.completeExceptionally(
            new ApiException(
                503,
                "unavailable",
                "the database has not finished committing the event after "
                    + OUTCOME_WAIT.toSeconds()
                    + " s more; whether it is stored is not known yet: retry with the same dedupe"
                    + " key"));
      }
    }
  }

  private static RuntimeException unwrap(ExecutionException e) {
    if (e.getCause() instanceof RuntimeException runtime) {
      return runtime;
    }
    return new IllegalStateException(e.getCause());
  }

  private void writeLoop() {
    List<Pending> drained = new ArrayList<>(maxBatch);
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (running || !pending.isEmpty()) {
      try {
        Pending first = pending.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        drained.add(first);
        pending.drainTo(drained, maxBatch - 1);
        for (Pending entry : drained) {
          if (entry.take()) { // else its request timed out and withdrew it
            batch.add(entry);
            taken.increment();
          }
        }
        drained.clear();
        if (batch.size() >= BURST_BATCH || !pending.isEmpty()) {
          lastBurstNanos = System.nanoTime();
        }
        if (!batch.isEmpty()) {
          write(batch);
        }
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Commits {@code batch} in one transaction. When the database refuses it for something an event
   * carries (not for being unreachable), the batch is split in halves and each committed again, so
   * the offender alone gets the error and the others their answers: at most 2n - 1 transactions.
   */
  private void write(List<Pending> batch) {
    List<NewEvent> events = new ArrayList<>(batch.size());
    batch.forEach(p -> events.add(p.event));
    try {
      List<AppendResult> results = log.append(events, clock.millis());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result.complete(results.get(i));
      }
      stored.add(batch.size());
      afterCommit.run();
      observer.committed(batch.size(), System.nanoTime() - batch.get(0).handedInNanos);
    } catch (RuntimeException e) {
      if (batch.size() > 1 && GroupCommitFailures.isCausedByAnEvent(e)) {
        LOG.warn(
            "a group commit of {} events was refused ({}); committing it again in halves",
            batch.size(),
            GroupCommitFailures.firstLine(e));
        int half = batch.size() / 2;
        write(batch.subList(0, half));
        write(batch.subList(half, batch.size()));
        return;
      }
      RuntimeException answer = batch.size() == 1 ? GroupCommitFailures.forOneEvent(e) : e;
      batch.forEach(p -> p.result.completeExceptionally(answer));
    }
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(sweeper);
    for (Thread writer : writers) {
      try {
        writer.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
