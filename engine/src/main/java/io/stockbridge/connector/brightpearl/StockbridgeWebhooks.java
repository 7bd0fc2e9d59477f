package io.stockbridge.connector.brightpearl;

import io.stockbridge.brightpearl.WebhookTemplate;
import io.stockbridge.config.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the webhooks Stockbridge needs on an account: {@link #EVENTS}, each POSTing {@link
 * WebhookTemplate#body its event's template} (the event's name written in) as JSON to the callback
 * URL with our secret in the query ({@code ?secret=...}), {@code idSetAccepted: true} and {@code
 * qualityOfService: 1}. Idempotent: a webhook that is already registered as wanted is kept; one for
 * the same event and callback with another secret or template (such as the older template that
 * relied on {@code ${resource-specifier}}) is replaced. Stateless, thread-safe.
 */
public final class StockbridgeWebhooks {
  /** The events registered, as text (a constant, so the CLI's help can say it). */
  public static final String EVENT_LIST =
      "product.created, product.modified, product.destroyed, product.modified.on-hand-modified,"
          + " brightpearl-category.modified";

  public static final List<String> EVENTS = List.of(EVENT_LIST.split(", "));

  /** What happened to one event's webhook: {@code registered}, {@code kept} or {@code replaced}. */
  public record Result(String event, long webhookId, String action) {}

  private StockbridgeWebhooks() {}

  /** The webhook Stockbridge wants for {@code event}. */
  public static WebhookSubscription wanted(String event, URI callbackUrl, Secret secret) {
    String base = callbackUrl.toString();
    String uri =
        base
            + (base.contains("?") ? "&" : "?")
            + WebhookTemplate.SECRET_QUERY_PARAM
            + "="
            + URLEncoder.encode(secret.reveal(), StandardCharsets.UTF_8);
    return new WebhookSubscription(
        null,
        event,
        "POST",
        uri,
        WebhookTemplate.body(event),
        WebhookTemplate.CONTENT_TYPE,
        true,
        1);
  }

  /**
   * How {@code present} differs from what this version registers for its event, apart from the
   * callback URL and secret (which {@code list} cannot know): empty when it is as wanted; null when
   * its event is not one Stockbridge registers.
   */
  public static List<String> differences(WebhookSubscription present) {
    if (!EVENTS.contains(present.subscribeTo())) {
      return null;
    }
    List<String> differences = new ArrayList<>();
    if (!WebhookTemplate.body(present.subscribeTo()).equals(present.bodyTemplate())) {
      differences.add(
          WebhookTemplate.LEGACY_BODY.equals(present.bodyTemplate())
              ? "older template (relies on ${resource-specifier})"
              : "body template differs");
    }
    if (!"POST".equalsIgnoreCase(present.httpMethod())) {
      differences.add("method " + present.httpMethod());
    }
    if (!WebhookTemplate.CONTENT_TYPE.equals(present.contentType())) {
      differences.add("content type " + present.contentType());
    }
    if (!present.idSetAccepted()) {
      differences.add("idSetAccepted false");
    }
    if (present.qualityOfService() != 1) {
      differences.add("qualityOfService " + present.qualityOfService());
    }
    return differences;
  }

  public static List<Result> register(BrightpearlClient client, URI callbackUrl, Secret secret) {
    List<WebhookSubscription> existing = client.webhooks();
    List<Result> results = new ArrayList<>();
    for (String event : EVENTS) {
      WebhookSubscription wanted = wanted(event, callbackUrl, secret);
      String action = "registered";
      Long keptId = null;
      for (WebhookSubscription present : existing) {
        if (!present.subscribeTo().equals(event)
            || !present.redactedUri().equals(wanted.redactedUri())) {
          continue;
        }
        if (sameAs(present, wanted) && keptId == null) {
          keptId = present.id();
        } else {
          client.deleteWebhook(present.id());
          action = "replaced";
        }
      }
      if (keptId != null) {
        results.add(new Result(event, keptId, "kept"));
      } else {
        results.add(new Result(event, client.registerWebhook(wanted), action));
      }
    }
    return results;
  }

  private static boolean sameAs(WebhookSubscription present, WebhookSubscription wanted) {
    return present.uriTemplate().equals(wanted.uriTemplate())
        && present.httpMethod().equalsIgnoreCase(wanted.httpMethod())
        && wanted.bodyTemplate().equals(present.bodyTemplate())
        && present.idSetAccepted()
        && present.qualityOfService() == 1;
  }
}
