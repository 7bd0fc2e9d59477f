package io.stockbridge.auth;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the stored key behind a presented API key and verifies it in constant time. A key in the
 * generated format is found by its public id (one indexed read, one hash); any other text is looked
 * up as a legacy bare SHA-256 (then resealed with a salt on this first use), else compared with the
 * few sealed keys that have no id. Thread-safe.
 */
public final class ApiKeyVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyVerifier.class);

  private final AccessKeyStore store;

  public ApiKeyVerifier(AccessKeyStore store) {
    this.store = store;
  }

  /** Stores {@code key} sealed under {@code name}, with its public id when it has one. */
  public void create(String name, Role role, String key, long now) {
    store.create(name, role, ApiKeys.keyId(key).orElse(null), ApiKeys.seal(key), now);
  }

  /** The stored key behind {@code presented}, if it is a valid key. */
  public Optional<AccessKeyStore.StoredKey> verify(String presented) {
    Optional<String> keyId = ApiKeys.keyId(presented);
    if (keyId.isPresent()) {
      return store
          .findByKeyId(keyId.get())
          .filter(stored -> ApiKeys.matches(presented, stored.keyHash()));
    }
    Optional<AccessKeyStore.StoredKey> legacy =
        store.findByKeyHash(ApiKeys.hash(presented)).filter(s -> !ApiKeys.isSealed(s.keyHash()));
    if (legacy.isPresent()) {
      AccessKeyStore.StoredKey old = legacy.get();
      String sealed = ApiKeys.seal(presented);
      if (store.replaceHash(old.key().id(), old.keyHash(), sealed)) {
        LOG.info("API key '{}' resealed with a salt on first use", old.key().name());
        return Optional.of(new AccessKeyStore.StoredKey(old.key(), sealed));
      }
      // another node resealed it meanwhile: it is now among the sealed keys without id
    }
    for (AccessKeyStore.StoredKey stored : store.sealedWithoutKeyId()) {
      if (ApiKeys.matches(presented, stored.keyHash())) {
        return Optional.of(stored);
      }
    }
    return Optional.empty();
  }
}
