package io.stockbridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.brightpearl.WebhookTemplate;
import io.stockbridge.config.Secret;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.Exchange;
import io.stockbridge.http.Json;
import io.stockbridge.idset.IdSet;
import io.stockbridge.idset.InvalidIdSetException;
import java.util.Map;

/**
 * {@code POST /webhooks/brightpearl/{account}}: the body our registered template renders, ids as an
 * ID set of any length (a CSV import names hundreds of scattered ids). Brightpearl signs nothing,
 * so the per-account secret travels in the registered URI ({@code ?secret=}) or a header. The event
 * is the one the template names ({@code event}, written in at registration); bodies of webhooks
 * registered before that are read from {@code resourceType}, {@code lifecycleEvent} and {@code
 * resourceSpecifier}. Dedupe key: account, event name, ID set and raised-on time.
 */
final class BrightpearlWebhooks implements IngestSource {
  static final String SOURCE = "brightpearl";

  private final Map<String, Secret> accountSecrets;
  private final long maxIdSetIds;

  /**
   * {@code maxIdSetIds}: most ids an ID set may span (configuration {@code ingest.maxIdSetIds}).
   */
  BrightpearlWebhooks(Map<String, Secret> accountSecrets, long maxIdSetIds) {
    this.accountSecrets = Map.copyOf(accountSecrets);
    this.maxIdSetIds = maxIdSetIds;
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
    String account = ctx.pathParam("account");
    Secret secret = accountSecrets.get(account);
    if (secret == null) {
      throw ApiException.notFound("unknown Brightpearl account '" + account + "'");
    }
    String presented = ctx.header(WebhookTemplate.SECRET_HEADER);
    if (presented == null) {
      presented = ctx.queryParam(WebhookTemplate.SECRET_QUERY_PARAM);
    }
    if (presented == null) {
      throw ApiException.unauthorized("missing webhook secret for account '" + account + "'");
    }
    if (!secret.matches(presented)) {
      throw ApiException.unauthorized(
          "webhook secret does not match for account '" + account + "'");
    }
  }

  @Override
  public IncomingEvent parse(Exchange ctx, byte[] body) {
    String account = ctx.pathParam("account");
    JsonNode json = Json.parseRequest(body);
    String type = eventOf(json);
    String rawIds = required(json, WebhookTemplate.FIELD_ID_SET);
    IdSet ids;
    try {
      ids = IdSet.parse(rawIds, maxIdSetIds);
    } catch (InvalidIdSetException e) {
      throw ApiException.badRequest(
          "field '"
              + WebhookTemplate.FIELD_ID_SET
              + "': "
              + e.getMessage()
              + (e.exceedsLimit() ? "; the limit is ingest.maxIdSetIds" : ""));
    }
    String raisedOn = json.path(WebhookTemplate.FIELD_RAISED_ON).asText(null);
    if (raisedOn != null) {
      IngestFields.requireAsciiDigits(WebhookTemplate.FIELD_RAISED_ON, raisedOn);
    }
    String key = ids.toString();
    String dedupeKey =
        raisedOn == null || raisedOn.isBlank()
            ? null
            : String.join("|", SOURCE, account, type, key, raisedOn);
    return new IncomingEvent(SOURCE, type, key, account, dedupeKey, body);
  }

  /** The event the webhook was registered for: named by the template, else (older) assembled. */
  private static String eventOf(JsonNode json) {
    JsonNode named = json.get(WebhookTemplate.FIELD_EVENT);
    if (named != null && !named.isNull()) {
      if (!named.isTextual() || !WebhookTemplate.isEventName(named.asText())) {
        throw ApiException.badRequest(
            "field '"
                + WebhookTemplate.FIELD_EVENT
                + "' must be a Brightpearl event name such as"
                + " 'product.modified.on-hand-modified'");
      }
      return WebhookTemplate.eventOf(
          named.asText(), json.path(WebhookTemplate.FIELD_SPECIFIER).asText(null));
    }
    String resourceType = required(json, WebhookTemplate.FIELD_RESOURCE_TYPE);
    String lifecycle = required(json, WebhookTemplate.FIELD_LIFECYCLE);
    String specifier = json.path(WebhookTemplate.FIELD_SPECIFIER).asText(null);
    return WebhookTemplate.eventName(resourceType, lifecycle, specifier);
  }

  private static String required(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()) {
      throw ApiException.badRequest("missing field '" + field + "'");
    }
    return value.asText();
  }
}
