package io.stockbridge.brightpearl;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The body template Stockbridge registers with Brightpearl, and the field names it produces. One
 * definition shared by the registration (connector), the simulator that renders it and the ingest
 * endpoint that parses it, so the three cannot drift apart.
 *
 * <p>Brightpearl documents five template variables: {@code ${account-code}}, {@code
 * ${resource-type}}, {@code ${resource-id}} (an ID set when {@code idSetAccepted}), {@code
 * ${lifecycle-event}} and {@code ${raised-on}}. Nothing else can be counted on, so each webhook
 * (registered for one event) writes its event's name into its own template ({@link #body}).
 */
public final class WebhookTemplate {
  public static final String CONTENT_TYPE = "application/json";

  /** The five variables Brightpearl documents; any other may render empty. */
  public static final java.util.List<String> DOCUMENTED_VARIABLES =
      java.util.List.of(
          "${account-code}",
          "${resource-type}",
          "${resource-id}",
          "${lifecycle-event}",
          "${raised-on}");

  /**
   * The template of webhooks registered before the event was written into it: it relied on {@code
   * ${resource-specifier}}, which Brightpearl does not document. Still accepted by ingestion.
   */
  public static final String LEGACY_BODY =
      "{\"accountCode\":\"${account-code}\",\"resourceType\":\"${resource-type}\","
          + "\"id\":\"${resource-id}\",\"lifecycleEvent\":\"${lifecycle-event}\","
          + "\"resourceSpecifier\":\"${resource-specifier}\",\"raisedOn\":\"${raised-on}\","
          + "\"brightpearlVersion\":\"${brightpearl-version}\"}";

  public static final String FIELD_ACCOUNT = "accountCode";
  public static final String FIELD_EVENT = "event";
  public static final String FIELD_RESOURCE_TYPE = "resourceType";
  public static final String FIELD_ID_SET = "id";
  public static final String FIELD_LIFECYCLE = "lifecycleEvent";
  public static final String FIELD_SPECIFIER = "resourceSpecifier";
  public static final String FIELD_RAISED_ON = "raisedOn";

  /**
   * Header that may carry the per-account webhook secret instead of the {@code secret} query
   * parameter.
   */
  public static final String SECRET_HEADER = "X-Stockbridge-Webhook-Secret";

  public static final String SECRET_QUERY_PARAM = "secret";

  /** {@code resource.lifecycle[.specifier]}: lower-case letters, digits and dashes. */
  private static final Pattern EVENT_NAME =
      Pattern.compile("[a-z0-9][a-z0-9-]{0,63}(\\.[a-z0-9][a-z0-9-]{0,63}){1,2}");

  private WebhookTemplate() {}

  /**
   * The body template of the webhook for {@code event}: the event's name written in, the five
   * documented variables, and {@code ${resource-specifier}} as a hint only ({@link #eventOf}): a
   * subscription also receives its event's descendants (the {@code product.modified} webhook gets
   * on-hand changes too); where Brightpearl renders the specifier, such a delivery is recognised as
   * the descendant event it is (and deduplicated with that event's own webhook). Where it renders
   * empty, the named event stands.
   */
  public static String body(String event) {
    if (!isEventName(event)) {
      throw new IllegalArgumentException("not a Brightpearl event name: '" + event + "'");
    }
    return "{\"accountCode\":\"${account-code}\",\"event\":\""
        + event
        + "\",\"resourceType\":\"${resource-type}\",\"id\":\"${resource-id}\","
        + "\"lifecycleEvent\":\"${lifecycle-event}\",\"resourceSpecifier\":\"${resource-specifier}\","
        + "\"raisedOn\":\"${raised-on}\"}";
  }

  /**
   * The event a delivery of the webhook registered for {@code named} is about: {@code named},
   * refined by a rendered {@code specifier} when that names a descendant ({@code product.modified}
   * + {@code on-hand-modified} is {@code product.modified.on-hand-modified}).
   */
  public static String eventOf(String named, String specifier) {
    String event = named.strip().toLowerCase(Locale.ROOT);
    if (specifier == null || specifier.isBlank()) {
      return event;
    }
    String refined = event + "." + specifier.strip().toLowerCase(Locale.ROOT);
    return event.chars().filter(c -> c == '.').count() == 1 && isEventName(refined)
        ? refined
        : event;
  }

  /** Whether {@code name} is an event name such as {@code product.modified.on-hand-modified}. */
  public static boolean isEventName(String name) {
    return name != null && EVENT_NAME.matcher(name.strip().toLowerCase(Locale.ROOT)).matches();
  }

  /**
   * The event name Brightpearl uses for subscriptions, {@code resource.lifecycle[.specifier]}, e.g.
   * {@code product.modified.on-hand-modified}, built from the fields of a {@link #LEGACY_BODY}.
   */
  public static String eventName(String resourceType, String lifecycleEvent, String specifier) {
    String name =
        resourceType.strip().toLowerCase(Locale.ROOT)
            + "."
            + lifecycleEvent.strip().toLowerCase(Locale.ROOT);
    if (specifier != null && !specifier.isBlank()) {
      name += "." + specifier.strip().toLowerCase(Locale.ROOT);
    }
    return name;
  }
}
