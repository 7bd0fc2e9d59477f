package io.stockbridge.fanout;

import io.stockbridge.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." +
 * body)>} where the key is the base64 after {@code whsec_}; several secrets (during a rotation)
 * give several signatures separated by spaces. Stateless and thread-safe.
 */
public final class WebhookSignature {
  private WebhookSignature() {}

  /**
   * Signs with fixed secrets: each secret's key is decoded and its HMAC initialised once; each
   * message clones the initialised HMAC (no provider look-up, no key set-up per call). Gives the
   * same header as {@link WebhookSignature#header}. Thread-safe.
   */
  public static final class Signer {
    private final List<Secret> secrets;
    private final List<Mac> initialised = new ArrayList<>();

    public Signer(List<Secret> secrets) {
      this.secrets = List.copyOf(secrets);
      for (Secret secret : this.secrets) {
        initialised.add(mac(secret));
      }
    }

    /** The {@code webhook-signature} header value for this signer's secrets, in order. */
    public String header(String id, long timestamp, byte[] body) {
      byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
      StringBuilder header = new StringBuilder(48 * secrets.size());
      for (int i = 0; i < secrets.size(); i++) {
        Mac mac;
        try {
          mac = (Mac) initialised.get(i).clone();
        } catch (CloneNotSupportedException e) {
          mac = mac(secrets.get(i)); // a provider whose HMAC cannot be cloned: set up anew
        }
        mac.update(prefix);
        if (!header.isEmpty()) {
          header.append(' ');
        }
        header.append("v1,").append(Base64.getEncoder().encodeToString(mac.doFinal(body)));
      }
      return header.toString();
    }
  }

  /** The {@code webhook-signature} header value for {@code secrets}, in order. */
  public static String header(List<Secret> secrets, String id, long timestamp, byte[] body) {
    List<String> signatures = new ArrayList<>();
    for (Secret secret : secrets) {
      signatures.add("v1," + sign(secret, id, timestamp, body));
    }
    return String.join(" ", signatures);
  }

  /** The base64 signature of one message with one {@code whsec_} secret. */
  public static String sign(Secret secret, String id, long timestamp, byte[] body) {
    Mac mac = mac(secret);
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(mac.doFinal(body));
  }

  private static Mac mac(Secret secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  /** Whether any {@code v1} signature of {@code header} matches {@code secret} (constant time). */
  public static boolean verify(
      Secret secret, String id, long timestamp, byte[] body, String header) {
    byte[] expected = sign(secret, id, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    boolean found = false;
    for (String part : header.strip().split(" +")) {
      if (part.startsWith("v1,")) {
        found |=
            MessageDigest.isEqual(expected, part.substring(3).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return found;
  }

  private static byte[] key(Secret secret) {
    String text = secret.reveal();
    return Base64.getDecoder().decode(text.startsWith("whsec_") ? text.substring(6) : text);
  }
}
