package io.stockbridge.simulator.brightpearl;

/**
 * A webhook registered with {@code POST /integration-service/webhook}, fields as in the real API.
 * {@code qualityOfService} 0 retries only on 503, 1 retries everything but 4xx.
 */
public record WebhookRegistration(
    long id,
    String subscribeTo,
    String httpMethod,
    String uriTemplate,
    String bodyTemplate,
    String contentType,
    boolean idSetAccepted,
    int qualityOfService) {

  /**
   * Whether an event such as {@code product.modified.on-hand-modified} is covered: the subscription
   * names the event itself or one of its ancestors ({@code product}, {@code product.modified}).
   */
  public boolean covers(String event) {
    String subscription = subscribeTo.strip().toLowerCase(java.util.Locale.ROOT);
    return event.equals(subscription) || event.startsWith(subscription + ".");
  }
}
