package io.stockbridge.admin;

import io.javalin.http.Context;
import io.stockbridge.auth.AccessKey;
import io.stockbridge.auth.AccessKeyStore;
import io.stockbridge.auth.ApiKeys;
import io.stockbridge.auth.Role;
import io.stockbridge.http.ApiException;

/**
 * Checks the admin API key of a request ({@code Authorization: Bearer} or {@code X-Api-Key}) and
 * its role.
 */
final class AdminAuth {
  private final AccessKeyStore keys;

  AdminAuth(AccessKeyStore keys) {
    this.keys = keys;
  }

  /** The key's record when it exists and its role allows {@code required}; else 401 or 403. */
  AccessKey require(Context ctx, Role required) {
    String key = ctx.header("X-Api-Key");
    String authorization = ctx.header("Authorization");
    if (key == null
        && authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = authorization.substring(7).strip();
    }
    if (key == null || key.isBlank()) {
      throw ApiException.unauthorized(
          "missing API key: send 'Authorization: Bearer <key>' or 'X-Api-Key'");
    }
    AccessKey found =
        keys.findByHash(ApiKeys.hash(key))
            .orElseThrow(() -> ApiException.unauthorized("API key is not valid"));
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
