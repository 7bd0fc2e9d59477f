package io.stockbridge.flow.reconcile;

/**
 * One reconciliation run and its report. {@code scope} is the JSON of its {@link ReconcileScope};
 * {@code batchId} the batch of its correction events; {@code checked} product-store pairs compared,
 * {@code drifted} those that differed, {@code fixed} and {@code failed} their corrections that
 * succeeded or went dead; {@code detail} a JSON document (per store figures, errors). Times are
 * epoch milliseconds: {@code startedAt} is when it was requested, then when it began.
 */
public record Reconciliation(
    long id,
    String scope,
    String requestedBy,
    Status status,
    long startedAt,
    Long finishedAt,
    Long batchId,
    int checked,
    int drifted,
    int fixed,
    int failed,
    String detail) {

  /** Where a run is. */
  public enum Status {
    /** Waiting for a node to start it. */
    REQUESTED,
    /**
     * A full sync whose product stage is queued; its stock stage starts when that batch is done.
     */
    PRODUCTS,
    /** Reading both sides and computing drift. */
    RUNNING,
    /** Corrections sent; waiting for them to finish. */
    CORRECTING,
    /** Every store was checked and every correction (and full-sync product event) succeeded. */
    COMPLETED,
    /**
     * Ended, but not all of it was done: a store could not be checked, or corrections or a full
     * sync's product events failed (see detail: {@code failedStores}, {@code stores.<name>.error}).
     */
    PARTIAL,
    /** Nothing was done: the run itself failed, or no store could be checked (see detail). */
    FAILED;

    public String dbValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Status parse(String value) {
      return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean isFinal() {
      return this == COMPLETED || this == PARTIAL || this == FAILED;
    }
  }

  public Reconciliation withOutcome(int newFixed, int newFailed) {
    return new Reconciliation(
        id,
        scope,
        requestedBy,
        status,
        startedAt,
        finishedAt,
        batchId,
        checked,
        drifted,
        newFixed,
        newFailed,
        detail);
  }
}
