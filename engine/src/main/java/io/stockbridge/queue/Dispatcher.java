package io.stockbridge.queue;

import io.stockbridge.config.QueueSettings;
import io.stockbridge.observe.Tracing;
import io.stockbridge.observe.WorkRef;
import io.stockbridge.observe.WorkTrace;
import io.stockbridge.time.Backoff;
import io.stockbridge.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the queue on one node: claims due items in batches, hands each kind's items to its handler
 * on a virtual thread, turns outcomes into settlements and writes them in batches (one settler
 * thread, so settlements share transactions), renews leases while items run. Thread-safe.
 *
 * <p>Time is the injected clock's. The work is done in ticks ({@link #claimTick}, {@link
 * #settleTick}, {@link #heartbeatTick}); {@link #start} runs each on its own thread, and tests call
 * them directly while they move a clock, so nothing in them waits for real time.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** A waiting item is looked at again after this long even if nobody released it. */
  static final Duration WAIT_RECHECK = Duration.ofSeconds(30);

  private final WorkQueue queue;
  private final Map<String, WorkHandler> handlers;
  private final QueueSettings settings;
  private final String node;
  private final Clock clock;
  private final Backoff backoff;
  private final Executor handlerThreads;
  private final Sleeper sleeper;

  /** Settlements taken from {@link #toSettle} and not yet written (the settler's alone). */
  private final List<Settlement> unsettled = new ArrayList<>();

  private final Map<Long, WorkItem> inFlight = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Settlement> toSettle = new LinkedBlockingQueue<>();
  private final Semaphore wakeUp = new Semaphore(0);
  private final AtomicLong settled = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private Thread heartbeat;
  private volatile boolean claimerDone;
  private Thread claimer;
  private volatile java.util.function.BooleanSupplier ingestionBusy = () -> false;
  private volatile Tracing tracing = Tracing.OFF;
  private volatile QueueObserver observer = QueueObserver.NONE;
  private volatile boolean running;
  private volatile boolean lastClaimFull;

  public Dispatcher(
      WorkQueue queue,
      List<WorkHandler> handlers,
      QueueSettings settings,
      String node,
      Clock clock,
      Backoff backoff) {
    this(
        queue,
        handlers,
        settings,
        node,
        clock,
        backoff,
        Executors.newVirtualThreadPerTaskExecutor(),
        Sleeper.SYSTEM);
  }

  /**
   * With the executor that runs handlers ({@code Runnable::run} runs them inside {@link
   * #claimTick}) and the sleeper of the threads' pauses.
   */
  Dispatcher(
      WorkQueue queue,
      List<WorkHandler> handlers,
      QueueSettings settings,
      String node,
      Clock clock,
      Backoff backoff,
      Executor handlerThreads,
      Sleeper sleeper) {
    this.handlerThreads = handlerThreads;
    this.sleeper = sleeper;
    this.queue = queue;
    Map<String, WorkHandler> byKind = new LinkedHashMap<>();
    for (WorkHandler handler : handlers) {
      if (byKind.put(handler.kind(), handler) != null) {
        throw new IllegalArgumentException("two handlers for kind " + handler.kind());
      }
    }
    this.handlers = new ConcurrentHashMap<>(byKind);
    this.settings = settings;
    this.node = node;
    this.clock = clock;
    this.backoff = backoff;
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    claimerDone = false;
    claimer = Thread.ofPlatform().name("queue-claimer").daemon().start(this::claimLoop);
    threads.add(claimer);
    threads.add(Thread.ofPlatform().name("queue-settler").daemon().start(this::settleLoop));
    heartbeat = Thread.ofPlatform().name("queue-heartbeat").daemon().start(this::heartbeatLoop);
  }

  /**
   * While {@code busy} says webhooks are waiting to be stored, the claimer takes a quarter batch
   * per poll interval: acknowledging senders (Shopify gives up after 5 s, Brightpearl retries)
   * comes before processing, which catches up once the burst has been stored.
   */
  public void yieldTo(java.util.function.BooleanSupplier busy) {
    this.ingestionBusy = busy;
  }

  /**
   * Traces each run with {@code tracing} (queue-wait and flow spans in the item's event trace) and
   * sets the logging context of its lines; without it only the logging context is set. Before
   * start.
   */
  public void traceWith(Tracing tracing) {
    this.tracing = java.util.Objects.requireNonNull(tracing, "tracing");
  }

  /** Adds handlers built after the dispatcher (flows that watch its backlog); before start. */
  /** Sees every handler run and written settlement (metrics); set before {@link #start}. */
  public void observe(QueueObserver newObserver) {
    this.observer = java.util.Objects.requireNonNull(newObserver, "observer");
  }

  public void addHandlers(List<WorkHandler> more) {
    for (WorkHandler handler : more) {
      if (handlers.putIfAbsent(handler.kind(), handler) != null) {
        throw new IllegalArgumentException("two handlers for kind " + handler.kind());
      }
    }
  }

  /**
   * Whether more work waits than this node has claimed: the last claim was full, or ingestion is
   * storing a burst. Coalescing flows hold partial batches while this is true.
   */
  public boolean hasBacklog() {
    return lastClaimFull || ingestionBusy.getAsBoolean();
  }

  /** Whether this node holds as many items as it may ({@code maxInFlight}). */
  public boolean isSaturated() {
    return inFlight.size() >= settings.maxInFlight();
  }

  /** Asks the claimer to look for work now (called after new items were stored on this node). */
  public void wake() {
    if (wakeUp.availablePermits() == 0) {
      wakeUp.release();
    }
  }

  /** Settlements written since start. */
  public long settledCount() {
    return settled.get();
  }

  public int inFlightCount() {
    return inFlight.size();
  }

  /** What the claimer does after a claim: claim again, let a trickle gather, or idle. */
  enum Pause {
    /** The claim was full: more is due now. */
    NONE,
    /** A trickle: wait one poll interval so that it is processed in groups. */
    GATHER,
    /** Nothing due (or no room): wait one poll interval, or less if woken. */
    IDLE
  }

  /**
   * One claim: takes up to a batch of due items (a quarter while ingestion is busy, none when the
   * node holds {@code maxInFlight}), hands each kind's items to its handler and says how to pause.
   */
  Pause claimTick() {
    int capacity = settings.maxInFlight() - inFlight.size();
    boolean yielding = ingestionBusy.getAsBoolean();
    int limit =
        Math.min(
            capacity, yielding ? Math.max(1, settings.claimBatch() / 4) : settings.claimBatch());
    List<WorkItem> items = capacity <= 0 ? List.of() : claim(limit);
    lastClaimFull = capacity <= 0 || items.size() >= limit;
    if (items.isEmpty()) {
      return Pause.IDLE;
    }
    Map<String, List<WorkItem>> byKind = new LinkedHashMap<>();
    for (WorkItem item : items) {
      inFlight.put(item.id(), item);
      byKind.computeIfAbsent(item.kind(), k -> new ArrayList<>()).add(item);
    }
    byKind.forEach((kind, group) -> handlerThreads.execute(() -> run(kind, group)));
    // A trickle, not a backlog: let it gather for one poll interval instead of claiming a few
    // items per commit, which would spend the database on transactions rather than work.
    return items.size() < limit || yielding ? Pause.GATHER : Pause.NONE;
  }

  private void claimLoop() {
    try {
      claimWhileRunning();
    } finally {
      claimerDone = true;
    }
  }

  private void claimWhileRunning() {
    while (running) {
      try {
        switch (claimTick()) {
          case IDLE -> wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          case GATHER -> sleeper.sleep(settings.pollInterval());
          case NONE -> {}
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The exception's type too: some (a pool closed under us) carry no message.
        LOG.warn("claiming work failed, retrying: {}", e.toString());
        LOG.debug("claiming work failed", e);
        if (!pause(settings.pollInterval().multipliedBy(10))) {
          return;
        }
      }
    }
  }

  private List<WorkItem> claim(int limit) {
    long now = clock.millis();
    return queue.claim(node, limit, now, now + settings.lease().toMillis());
  }

  private void run(String kind, List<WorkItem> items) {
    List<WorkRef> refs = new ArrayList<>(items.size());
    for (WorkItem item : items) {
      refs.add(
          new WorkRef(
              item.id(),
              item.eventId(),
              item.traceId(),
              item.store(),
              Math.max(item.createdAt(), item.runAfter()),
              item.attempt()));
    }
    WorkTrace trace = null;
    try {
      trace = tracing.work(kind, refs, clock.millis());
    } catch (RuntimeException e) {
      // Never at the cost of the items: unsettled, they would stay leased to this node for ever.
      LOG.warn("tracing {} item(s) of {} failed, running them untraced: {}", items.size(), kind, e);
    }
    try {
      runTraced(kind, items, trace);
    } finally {
      if (trace != null) {
        trace.close();
      }
    }
  }

  /** Runs the handler and hands its outcomes to the settler; {@code trace} may be null. */
  private void runTraced(String kind, List<WorkItem> items, WorkTrace trace) {
    WorkHandler handler = handlers.get(kind);
    List<Outcome> outcomes;
    if (handler == null) {
      outcomes =
          items.stream()
              .map(i -> (Outcome) new Outcome.Dead("no handler for kind " + kind))
              .toList();
    } else {
      long started = System.nanoTime();
      try {
        outcomes = handler.handle(List.copyOf(items));
        if (outcomes.size() != items.size()) {
          IllegalStateException wrong =
              new IllegalStateException(
                  "handler "
                      + kind
                      + " returned "
                      + outcomes.size()
                      + " outcomes for "
                      + items.size()
                      + " items");
          outcomes = items.stream().map(i -> (Outcome) new Outcome.Failed(wrong)).toList();
        }
      } catch (RuntimeException | Error e) {
        if (trace != null) {
          trace.failed(e);
        }
        LOG.warn("handler {} failed for {} item(s): {}", kind, items.size(), ErrorChain.message(e));
        Outcome outcome = Outcome.of(e);
        outcomes = items.stream().map(i -> outcome).toList();
      }
      observer.handled(kind, items.size(), System.nanoTime() - started);
    }
    long now = clock.millis();
    for (int i = 0; i < items.size(); i++) {
      toSettle.add(settlementOf(items.get(i), outcomes.get(i), now));
    }
    LOG.debug("ran {} item(s) of {}", items.size(), kind);
  }

  /**
   * The settlement of one outcome. A RetryAfter waits at least {@code minRetryDelay}; once the item
   * was retried {@code maxRetriesWithoutProgress} times, a further one is a failure that spends an
   * attempt (backoff, then dead), so no retry loops without end.
   */
  Settlement settlementOf(WorkItem item, Outcome outcome, long now) {
    return switch (outcome) {
      case Outcome.Done done -> new Settlement.Done(item, done.detail());
      case Outcome.RetryAfter retry -> retry(item, retry, now);
      case Outcome.WaitFor wait ->
          new Settlement.Wait(
              item,
              wait.dependencyKey(),
              now + WAIT_RECHECK.toMillis(),
              "waiting for " + wait.dependencyKey() + ": " + wait.reason());
      case Outcome.Dead dead -> new Settlement.Dead(item, dead.reason(), "Dead", null);
      case Outcome.Failed failed -> failure(item, failed.error(), "", now);
    };
  }

  private Settlement retry(WorkItem item, Outcome.RetryAfter retry, long now) {
    int limit = settings.maxRetriesWithoutProgress();
    if (item.retriesWithoutProgress() >= limit) {
      return failure(
          item,
          new RetriesExhaustedException(retry.reason()),
          "retried " + item.retriesWithoutProgress() + " times without progress; ",
          now);
    }
    Duration delay =
        retry.delay().compareTo(settings.minRetryDelay()) < 0
            ? settings.minRetryDelay()
            : retry.delay();
    return new Settlement.Retry(
        item,
        now + delay.toMillis(),
        "retry "
            + (item.retriesWithoutProgress() + 1)
            + " of "
            + limit
            + " without progress in "
            + delay.toMillis()
            + " ms: "
            + retry.reason());
  }

  private Settlement failure(WorkItem item, Throwable error, String prefix, long now) {
    String message = ErrorChain.message(error);
    String type = error.getClass().getName();
    String causes = ErrorChain.causes(error);
    if (item.attempt() >= item.maxAttempts()) {
      return new Settlement.Dead(
          item,
          prefix
              + "attempt "
              + item.attempt()
              + " of "
              + item.maxAttempts()
              + " failed, giving up: "
              + message,
          type,
          causes);
    }
    Duration delay = backoff.delayAfter(item.attempt());
    return new Settlement.Failure(
        item,
        now + delay.toMillis(),
        prefix
            + "attempt "
            + item.attempt()
            + " of "
            + item.maxAttempts()
            + " failed, retry in "
            + delay.toMillis()
            + " ms: "
            + message,
        type,
        causes);
  }

  /**
   * Writes the outcomes handed in so far (up to 5,000 in one transaction) and returns how many;
   * when the write fails they are kept (their items stay leased to this node, the heartbeat goes
   * on) for the next tick, and -1 is returned.
   */
  int settleTick() {
    toSettle.drainTo(unsettled, Math.max(0, 5000 - unsettled.size()));
    if (unsettled.isEmpty()) {
      return 0;
    }
    try {
      queue.settle(unsettled, node, clock.millis());
    } catch (RuntimeException e) {
      LOG.warn("settling {} item(s) failed, retrying: {}", unsettled.size(), e.getMessage());
      return -1;
    }
    QueueObserver seen = observer;
    for (Settlement s : unsettled) {
      inFlight.remove(s.item().id());
      seen.settled(s);
    }
    int written = unsettled.size();
    settled.addAndGet(written);
    unsettled.clear();
    wake();
    return written;
  }

  private void settleLoop() {
    // After a stop, on until the claimer has ended (a claim in progress brings more items) and
    // every item this node still runs is settled (its handler may finish after the queue of
    // settlements ran empty); stop() bounds the wait.
    while (running || !claimerDone || !toSettle.isEmpty() || !inFlight.isEmpty()) {
      try {
        if (unsettled.isEmpty()) {
          Settlement first = toSettle.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          unsettled.add(first);
        }
        if (settleTick() < 0 && (!running || !pause(settings.pollInterval().multipliedBy(10)))) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Extends the leases of the items this node runs; returns how many were extended. */
  int heartbeatTick() {
    if (inFlight.isEmpty()) {
      return 0;
    }
    try {
      return queue.heartbeat(
          node, List.copyOf(inFlight.keySet()), clock.millis() + settings.lease().toMillis());
    } catch (RuntimeException e) {
      LOG.warn("lease heartbeat failed: {}", e.getMessage());
      return 0;
    }
  }

  private void heartbeatLoop() {
    Duration period = Duration.ofMillis(Math.max(100, settings.lease().toMillis() / 3));
    while (running) {
      if (!pause(period)) {
        return; // stopping
      }
      heartbeatTick();
    }
  }

  /** Sleeps; false when interrupted (stopping). */
  private boolean pause(Duration duration) {
    try {
      sleeper.sleep(duration);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Stops claiming, lets running handlers finish for up to {@code grace}, writes their outcomes.
   */
  public void stop(Duration grace) {
    synchronized (this) {
      if (!running) {
        return;
      }
      running = false;
    }
    wake();
    try {
      // The claimer first: a claim it is making still gets its handlers (shutting the handler
      // threads down under it left claimed items running, unhandled, until their lease expired).
      claimer.join(grace.toMillis());
      heartbeat.interrupt();
      if (handlerThreads instanceof ExecutorService service) {
        service.shutdown();
        service.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
      for (Thread thread : threads) {
        thread.join(grace.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
