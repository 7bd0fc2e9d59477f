package io.stockbridge.connector.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A webhook as registered with Brightpearl ({@code id} null before registration). The {@code
 * uriTemplate} may carry our secret in its query, so {@link #toString()} hides the query.
 * Immutable.
 */
public record WebhookSubscription(
    Long id,
    String subscribeTo,
    String httpMethod,
    String uriTemplate,
    String bodyTemplate,
    String contentType,
    boolean idSetAccepted,
    int qualityOfService) {

  /** The URI template with its query replaced by {@code ?****}, safe to print. */
  public String redactedUri() {
    int query = uriTemplate.indexOf('?');
    return query < 0 ? uriTemplate : uriTemplate.substring(0, query) + "?****";
  }

  @Override
  public String toString() {
    return "WebhookSubscription[id="
        + id
        + ", subscribeTo="
        + subscribeTo
        + ", httpMethod="
        + httpMethod
        + ", uri="
        + redactedUri()
        + ", idSetAccepted="
        + idSetAccepted
        + ", qualityOfService="
        + qualityOfService
        + "]";
  }

  static WebhookSubscription from(JsonNode node) {
    return new WebhookSubscription(
        node.path("id").asLong(),
        node.path("subscribeTo").asText(),
        node.path("httpMethod").asText(),
        node.path("uriTemplate").asText(),
        node.path("bodyTemplate").asText(null),
        node.path("contentType").asText(null),
        node.path("idSetAccepted").asBoolean(false),
        node.path("qualityOfService").asInt(0));
  }

  /** The JSON body of {@code POST /integration-service/webhook}. */
  String registrationBody() {
    return BrightpearlTransport.MAPPER
        .createObjectNode()
        .put("subscribeTo", subscribeTo)
        .put("httpMethod", httpMethod)
        .put("uriTemplate", uriTemplate)
        .put("bodyTemplate", bodyTemplate)
        .put("contentType", contentType)
        .put("idSetAccepted", idSetAccepted)
        .put("qualityOfService", qualityOfService)
        .toString();
  }
}
