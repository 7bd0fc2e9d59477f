package io.stockbridge.brightpearl;

/**
 * The body template Stockbridge registers with Brightpearl, and the field names it produces. One
 * definition shared by the registration (connector), the simulator that renders it and the ingest
 * endpoint that parses it, so the three cannot drift apart.
 */
public final class WebhookTemplate {
  public static final String CONTENT_TYPE = "application/json";

  /**
   * Brightpearl replaces the {@code ${...}} variables; {@code id} is an ID set when idSetAccepted.
   */
  public static final String BODY =
      "{\"accountCode\":\"${account-code}\",\"resourceType\":\"${resource-type}\","
          + "\"id\":\"${resource-id}\",\"lifecycleEvent\":\"${lifecycle-event}\","
          + "\"resourceSpecifier\":\"${resource-specifier}\",\"raisedOn\":\"${raised-on}\","
          + "\"brightpearlVersion\":\"${brightpearl-version}\"}";

  public static final String FIELD_ACCOUNT = "accountCode";
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

  private WebhookTemplate() {}

  /**
   * The event name Brightpearl uses for subscriptions, {@code resource.lifecycle[.specifier]}, e.g.
   * {@code product.modified.on-hand-modified}, built from the rendered template's fields.
   */
  public static String eventName(String resourceType, String lifecycleEvent, String specifier) {
    String name =
        resourceType.strip().toLowerCase(java.util.Locale.ROOT)
            + "."
            + lifecycleEvent.strip().toLowerCase(java.util.Locale.ROOT);
    if (specifier != null && !specifier.isBlank()) {
      name += "." + specifier.strip().toLowerCase(java.util.Locale.ROOT);
    }
    return name;
  }
}
