package io.stockbridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.auth.BearerAuthenticator;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.Exchange;
import io.stockbridge.http.Json;
import java.util.regex.Pattern;

/**
 * {@code POST /events}: a JSON event {@code {"type", "key"?, "store"?, "data"?}} from any system,
 * authenticated by a bearer token or JWT; deduplicated on the {@code Idempotency-Key} header.
 */
final class GenericEvents implements IngestSource {
  static final String SOURCE = "generic";
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:-]{0,199}");

  private final BearerAuthenticator authenticator;

  GenericEvents(BearerAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public String name() {
    return SOURCE;
  }

  @Override
  public boolean signsBody() {
    return false;
  }

  @Override
  public void authenticate(Exchange ctx, byte[] body) {
    if (!authenticator.isConfigured()) {
      throw ApiException.unauthorized(
          "generic events are disabled: no token or JWT key is configured");
    }
    authenticator
        .check(ctx.header("Authorization"))
        .ifPresent(
            reason -> {
              throw ApiException.unauthorized(reason);
            });
  }

  @Override
  public IncomingEvent parse(Exchange ctx, byte[] body) {
    JsonNode json = Json.parseRequest(body);
    JsonNode type = json.get("type");
    if (type == null || !type.isTextual() || type.asText().isBlank()) {
      throw ApiException.badRequest("missing field 'type' (a string such as 'stock.changed')");
    }
    if (!TYPE.matcher(type.asText()).matches()) {
      throw ApiException.badRequest(
          "field 'type' must be 1-200 letters, digits or . _ / : - ; got '"
              + abbreviate(type.asText())
              + "'");
    }
    String key = IngestFields.idOrText(json, "key");
    String store = IngestFields.idOrText(json, "store");
    String idempotencyKey = IngestFields.header(ctx, "Idempotency-Key");
    String dedupeKey =
        idempotencyKey == null || idempotencyKey.isBlank()
            ? null
            : SOURCE + "|" + idempotencyKey.strip();
    return new IncomingEvent(
        SOURCE,
        type.asText(),
        key,
        store,
        dedupeKey,
        body,
        dedupeKey == null ? null : sha256(body));
  }

  private static String sha256(byte[] body) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
