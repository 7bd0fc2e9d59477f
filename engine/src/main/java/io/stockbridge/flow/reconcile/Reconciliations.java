package io.stockbridge.flow.reconcile;

import java.util.List;
import java.util.Optional;

/**
 * The stored reconciliation runs and reports. Status changes are compare-and-set so that several
 * nodes never run one request twice. Implementations are thread-safe.
 */
public interface Reconciliations {
  /** Stores a requested run; returns its id. */
  long request(String scope, String requestedBy, long now);

  Optional<Reconciliation> find(long id);

  /** Runs newest first, before {@code beforeId} (null: from the newest). */
  List<Reconciliation> list(Long beforeId, int limit);

  /** Runs in {@code status}, oldest first. */
  List<Reconciliation> withStatus(Reconciliation.Status status, int limit);

  /**
   * Moves a run from {@code from} to {@code to}, setting its start to {@code now}; false when it is
   * no longer in {@code from} (another node took it).
   */
  boolean transition(long id, Reconciliation.Status from, Reconciliation.Status to, long now);

  /** Records what a run found (and, when it ends here, its end). */
  void recordFindings(
      long id,
      Reconciliation.Status status,
      Long batchId,
      int checked,
      int drifted,
      String detail,
      Long finishedAt);

  /** Records how its corrections ended. */
  void recordOutcome(long id, Reconciliation.Status status, int fixed, int failed, Long finishedAt);

  /** The latest request time of runs requested by {@code requestedBy}, if any. */
  Optional<Long> lastRequested(String requestedBy);
}
