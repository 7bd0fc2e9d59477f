package io.stockbridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keys stored in a unique or ordering index (dedupe keys, work item keys) in a bounded form: a key
 * of at most {@link #MAX_CHARS} characters is kept as it is; a longer one (a dedupe key naming an
 * ID set of thousands of ids) is replaced by {@code sha256:} and the SHA-256 (hex) of its UTF-8
 * bytes. The same key always gives the same stored form, so deduplication and ordering are
 * unchanged. Stateless, thread-safe.
 */
public final class BoundedKeys {
  /**
   * Longest key kept verbatim. 500 characters are at most 2,000 bytes of UTF-8, within PostgreSQL's
   * b-tree limit of about 2,700 bytes per index row; keys stored before this rule (all at most 500
   * characters) keep their form.
   */
  public static final int MAX_CHARS = 500;

  private static final String PREFIX = "sha256:";

  private BoundedKeys() {}

  /** {@code key} itself when short enough (or null), else {@code sha256:<64 hex digits>}. */
  public static String bounded(String key) {
    if (key == null || key.length() <= MAX_CHARS) {
      return key;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
