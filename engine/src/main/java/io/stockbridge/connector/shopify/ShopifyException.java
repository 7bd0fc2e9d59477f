package io.stockbridge.connector.shopify;

/** Root of the Shopify connector's exceptions. Messages never contain credentials. */
public class ShopifyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ShopifyException(String message, Throwable cause) {
    super(message, cause);
  }

  public ShopifyException(String message) {
    super(message);
  }
}
