package io.stockbridge.flow.reconcile;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.event.EventLog;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventStatus;
import io.stockbridge.http.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconciliations: requested ones (API, CLI, the nightly schedule, a full sync) are stored
 * first and then started by whichever node takes them (a compare-and-set on their status), one at a
 * time per node on its own thread. {@link #tick} (leader-only, every few seconds) requests the
 * nightly run in the hour after {@code reconcile.at} (UTC) and moves runs on: a full sync's stock
 * stage starts when its product batch is done, and a report is completed when every correction
 * event is final. Thread-safe; close once.
 */
public final class ReconcileService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileService.class);

  /** Who requests the nightly run. */
  public static final String SCHEDULE = "schedule";

  /** The nightly run is requested at most this long after {@code reconcile.at}. */
  static final Duration SCHEDULE_WINDOW = Duration.ofHours(1);

  /** A run still running after this long belongs to a node that died; it is marked failed. */
  static final Duration STALE_RUN = Duration.ofHours(6);

  private static final int MAX_RUNS_PER_PASS = 50;

  private final SyncConfig config;
  private final Reconciliations runs;
  private final EventLog events;
  private final Reconciler reconciler;
  private final Clock clock;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("reconcile").factory());
  private final AtomicBoolean pending = new AtomicBoolean();
  private final long startedAt;

  public ReconcileService(
      SyncConfig config,
      Reconciliations runs,
      EventLog events,
      Reconciler reconciler,
      Clock clock,
      boolean singleNode) {
    this.config = config;
    this.runs = runs;
    this.events = events;
    this.reconciler = reconciler;
    this.clock = clock;
    this.startedAt = clock.millis();
    if (singleNode) {
      // One node per database: whatever was running belonged to a previous run of this node.
      for (Reconciliation run : runs.withStatus(Reconciliation.Status.RUNNING, 1000)) {
        fail(run, "interrupted by a restart of the node");
      }
    }
  }

  /**
   * Stores a request and starts it on this node soon.
   *
   * @throws IllegalArgumentException when the scope does not fit the configuration
   */
  public Reconciliation request(ReconcileScope scope, String by) {
    ReconcileScope valid = scope.validated(config);
    long id = runs.request(valid.toJson(), by, clock.millis());
    kick();
    return runs.find(id).orElseThrow();
  }

  /** Leader-only: requests the nightly run when due, then moves runs on. */
  public void tick() {
    long now = clock.millis();
    if (config.reconcile().enabled() && nightlyDue(now)) {
      long id = runs.request(ReconcileScope.everything().validated(config).toJson(), SCHEDULE, now);
      LOG.info("requested nightly reconciliation #{}", id);
    }
    kick();
  }

  private boolean nightlyDue(long now) {
    return nightlyDue(now, startedAt, config.reconcile().at(), () -> runs.lastRequested(SCHEDULE));
  }

  /**
   * Whether the nightly run is due at {@code now}: today's {@code at} (UTC) has passed since this
   * service started, less than {@link #SCHEDULE_WINDOW} ago, and no scheduled run was requested
   * since. A node started after {@code at} leaves that night to nodes that were up (so a restart,
   * or a test, never sets off a catch-up run).
   */
  static boolean nightlyDue(
      long now, long serviceStart, java.time.LocalTime at, Supplier<Optional<Long>> lastRequested) {
    LocalDate today = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(now), ZoneOffset.UTC);
    long due = today.atTime(at).toInstant(ZoneOffset.UTC).toEpochMilli();
    if (now < due || due < serviceStart || now >= due + SCHEDULE_WINDOW.toMillis()) {
      return false;
    }
    Optional<Long> last = lastRequested.get();
    return last.isEmpty() || last.get() < due;
  }

  /**
   * The next stage of a reconciliation's corrections or a full sync's products: their batch's
   * {@code batch.completed} moves the run on at once (the leader's tick remains a fallback).
   */
  public io.stockbridge.batch.BatchListener nextStage() {
    return batch -> {
      if (batch.kind().equals("full-sync") || batch.kind().equals("reconciliation")) {
        kick();
      }
    };
  }

  /** Has this node's worker take waiting runs and move running ones on. */
  public void kick() {
    if (pending.compareAndSet(false, true)) {
      try {
        worker.execute(
            () -> {
              pending.set(false);
              try {
                drain();
              } catch (RuntimeException e) {
                LOG.warn("reconciliation pass failed: {}", e.getMessage());
              }
            });
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        pending.set(false);
      }
    }
  }

  /** One pass: start requested runs, advance full syncs, complete reports. On the worker thread. */
  void drain() {
    long now = clock.millis();
    for (Reconciliation run : runs.withStatus(Reconciliation.Status.RUNNING, 1000)) {
      if (now - run.startedAt() > STALE_RUN.toMillis()) {
        fail(run, "no node finished it within " + STALE_RUN.toHours() + " hours");
      }
    }
    for (Reconciliation run : runs.withStatus(Reconciliation.Status.REQUESTED, MAX_RUNS_PER_PASS)) {
      if (runs.transition(
          run.id(),
          Reconciliation.Status.REQUESTED,
          Reconciliation.Status.RUNNING,
          clock.millis())) {
        start(run);
      }
    }
    for (Reconciliation run : runs.withStatus(Reconciliation.Status.PRODUCTS, MAX_RUNS_PER_PASS)) {
      Long productBatch = productsBatch(run);
      BatchOutcome products = productBatch == null ? null : outcome(productBatch);
      if (products != null
          && products.done()
          && runs.transition(
              run.id(),
              Reconciliation.Status.PRODUCTS,
              Reconciliation.Status.RUNNING,
              clock.millis())) {
        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("productsSucceeded", products.succeeded());
        stage.put("productsFailed", products.dead());
        if (products.dead() > 0) {
          LOG.warn(
              "full sync #{}: {} of {} product events failed (batch {})",
              run.id(),
              products.dead(),
              products.total(),
              productBatch);
        }
        stockStage(run, ReconcileScope.fromJson(run.scope()), stage);
      }
    }
    for (Reconciliation run :
        runs.withStatus(Reconciliation.Status.CORRECTING, MAX_RUNS_PER_PASS)) {
      BatchOutcome outcome = outcome(run.batchId());
      if (outcome.done()) {
        Map<String, Object> detail = previousDetail(run);
        Reconciliation.Status status = finalStatus(detail, outcome.dead());
        runs.recordOutcome(run.id(), status, outcome.succeeded(), outcome.dead(), clock.millis());
        if (status == Reconciliation.Status.COMPLETED) {
          LOG.info(
              "reconciliation #{} completed: {} drifted, {} fixed",
              run.id(),
              run.drifted(),
              outcome.succeeded());
        } else {
          LOG.warn(
              "reconciliation #{} partial: {} drifted, {} fixed, {} corrections failed; {}",
              run.id(),
              run.drifted(),
              outcome.succeeded(),
              outcome.dead(),
              reasons(detail));
        }
      }
    }
  }

  private void start(Reconciliation run) {
    ReconcileScope scope;
    try {
      scope = ReconcileScope.fromJson(run.scope());
    } catch (IllegalArgumentException e) {
      fail(run, "invalid scope: " + e.getMessage());
      return;
    }
    if (scope.fullSync()) {
      try {
        Reconciler.ProductStage stage = reconciler.queueProducts(run.id(), scope.stores().get(0));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("productsBatch", stage.batchId());
        detail.put("productsQueued", stage.products());
        runs.recordFindings(
            run.id(), Reconciliation.Status.PRODUCTS, null, 0, 0, Json.write(detail), null);
        LOG.info(
            "full sync #{}: {} products queued to {} in batch {}",
            run.id(),
            stage.products(),
            scope.stores().get(0),
            stage.batchId());
      } catch (RuntimeException e) {
        fail(run, e);
      }
      return;
    }
    stockStage(run, scope, Map.of());
  }

  private void stockStage(Reconciliation run, ReconcileScope scope, Map<String, Object> stage) {
    Map<String, Object> before = new LinkedHashMap<>(previousDetail(run));
    before.putAll(stage);
    RunProgress progress =
        new RunProgress(
            clock,
            snapshot -> {
              Map<String, Object> running = new LinkedHashMap<>(before);
              running.put("progress", snapshot);
              runs.recordFindings(
                  run.id(), Reconciliation.Status.RUNNING, null, 0, 0, Json.write(running), null);
            });
    try {
      Reconciler.Findings findings = reconciler.reconcile(run.id(), scope, progress);
      Map<String, Object> detail = new LinkedHashMap<>(before);
      detail.putAll(findings.detail());
      // A full sync whose products went through did something even when no store was read.
      boolean productsSynced =
          detail.get("productsSucceeded") instanceof Number n && n.longValue() > 0;
      if (!findings.failedStores().isEmpty() && findings.storesRead() == 0) {
        String reason = "no store could be checked: " + reasons(detail);
        Reconciliation.Status status =
            productsSynced ? Reconciliation.Status.PARTIAL : Reconciliation.Status.FAILED;
        LOG.warn("reconciliation #{} {}: {}", run.id(), status.dbValue(), reason);
        detail.put("error", reason);
        runs.recordFindings(
            run.id(),
            status,
            findings.batchId(),
            findings.checked(),
            findings.drifted(),
            Json.write(detail),
            clock.millis());
        return;
      }
      boolean corrections = findings.batchId() != null;
      Reconciliation.Status status =
          corrections ? Reconciliation.Status.CORRECTING : finalStatus(detail, 0);
      runs.recordFindings(
          run.id(),
          status,
          findings.batchId(),
          findings.checked(),
          findings.drifted(),
          Json.write(detail),
          corrections ? null : clock.millis());
      if (status == Reconciliation.Status.PARTIAL) {
        LOG.warn(
            "reconciliation #{} partial: {} checked, {} drifted; {}",
            run.id(),
            findings.checked(),
            findings.drifted(),
            reasons(detail));
      } else {
        LOG.info(
            "reconciliation #{}: {} checked, {} drifted{}",
            run.id(),
            findings.checked(),
            findings.drifted(),
            corrections ? ", corrections in batch " + findings.batchId() : "");
      }
      if (corrections) {
        kick();
      }
    } catch (RuntimeException e) {
      fail(run, e);
    }
  }

  /**
   * How a run whose reading ended ends: {@code partial} when a store could not be checked, a full
   * sync's product events or {@code deadCorrections} failed; else {@code completed}.
   */
  static Reconciliation.Status finalStatus(Map<String, Object> detail, int deadCorrections) {
    boolean storeFailed =
        detail.get("failedStores") instanceof java.util.Collection<?> failed && !failed.isEmpty();
    boolean productsFailed = detail.get("productsFailed") instanceof Number n && n.longValue() > 0;
    return storeFailed || productsFailed || deadCorrections > 0
        ? Reconciliation.Status.PARTIAL
        : Reconciliation.Status.COMPLETED;
  }

  /** Each failed store and its reason, e.g. {@code shop-b: ShopifyRequestException: ...}. */
  static String reasons(Map<String, Object> detail) {
    List<String> parts = new java.util.ArrayList<>();
    for (Map.Entry<String, String> failure : failures(detail).entrySet()) {
      parts.add(failure.getKey() + ": " + failure.getValue());
    }
    if (detail.get("productsFailed") instanceof Number n && n.longValue() > 0) {
      parts.add(n + " product events failed");
    }
    return String.join("; ", parts);
  }

  /** The failed stores of a report's detail and their reasons, in order. */
  public static Map<String, String> failures(Map<String, Object> detail) {
    Map<String, String> failures = new LinkedHashMap<>();
    if (detail.get("failedStores") instanceof java.util.Collection<?> failed
        && detail.get("stores") instanceof Map<?, ?> stores) {
      for (Object store : failed) {
        Object summary = stores.get(store);
        Object error = summary instanceof Map<?, ?> map ? map.get("error") : null;
        failures.put(String.valueOf(store), String.valueOf(error));
      }
    }
    return failures;
  }

  private void fail(Reconciliation run, RuntimeException e) {
    LOG.warn("reconciliation #{} failed: {}", run.id(), e.toString());
    fail(run, e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  private void fail(Reconciliation run, String reason) {
    Map<String, Object> detail = new LinkedHashMap<>(previousDetail(run));
    detail.put("error", reason);
    runs.recordFindings(
        run.id(),
        Reconciliation.Status.FAILED,
        run.batchId(),
        run.checked(),
        run.drifted(),
        Json.write(detail),
        clock.millis());
  }

  private static Map<String, Object> previousDetail(Reconciliation run) {
    if (run.detail() == null || run.detail().isBlank()) {
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> previous =
        Json.MAPPER.convertValue(
            Json.parseObject(run.detail().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            Map.class);
    return previous;
  }

  private static Long productsBatch(Reconciliation run) {
    Object batch = previousDetail(run).get("productsBatch");
    return batch instanceof Number n ? n.longValue() : null;
  }

  /** How the events of a batch stand: final ones succeeded or went dead. */
  public record BatchOutcome(long total, int succeeded, int dead) {
    public boolean done() {
      return succeeded + dead >= total;
    }
  }

  private BatchOutcome outcome(Long batchId) {
    return outcome(events, batchId);
  }

  /** Counts a batch's events that succeeded and that went dead. */
  public static BatchOutcome outcome(EventLog events, Long batchId) {
    if (batchId == null) {
      return new BatchOutcome(0, 0, 0);
    }
    EventQuery batch =
        new EventQuery(null, null, null, null, null, null, batchId, null, null, null, 1);
    return new BatchOutcome(
        events.count(batch),
        (int) events.count(batch.withStatus(EventStatus.SUCCEEDED)),
        (int) events.count(batch.withStatus(EventStatus.DEAD)));
  }

  /** A report with fixed and failed counted now when its corrections are still running. */
  public static Reconciliation current(Reconciliation run, EventLog events) {
    if (run.status() != Reconciliation.Status.CORRECTING) {
      return run;
    }
    BatchOutcome outcome = outcome(events, run.batchId());
    return run.withOutcome(outcome.succeeded(), outcome.dead());
  }

  /** The JSON view of a report (API and CLI). */
  public static Map<String, Object> view(Reconciliation run) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", run.id());
    view.put("status", run.status().dbValue());
    view.put("requestedBy", run.requestedBy());
    view.put(
        "scope", Json.parseObject(run.scope().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    view.put("startedAt", java.time.Instant.ofEpochMilli(run.startedAt()).toString());
    view.put(
        "finishedAt",
        run.finishedAt() == null
            ? null
            : java.time.Instant.ofEpochMilli(run.finishedAt()).toString());
    view.put("batchId", run.batchId());
    view.put("checked", run.checked());
    view.put("drifted", run.drifted());
    view.put("fixed", run.fixed());
    view.put("failed", run.failed());
    view.put(
        "pending",
        run.status() == Reconciliation.Status.CORRECTING
            ? Math.max(0, run.drifted() - run.fixed() - run.failed())
            : 0);
    Map<String, Object> detail = previousDetail(run);
    Map<String, String> failures = failures(detail);
    if (!failures.isEmpty()) {
      view.put("failedStores", failures);
    }
    view.put("detail", detail);
    return view;
  }

  /** Reports newest first. */
  public List<Reconciliation> list(Long beforeId, int limit) {
    return runs.list(beforeId, limit).stream().map(r -> current(r, events)).toList();
  }

  public Optional<Reconciliation> find(long id) {
    return runs.find(id).map(r -> current(r, events));
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
