package io.stockbridge.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Admin API keys: {@code sbk_<id>_<secret>}, a public id of 64 random bits (how the stored row is
 * found) and a secret of 256 random bits, shown once at creation. A key is stored sealed as {@code
 * s1$<salt-hex>$<sha256(salt || key)-hex>} with a per-key random salt; a fast hash is right for
 * random keys (there is nothing to guess from a dictionary), the salt keeps equal keys apart and
 * makes precomputed tables useless. Keys stored before salting (a bare SHA-256 hex) still verify.
 * Thread-safe.
 */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SEALED_PREFIX = "s1$";
  private static final Pattern FORMAT = Pattern.compile("sbk_([0-9a-f]{16})_[A-Za-z0-9_-]{43}");
  private static final HexFormat HEX = HexFormat.of();

  private ApiKeys() {}

  /** A new random key with its public id embedded. */
  public static String generate() {
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return "sbk_"
        + HEX.formatHex(id)
        + "_"
        + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** The public id of a key in the {@link #generate()} format; empty for any other text. */
  public static Optional<String> keyId(String key) {
    Matcher matcher = FORMAT.matcher(key);
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** The stored form of {@code key}: a fresh random salt and the SHA-256 of salt and key. */
  public static String seal(String key) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return SEALED_PREFIX + HEX.formatHex(salt) + "$" + HEX.formatHex(saltedDigest(salt, key));
  }

  /** True when {@code stored} is a sealed value (not a legacy bare hash). */
  public static boolean isSealed(String stored) {
    return stored.startsWith(SEALED_PREFIX);
  }

  /**
   * True when {@code key} is the key behind {@code stored} (sealed or legacy), compared in constant
   * time.
   */
  public static boolean matches(String key, String stored) {
    if (!isSealed(stored)) {
      return MessageDigest.isEqual(
          hash(key).getBytes(StandardCharsets.US_ASCII),
          stored.getBytes(StandardCharsets.US_ASCII));
    }
    int split = stored.indexOf('$', SEALED_PREFIX.length());
    if (split < 0) {
      return false;
    }
    byte[] salt;
    byte[] expected;
    try {
      salt = HEX.parseHex(stored, SEALED_PREFIX.length(), split);
      expected = HEX.parseHex(stored, split + 1, stored.length());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(saltedDigest(salt, key), expected);
  }

  /**
   * A plain SHA-256 hex: for random tokens (session cookies), fingerprints, and to find a legacy
   * key row. Never store a new API key with it; use {@link #seal}.
   */
  public static String hash(String value) {
    return HEX.formatHex(sha256().digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] saltedDigest(byte[] salt, String key) {
    MessageDigest digest = sha256();
    digest.update(salt);
    return digest.digest(key.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
