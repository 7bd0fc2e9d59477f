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
    JsonNode json = Json.parseObject(body);
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
    String key = scalar(json, "key");
    String store = scalar(json, "store");
    String idempotencyKey = ctx.header("Idempotency-Key");
    String dedupeKey =
        idempotencyKey == null || idempotencyKey.isBlank()
            ? null
            : SOURCE + "|" + idempotencyKey.strip();
    return new IncomingEvent(SOURCE, type.asText(), key, store, dedupeKey, body);
  }

  private static String scalar(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() && !value.isNumber()) {
      throw ApiException.badRequest("field '" + field + "' must be a string or a number");
    }
    return value.asText();
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
