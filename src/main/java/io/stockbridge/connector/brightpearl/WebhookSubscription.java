package io.stockbridge.connector.brightpearl;

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
}
