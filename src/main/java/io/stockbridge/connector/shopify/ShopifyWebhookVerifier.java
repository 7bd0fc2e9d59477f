package io.stockbridge.connector.shopify;

import io.stockbridge.config.Secret;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
    if (hmacHeader == null) {
      return false;
    }
    byte[] presented;
    try {
      presented = Base64.getDecoder().decode(hmacHeader.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(rawBody), presented);
  }

  private byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.bytes(), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
