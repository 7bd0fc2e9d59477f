package io.stockbridge.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The claims a generic-source JWT must satisfy: nimbus's checks of {@code exp} (required), {@code
 * nbf}, the audience and issuer (each when configured), all against the injected clock with the
 * configured skew; plus an {@code iat} no further in the future than the skew, which nimbus does
 * not check. Thread-safe.
 */
final class JwtClaimsRules extends DefaultJWTClaimsVerifier<SecurityContext> {
  private final Optional<String> audience;
  private final Optional<String> issuer;
  private final Clock clock;
  private final Duration clockSkew;

  JwtClaimsRules(
      Optional<String> audience, Optional<String> issuer, Duration clockSkew, Clock clock) {
    super(
        audience.map(Set::of).orElse(null),
        issuer.map(value -> new JWTClaimsSet.Builder().issuer(value).build()).orElse(null),
        requiredClaims(audience, issuer),
        null);
    this.audience = audience;
    this.issuer = issuer;
    this.clock = clock;
    this.clockSkew = clockSkew;
    setMaxClockSkew(Math.toIntExact(clockSkew.toSeconds()));
  }

  private static Set<String> requiredClaims(Optional<String> audience, Optional<String> issuer) {
    Set<String> required = new HashSet<>(Set.of("exp"));
    audience.ifPresent(value -> required.add("aud"));
    issuer.ifPresent(value -> required.add("iss"));
    return required;
  }

  /** Our wording for nimbus's refusal: the rule and the token's own value, never a key. */
  private String reason(JWTClaimsSet claims, String nimbusMessage) {
    String message = nimbusMessage == null ? "" : nimbusMessage;
    if (claims.getExpirationTime() == null) {
      return "JWT has no expiry (exp)";
    }
    if (message.startsWith("Expired")) {
      return "JWT expired at " + claims.getExpirationTime().toInstant();
    }
    if (message.contains("before use time")) {
      return "JWT is not valid before " + claims.getNotBeforeTime().toInstant() + " (nbf)";
    }
    if (audience.isPresent() && message.contains("aud")) {
      return "JWT audience does not include '" + audience.get() + "'";
    }
    if (issuer.isPresent() && message.contains("iss")) {
      return "JWT issuer (iss) is not '" + issuer.get() + "'";
    }
    return "JWT claims rejected: " + message;
  }

  @Override
  protected Date currentTime() {
    return Date.from(clock.instant());
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
    try {
      super.verify(claims, context);
    } catch (BadJWTException e) {
      throw new BadJWTException(reason(claims, e.getMessage()), e);
    }
    Date issuedAt = claims.getIssueTime();
    if (issuedAt != null && issuedAt.toInstant().isAfter(clock.instant().plus(clockSkew))) {
      throw new BadJWTException("JWT issued in the future (iat " + issuedAt.toInstant() + ")");
    }
  }
}
