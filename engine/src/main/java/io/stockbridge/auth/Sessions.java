package io.stockbridge.auth;

import java.util.Optional;

/**
 * Server-side login sessions of the dashboard. A session is stored under the SHA-256 of its cookie
 * value (the value itself is never stored) and names the stored hash of the API key it was opened
 * with ({@link AccessKeyStore.StoredKey#keyHash()}), so a revoked or replaced key ends its
 * sessions. Times are epoch milliseconds. Implementations are thread-safe.
 */
public interface Sessions {
  /** A stored session: its key's hash, its CSRF token and when it ends. */
  record Session(String tokenHash, String keyHash, String csrfToken, long expiresAt) {}

  void create(Session session, long now);

  /** The session with this token hash, if it has not expired at {@code now}. */
  Optional<Session> find(String tokenHash, long now);

  /** Ends a session (logout); true when it existed. */
  boolean delete(String tokenHash);

  /** Deletes sessions expired before {@code now}; returns how many. */
  int purgeExpired(long now);
}
