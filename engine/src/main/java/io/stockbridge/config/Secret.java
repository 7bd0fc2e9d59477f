package io.stockbridge.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A credential (access token, webhook secret, API key). {@link #toString()} never shows the value,
 * so a secret that reaches a log line, an error message or JSON output appears as {@code ****}.
 * Immutable and thread-safe.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The actual value, for the one place that sends it (a header, an HMAC key). */
  public String reveal() {
    return value;
  }

  public byte[] bytes() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** Compares with a presented value in constant time (no early exit on the first difference). */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(bytes(), presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "****";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret that && MessageDigest.isEqual(bytes(), that.bytes());
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
