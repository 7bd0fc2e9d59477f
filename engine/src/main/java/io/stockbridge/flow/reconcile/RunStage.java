package io.stockbridge.flow.reconcile;

import io.stockbridge.event.EventLog;
import java.util.Map;

/**
 * Where a reconciliation or full sync is, for a progress display: its stage, how much of it is done
 * and of how much (0: not known yet). Read from the stored run, so it works from any process.
 */
public record RunStage(String stage, long done, long total, boolean isFinal) {

  /** The stage of {@code run} (as {@link ReconcileService#current} sees it). */
  public static RunStage of(Reconciliation run, EventLog events) {
    Reconciliation now = ReconcileService.current(run, events);
    Map<String, Object> detail =
        ReconcileService.view(now).get("detail") instanceof Map<?, ?> d ? cast(d) : Map.of();
    return switch (now.status()) {
      case REQUESTED -> new RunStage("waiting for a node to start it", 0, 0, false);
      case PRODUCTS -> {
        Long batch =
            detail.get("productsBatch") instanceof Number n ? Long.valueOf(n.longValue()) : null;
        ReconcileService.BatchOutcome products = ReconcileService.outcome(events, batch);
        yield new RunStage(
            "products", products.succeeded() + products.dead(), products.total(), false);
      }
      case RUNNING -> bulkReads(detail);
      case CORRECTING ->
          new RunStage("corrections", now.fixed() + now.failed(), now.drifted(), false);
      case COMPLETED, PARTIAL, FAILED ->
          new RunStage(now.status().dbValue(), now.checked(), now.checked(), true);
    };
  }

  /** A running run: the objects its bulk reads have counted so far, of those expected. */
  private static RunStage bulkReads(Map<String, Object> detail) {
    long done = 0;
    long total = 0;
    if (detail.get("progress") instanceof Map<?, ?> byStore) {
      for (Object operations : byStore.values()) {
        if (operations instanceof Map<?, ?> ops) {
          for (Object op : ops.values()) {
            if (op instanceof Map<?, ?> read) {
              done += read.get("objectCount") instanceof Number n ? n.longValue() : 0;
              total += read.get("expected") instanceof Number n ? n.longValue() : 0;
            }
          }
        }
      }
    }
    return new RunStage("reading both sides", done, total, false);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
