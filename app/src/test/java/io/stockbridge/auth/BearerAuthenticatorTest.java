package io.stockbridge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import io.stockbridge.config.Secret;
import io.stockbridge.testhelper.Jwts;
import io.stockbridge.testhelper.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerAuthenticatorTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef-unit";
  private static final String AUDIENCE = "stockbridge";
  private static final String ISSUER = "https://issuer.example";

  private final MutableClock clock = new MutableClock(System.currentTimeMillis());
  private final Instant now = clock.instant();

  private BearerAuthenticator authenticator(Optional<String> issuer) {
    return new BearerAuthenticator(
        List.of(),
        Optional.of(Secret.of(SECRET)),
        Optional.of(Jwts.rsaPublicKeyPem()),
        Optional.of(AUDIENCE),
        issuer,
        BearerAuthenticator.DEFAULT_CLOCK_SKEW,
        clock);
  }

  private static String bearer(JWTClaimsSet claims) {
    return "Bearer " + Jwts.hs256(SECRET, claims, null);
  }

  private JWTClaimsSet.Builder valid() {
    return Jwts.claimsBuilder(AUDIENCE, now.plusSeconds(300)).issueTime(Date.from(now));
  }

  @Test
  void a_token_valid_now_with_all_claims_is_accepted() {
    JWTClaimsSet claims = valid().notBeforeTime(Date.from(now)).issuer(ISSUER).build();

    assertThat(authenticator(Optional.of(ISSUER)).check(bearer(claims))).isEmpty();
    assertThat(
            authenticator(Optional.empty())
                .check("Bearer " + Jwts.rs256(AUDIENCE, now.plusSeconds(60))))
        .isEmpty();
  }

  @Test
  void a_token_valid_from_tomorrow_is_refused() {
    Instant tomorrow = now.plus(Duration.ofDays(1));
    JWTClaimsSet claims =
        Jwts.claimsBuilder(AUDIENCE, tomorrow.plusSeconds(300))
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(tomorrow))
            .build();

    assertThat(authenticator(Optional.empty()).check(bearer(claims)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("not valid before", "nbf"));
  }

  @Test
  void a_token_whose_not_before_is_within_the_clock_skew_is_accepted() {
    JWTClaimsSet claims = valid().notBeforeTime(Date.from(now.plusSeconds(30))).build();

    assertThat(authenticator(Optional.empty()).check(bearer(claims))).isEmpty();
  }

  @Test
  void a_token_issued_in_the_future_beyond_the_clock_skew_is_refused() {
    JWTClaimsSet claims = valid().issueTime(Date.from(now.plusSeconds(120))).build();

    assertThat(authenticator(Optional.empty()).check(bearer(claims)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("issued in the future", "iat"));
  }

  @Test
  void a_token_issued_a_little_ahead_within_the_clock_skew_is_accepted() {
    JWTClaimsSet claims = valid().issueTime(Date.from(now.plusSeconds(30))).build();

    assertThat(authenticator(Optional.empty()).check(bearer(claims))).isEmpty();
  }

  @Test
  void a_token_expired_beyond_the_clock_skew_is_refused_and_one_within_it_is_accepted() {
    JWTClaimsSet claims = valid().expirationTime(Date.from(now.plusSeconds(10))).build();
    BearerAuthenticator authenticator = authenticator(Optional.empty());

    clock.advance(Duration.ofSeconds(50));
    assertThat(authenticator.check(bearer(claims))).isEmpty();
    clock.advance(Duration.ofSeconds(30));
    assertThat(authenticator.check(bearer(claims)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("JWT expired at"));
  }

  @Test
  void a_token_without_expiry_is_refused() {
    JWTClaimsSet claims = valid().expirationTime(null).build();

    assertThat(authenticator(Optional.empty()).check(bearer(claims)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("no expiry (exp)"));
  }

  @Test
  void a_token_from_another_issuer_is_refused_when_an_issuer_is_required() {
    JWTClaimsSet other = valid().issuer("https://someone-else.example").build();
    JWTClaimsSet none = valid().build();
    BearerAuthenticator authenticator = authenticator(Optional.of(ISSUER));

    assertThat(authenticator.check(bearer(other)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("issuer (iss) is not"));
    assertThat(authenticator.check(bearer(none)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("issuer (iss) is not"));
    assertThat(authenticator(Optional.empty()).check(bearer(other))).isEmpty();
  }

  @Test
  void a_token_typed_for_another_use_is_refused_and_one_typed_jwt_is_accepted() {
    BearerAuthenticator authenticator = authenticator(Optional.empty());

    assertThat(
            authenticator.check(
                "Bearer " + Jwts.hs256(SECRET, valid().build(), JOSEObjectType.JWT)))
        .isEmpty();
    assertThat(
            authenticator.check(
                "Bearer " + Jwts.hs256(SECRET, valid().build(), new JOSEObjectType("at+jwt"))))
        .hasValueSatisfying(reason -> assertThat(reason).contains("typ", "at+jwt"));
  }

  @Test
  void a_refusal_names_the_problem_but_never_the_secret() {
    JWTClaimsSet claims = valid().build();
    String forged = "Bearer " + Jwts.hs256("ffffffffffffffffffffffffffffffffffff", claims, null);

    assertThat(authenticator(Optional.of(ISSUER)).check(forged))
        .hasValueSatisfying(
            reason -> assertThat(reason).contains("signature is not valid").doesNotContain(SECRET));
  }
}
