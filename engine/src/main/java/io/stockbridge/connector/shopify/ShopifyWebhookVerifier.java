package io.stockbridge.connector.shopify;

import io.stockbridge.auth.WebhookSignatures;
import io.stockbridge.config.Secret;

/**
 * Checks a Shopify webhook: {@code X-Shopify-Hmac-Sha256} must be the base64 HMAC-SHA256 of the raw
 * body keyed with the app secret, compared in constant time. Dedupe deliveries on {@code
 * X-Shopify-Event-Id} (duplicates happen). Immutable and thread-safe.
 */
public final class ShopifyWebhookVerifier {
  private final Secret appSecret;

  public ShopifyWebhookVerifier(Secret appSecret) {
    this.appSecret = appSecret;
  }

  /** True when {@code hmacHeader} signs exactly {@code rawBody}; false for a missing header. */
  public boolean verify(byte[] rawBody, String hmacHeader) {
    return WebhookSignatures.verifyShopify(appSecret, rawBody, hmacHeader);
  }
}
