package io.stockbridge.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.stockbridge.config.Secret;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer} on the generic event endpoint: a static token, or a
 * JWT signed HS256 (shared secret) or RS256 (public key), with expiry required and the audience
 * checked when configured. Returns a reason instead of throwing. Thread-safe.
 */
public final class BearerAuthenticator {
  private static final long CLOCK_SKEW_MILLIS = 30_000;

  private final List<Secret> staticTokens;
  private final Optional<Secret> hmacSecret;
  private final Optional<RSAPublicKey> rsaKey;
  private final Optional<String> audience;
  private final Clock clock;

  public BearerAuthenticator(
      List<Secret> staticTokens,
      Optional<Secret> hmacSecret,
      Optional<String> rsaPublicKeyPem,
      Optional<String> audience,
      Clock clock) {
    this.staticTokens = List.copyOf(staticTokens);
    this.hmacSecret = hmacSecret;
    this.rsaKey = rsaPublicKeyPem.map(BearerAuthenticator::parsePem);
    this.audience = audience;
    this.clock = clock;
  }

  /** Whether any way to authenticate is configured. */
  public boolean isConfigured() {
    return !staticTokens.isEmpty() || hmacSecret.isPresent() || rsaKey.isPresent();
  }

  static RSAPublicKey parsePem(String pem) {
    String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "sources.generic.jwt.rsaPublicKeyPem is not a PEM RSA public key", e);
    }
  }

  /** Empty when the header authenticates; otherwise the reason it does not. */
  public Optional<String> check(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      return Optional.of("missing Authorization header; expected 'Bearer <token>'");
    }
    if (!authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of("Authorization must use the Bearer scheme");
    }
    String token = authorizationHeader.substring(7).strip();
    boolean staticMatch = false;
    for (Secret candidate : staticTokens) {
      staticMatch |= candidate.matches(token); // no early exit: same time whichever token matches
    }
    if (staticMatch) {
      return Optional.empty();
    }
    if (token.chars().filter(c -> c == '.').count() != 2) {
      return Optional.of("bearer token is not valid");
    }
    return checkJwt(token);
  }

  private Optional<String> checkJwt(String token) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return Optional.of("bearer token is not a valid JWT");
    }
    JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
    JWSVerifier verifier;
    try {
      if (JWSAlgorithm.HS256.equals(algorithm) && hmacSecret.isPresent()) {
        verifier = new MACVerifier(hmacSecret.get().bytes());
      } else if (JWSAlgorithm.RS256.equals(algorithm) && rsaKey.isPresent()) {
        verifier = new RSASSAVerifier(rsaKey.get());
      } else {
        return Optional.of("JWT algorithm " + algorithm + " is not accepted here");
      }
      if (!jwt.verify(verifier)) {
        return Optional.of("JWT signature is not valid");
      }
    } catch (JOSEException e) {
      return Optional.of("JWT signature could not be verified");
    }
    Date expiry = claims.getExpirationTime();
    if (expiry == null) {
      return Optional.of("JWT has no expiry (exp)");
    }
    if (expiry.getTime() + CLOCK_SKEW_MILLIS < clock.millis()) {
      return Optional.of("JWT expired at " + expiry.toInstant());
    }
    if (audience.isPresent()
        && (claims.getAudience() == null || !claims.getAudience().contains(audience.get()))) {
      return Optional.of("JWT audience does not include '" + audience.get() + "'");
    }
    return Optional.empty();
  }
}
