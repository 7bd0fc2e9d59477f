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
 * ID set. Brightpearl signs nothing, so the per-account secret travels in the registered URI
 * ({@code ?secret=}) or a header. Dedupe key: account, event name, ID set and raised-on time.
 */
final class BrightpearlWebhooks {
  static final String SOURCE = "brightpearl";

  private final Map<String, Secret> accountSecrets;

  BrightpearlWebhooks(Map<String, Secret> accountSecrets) {
    this.accountSecrets = Map.copyOf(accountSecrets);
  }

  IncomingEvent parse(Exchange ctx, byte[] body) {
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
    JsonNode json = Json.parseObject(body);
    String resourceType = required(json, WebhookTemplate.FIELD_RESOURCE_TYPE);
    String lifecycle = required(json, WebhookTemplate.FIELD_LIFECYCLE);
    String rawIds = required(json, WebhookTemplate.FIELD_ID_SET);
    IdSet ids;
    try {
      ids = IdSet.parse(rawIds);
    } catch (InvalidIdSetException e) {
      throw ApiException.badRequest(
          "field '" + WebhookTemplate.FIELD_ID_SET + "': " + e.getMessage());
    }
    String specifier = json.path(WebhookTemplate.FIELD_SPECIFIER).asText(null);
    String type = WebhookTemplate.eventName(resourceType, lifecycle, specifier);
    String raisedOn = json.path(WebhookTemplate.FIELD_RAISED_ON).asText(null);
    String dedupeKey =
        raisedOn == null || raisedOn.isBlank()
            ? null
            : String.join("|", SOURCE, account, type, ids.toString(), raisedOn);
    return new IncomingEvent(SOURCE, type, ids.toString(), account, dedupeKey, body);
  }

  private static String required(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()) {
      throw ApiException.badRequest("missing field '" + field + "'");
    }
    return value.asText();
  }
}
