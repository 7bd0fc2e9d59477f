package io.stockbridge.change;

/**
 * {@code reconciliation.completed}: a reconciliation run ended ({@code status} {@code done} or
 * {@code failed}) with its figures; {@code batchId} is the batch of its corrections, if any.
 */
public record ReconciliationCompleted(
    long runId,
    String status,
    Long batchId,
    long checked,
    long drifted,
    long fixed,
    long failed,
    String error)
    implements Change {
  public static final String TYPE = "reconciliation.completed";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String key() {
    return "reconciliation:" + runId;
  }

  @Override
  public String storeName() {
    return null;
  }
}
