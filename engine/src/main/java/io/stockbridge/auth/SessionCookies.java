package io.stockbridge.auth;

import io.javalin.http.Context;
import io.stockbridge.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Dashboard sessions carried by a cookie: opened with an API key, ended by logout or expiry. The
 * cookie is {@code HttpOnly; SameSite=Strict} (and {@code Secure} on HTTPS); its value is 256
 * random bits. Every request that changes state must also send the session's CSRF token in {@value
 * #CSRF_HEADER}; a request that does not is refused with 403. Thread-safe.
 */
public final class SessionCookies {
  public static final String COOKIE = "sb_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /** How long a session lasts after login. */
  public static final Duration TTL = Duration.ofHours(8);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Sessions sessions;
  private final AccessKeyStore keys;
  private final ApiKeyVerifier verifier;
  private final Clock clock;

  public SessionCookies(Sessions sessions, AccessKeyStore keys, Clock clock) {
    this.sessions = sessions;
    this.keys = keys;
    this.verifier = new ApiKeyVerifier(keys);
    this.clock = clock;
  }

  /** A new session opened with {@code key}. */
  public record Opened(String cookieValue, Sessions.Session session, AccessKey key) {}

  /**
   * Opens a session for a valid API key and sets its cookie; 401 (without saying more) for any
   * other key.
   */
  public Opened login(Context ctx, String apiKey) {
    AccessKeyStore.StoredKey stored =
        verifier
            .verify(apiKey)
            .orElseThrow(() -> ApiException.unauthorized("API key is not valid"));
    AccessKey key = stored.key();
    String keyHash = stored.keyHash();
    long now = clock.millis();
    String value = randomToken();
    Sessions.Session session =
        new Sessions.Session(hash(value), keyHash, randomToken(), now + TTL.toMillis());
    sessions.purgeExpired(now);
    sessions.create(session, now);
    ctx.header("Set-Cookie", cookie(ctx, value, TTL.toSeconds()));
    return new Opened(value, session, key);
  }

  /** Ends the request's session, if any, and clears its cookie. */
  public void logout(Context ctx) {
    String value = ctx.cookie(COOKIE);
    if (value != null && !value.isBlank()) {
      sessions.delete(hash(value));
    }
    ctx.header("Set-Cookie", cookie(ctx, "", 0));
  }

  /** The live session of this request and its key, if it carries one. */
  public Optional<Current> current(Context ctx) {
    String value = ctx.cookie(COOKIE);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return sessions
        .find(hash(value), clock.millis())
        .flatMap(
            session ->
                keys.findByKeyHash(session.keyHash())
                    .map(stored -> new Current(session, stored.key())));
  }

  /** A request's session and the API key behind it. */
  public record Current(Sessions.Session session, AccessKey key) {}

  /**
   * The key behind this request's session when it has one; for a method other than GET or HEAD the
   * CSRF header must match the session's token, else 403.
   */
  public Optional<AccessKey> authenticate(Context ctx) {
    Optional<Current> current = current(ctx);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    String method = ctx.method().name();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      String sent = ctx.header(CSRF_HEADER);
      if (sent == null
          || !MessageDigest.isEqual(
              sent.getBytes(StandardCharsets.UTF_8),
              current.get().session().csrfToken().getBytes(StandardCharsets.UTF_8))) {
        throw ApiException.forbidden(
            "missing or wrong " + CSRF_HEADER + " header: reload the dashboard and try again");
      }
    }
    return Optional.of(current.get().key());
  }

  private static String cookie(Context ctx, String value, long maxAgeSeconds) {
    String secure = "https".equalsIgnoreCase(ctx.scheme()) ? "; Secure" : "";
    return COOKIE
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict"
        + secure;
  }

  private static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String hash(String value) {
    return ApiKeys.hash(value);
  }
}
