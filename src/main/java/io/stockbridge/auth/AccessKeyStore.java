package io.stockbridge.auth;

import java.util.List;
import java.util.Optional;

/** Stored admin API keys, by hash. Implementations are thread-safe. */
public interface AccessKeyStore {
  /** Stores a key; throws {@link IllegalArgumentException} when the name is taken. */
  void create(String name, Role role, String keyHash, long now);

  Optional<AccessKey> findByHash(String keyHash);

  List<AccessKey> list();

  boolean revoke(String name);
}
