package io.stockbridge;

/** The database failed or is unreachable; the operation did not happen. */
public final class StorageException extends StockbridgeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
