package io.stockbridge.store;

/**
 * A stored issue: its cause (flow, store, error type, message shape), a sample message, when it was
 * first and last seen, how many failures were seen, and its status (changed at {@code statusAt} by
 * {@code statusBy}). Times are epoch milliseconds.
 */
public record Issue(
    String fingerprint,
    String flow,
    String store,
    String errorType,
    String messageShape,
    String sample,
    long firstSeen,
    long lastSeen,
    long occurrences,
    IssueStatus status,
    long statusAt,
    String statusBy) {
  /** The flow of an issue that is an engine alert (recorded by {@code alert.AlertEvaluator}). */
  public static final String ALERT_FLOW = "alert";
}
