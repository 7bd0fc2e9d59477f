package io.stockbridge;

/** Root of Stockbridge's own exceptions; each concept's exceptions live beside it. */
public class StockbridgeException extends RuntimeException {
  public StockbridgeException(String message) {
    super(message);
  }

  public StockbridgeException(String message, Throwable cause) {
    super(message, cause);
  }
}
