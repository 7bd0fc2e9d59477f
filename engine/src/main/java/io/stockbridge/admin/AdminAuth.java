package io.stockbridge.admin;

import io.javalin.http.Context;
import io.stockbridge.auth.AccessKey;
import io.stockbridge.auth.ApiKeyVerifier;
import io.stockbridge.auth.Role;
import io.stockbridge.auth.SessionCookies;
import io.stockbridge.http.ApiException;
import io.stockbridge.store.Storage;
import java.time.Clock;
import java.util.Optional;

/**
 * Checks the admin API key of a request ({@code Authorization: Bearer} or {@code X-Api-Key}), or
 * else its dashboard session cookie (with the CSRF header on changes), and its role.
 */
public final class AdminAuth {
  private final ApiKeyVerifier keys;
  private final SessionCookies sessions;

  public AdminAuth(Storage storage) {
    this.keys = new ApiKeyVerifier(storage.accessKeys());
    this.sessions = new SessionCookies(storage.sessions(), storage.accessKeys(), Clock.systemUTC());
  }

  /** The key's record when it exists and its role allows {@code required}; else 401 or 403. */
  public AccessKey require(Context ctx, Role required) {
    String key = ctx.header("X-Api-Key");
    String authorization = ctx.header("Authorization");
    if (key == null
        && authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = authorization.substring(7).strip();
    }
    if (key == null || key.isBlank()) {
      Optional<AccessKey> session = sessions.authenticate(ctx);
      if (session.isPresent()) {
        return allowed(session.get(), required);
      }
      throw ApiException.unauthorized(
          "missing API key: send 'Authorization: Bearer <key>' or 'X-Api-Key'");
    }
    AccessKey found =
        keys.verify(key)
            .map(stored -> stored.key())
            .orElseThrow(() -> ApiException.unauthorized("API key is not valid"));
    return allowed(found, required);
  }

  private static AccessKey allowed(AccessKey found, Role required) {
    if (!found.role().allows(required)) {
      throw ApiException.forbidden(
          "API key '"
              + found.name()
              + "' is a "
              + found.role().dbValue()
              + "; this needs "
              + required.dbValue());
    }
    return found;
  }
}
