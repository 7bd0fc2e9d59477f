package io.stockbridge.connector.shopify;

/**
 * A bulk operation that did not deliver: Shopify refused to start it, gave no slot within the
 * allowed wait, or the operation failed or ran out of time. {@link #kind()} says which; the message
 * carries Shopify's reason (user error codes and messages, the operation's {@code errorCode}).
 */
public final class BulkOperationException extends ShopifyException {
  private static final long serialVersionUID = 1L;

  /** Why the operation did not deliver. */
  public enum Kind {
    /** Every slot stayed taken ({@code LIMIT_REACHED}, {@code OPERATION_IN_PROGRESS}). */
    BUSY,
    /** Shopify refused to start it with another user error (invalid query, missing file...). */
    REFUSED,
    /** Shopify answered neither an operation nor a user error. */
    NOT_STARTED,
    /** It ended {@code FAILED}, {@code CANCELED} or {@code EXPIRED}. */
    FAILED,
    /** It was still running at its deadline (it was then canceled). */
    TIMED_OUT
  }

  private final Kind kind;
  private final String operationId;

  public BulkOperationException(Kind kind, String operationId, String message) {
    super(message);
    this.kind = kind;
    this.operationId = operationId;
  }

  public Kind kind() {
    return kind;
  }

  /** The operation's global id, or null when none was started. */
  public String operationId() {
    return operationId;
  }
}
