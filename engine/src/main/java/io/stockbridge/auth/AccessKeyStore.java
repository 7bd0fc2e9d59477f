package io.stockbridge.auth;

import java.util.List;
import java.util.Optional;

/**
 * Stored admin API keys. A row holds the key's sealed hash ({@link ApiKeys#seal}, or a legacy bare
 * SHA-256) and, for keys in the generated format, their public id. The key itself is never stored.
 * Implementations are thread-safe.
 */
public interface AccessKeyStore {
  /** A key's record with its stored hash (never shown to anyone). */
  record StoredKey(AccessKey key, String keyHash) {}

  /**
   * Stores a key; {@code keyId} is null for a key without an embedded id. Throws {@link
   * IllegalArgumentException} when the name (or the id) is taken.
   */
  void create(String name, Role role, String keyId, String keyHash, long now);

  /** The key with this public id. */
  Optional<StoredKey> findByKeyId(String keyId);

  /** The key whose stored hash is exactly {@code keyHash} (legacy lookup; sessions). */
  Optional<StoredKey> findByKeyHash(String keyHash);

  /** Keys without a public id whose hash is sealed (few: the bootstrap key, upgraded old keys). */
  List<StoredKey> sealedWithoutKeyId();

  /** Replaces a key's stored hash if it is still {@code oldHash}; true when it was replaced. */
  boolean replaceHash(long id, String oldHash, String newHash);

  List<AccessKey> list();

  boolean revoke(String name);
}
