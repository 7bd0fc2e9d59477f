package io.stockbridge.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Admin API keys: 256 random bits, shown once at creation, stored as a SHA-256 hash (a fast hash is
 * right for random keys: there is nothing to guess from a dictionary). Thread-safe.
 */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "sbk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Eight random hex digits, for a key name that must be unique but say nothing of the key. */
  public static String randomSuffix() {
    return HexFormat.of().toHexDigits(RANDOM.nextInt());
  }

  public static String hash(String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
