package io.stockbridge.testhelper;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/** Signs JWTs for tests (HS256 with a shared secret, RS256 with a generated key pair). */
public final class Jwts {
  public static final KeyPair RSA = generateRsa();

  private Jwts() {}

  private static KeyPair generateRsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String rsaPublicKeyPem() {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(RSA.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----";
  }

  public static String hs256(String secret, String audience, Instant expiry) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(audience, expiry));
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String rs256(String audience, Instant expiry) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims(audience, expiry));
      jwt.sign(new RSASSASigner(RSA.getPrivate()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Claims as {@link #hs256(String, String, Instant)} sets them, to adjust before signing. */
  public static JWTClaimsSet.Builder claimsBuilder(String audience, Instant expiry) {
    return new JWTClaimsSet.Builder(claims(audience, expiry));
  }

  /** HS256 over the given claims, with {@code typ} set when {@code type} is not null. */
  public static String hs256(String secret, JWTClaimsSet claims, JOSEObjectType type) {
    try {
      JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(type).build();
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JWTClaimsSet claims(String audience, Instant expiry) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder().subject("test-system").issueTime(new Date());
    if (audience != null) {
      claims.audience(audience);
    }
    if (expiry != null) {
      claims.expirationTime(Date.from(expiry));
    }
    return claims.build();
  }
}
