package io.stockbridge.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.stockbridge.config.Secret;
import java.security.Key;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates {@code Authorization: Bearer} on the generic event endpoint: a static token, or a
 * JWT signed HS256 (shared secret) or RS256 (public key), verified by nimbus's {@code
 * DefaultJWTProcessor}: {@code typ} absent or {@code JWT}, {@code exp} required, {@code nbf} and
 * {@code iat} not after now plus the clock skew, audience and issuer required when configured.
 * Returns a reason (naming the failed rule, never a key) instead of throwing. Thread-safe.
 */
public final class BearerAuthenticator {
  /** Default tolerance for {@code nbf}, {@code iat} and {@code exp} between clocks. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  private final List<Secret> staticTokens;
  private final Optional<Secret> hmacSecret;
  private final Optional<RSAPublicKey> rsaKey;
  private final JwtClaimsRules claimsRules;

  public BearerAuthenticator(
      List<Secret> staticTokens,
      Optional<Secret> hmacSecret,
      Optional<String> rsaPublicKeyPem,
      Optional<String> audience,
      Optional<String> issuer,
      Duration clockSkew,
      Clock clock) {
    this.staticTokens = List.copyOf(staticTokens);
    this.hmacSecret = hmacSecret;
    this.rsaKey = rsaPublicKeyPem.map(BearerAuthenticator::parsePem);
    this.claimsRules = new JwtClaimsRules(audience, issuer, clockSkew, clock);
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
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      return Optional.of("bearer token is not a valid JWT");
    }
    JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
    Optional<Key> key = keyFor(algorithm);
    if (key.isEmpty()) {
      return Optional.of("JWT algorithm " + algorithm + " is not accepted here");
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    // Absent or "JWT" only: RFC 7519 section 5.1; a token typed for another use is not ours.
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
    processor.setJWSKeySelector(new SingleKeySelector(algorithm, key.get()));
    processor.setJWTClaimsSetVerifier(claimsRules);
    try {
      processor.process(jwt, null);
      return Optional.empty();
    } catch (BadJWSException e) {
      return Optional.of("JWT signature is not valid");
    } catch (BadJOSEException e) {
      // nimbus's reasons name the failed rule (expired, before use time, missing claims, typ)
      // and at most the token's own claim values; never our keys.
      return Optional.of(e.getMessage());
    } catch (JOSEException e) {
      return Optional.of("JWT signature could not be verified");
    }
  }

  /** The one key an algorithm may use here: the algorithm is pinned per key. */
  private Optional<Key> keyFor(JWSAlgorithm algorithm) {
    if (JWSAlgorithm.HS256.equals(algorithm) && hmacSecret.isPresent()) {
      return Optional.of(new SecretKeySpec(hmacSecret.get().bytes(), "HmacSHA256"));
    }
    if (JWSAlgorithm.RS256.equals(algorithm) && rsaKey.isPresent()) {
      return Optional.of(rsaKey.get());
    }
    return Optional.empty();
  }

  private record SingleKeySelector(JWSAlgorithm algorithm, Key key)
      implements JWSKeySelector<SecurityContext> {
    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) {
      return algorithm.equals(header.getAlgorithm()) ? List.of(key) : List.of();
    }
  }
}
