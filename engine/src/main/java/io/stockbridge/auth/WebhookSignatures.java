package io.stockbridge.auth;

import io.stockbridge.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Shopify's webhook signature: base64 HMAC-SHA256 of the raw body, compared in constant time. */
public final class WebhookSignatures {
  private WebhookSignatures() {}

  public static String shopifyHmac(Secret secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.bytes(), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** True when {@code presented} is the body's HMAC under {@code secret}; constant time. */
  public static boolean verifyShopify(Secret secret, byte[] body, String presented) {
    if (presented == null || presented.isBlank()) {
      return false;
    }
    byte[] expected = shopifyHmac(secret, body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, presented.strip().getBytes(StandardCharsets.US_ASCII));
  }
}
