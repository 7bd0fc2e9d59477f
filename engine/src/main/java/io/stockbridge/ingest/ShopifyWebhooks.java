package io.stockbridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.auth.WebhookSignatures;
import io.stockbridge.config.Secret;
import io.stockbridge.http.ApiException;
import io.stockbridge.http.Exchange;
import io.stockbridge.http.Json;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /webhooks/shopify}: verified by the HMAC of the raw body (the shop's own secret, or
 * the app's); deduplicated on {@code X-Shopify-Event-Id} (else the webhook id).
 */
final class ShopifyWebhooks implements IngestSource {
  static final String SOURCE = "shopify";

  private final Map<String, Secret> shopSecrets;
  private final Optional<Secret> appSecret;

  ShopifyWebhooks(Map<String, Secret> shopSecrets, Optional<Secret> appSecret) {
    this.shopSecrets = Map.copyOf(shopSecrets);
    this.appSecret = appSecret;
  }

  @Override
  public String name() {
    return SOURCE;
  }

  @Override
  public boolean signsBody() {
    return true;
  }

  @Override
  public void authenticate(Exchange ctx, byte[] body) {
    String shop = requiredHeader(ctx, "X-Shopify-Shop-Domain");
    Secret secret = shopSecrets.getOrDefault(shop, appSecret.orElse(null));
    if (secret == null) {
      throw ApiException.notFound("unknown Shopify shop '" + shop + "'");
    }
    String hmac = ctx.header("X-Shopify-Hmac-Sha256");
    if (hmac == null) {
      throw ApiException.unauthorized("missing X-Shopify-Hmac-Sha256 header");
    }
    if (!WebhookSignatures.verifyShopify(secret, body, hmac)) {
      throw ApiException.unauthorized("X-Shopify-Hmac-Sha256 does not match the body");
    }
  }

  @Override
  public IncomingEvent parse(Exchange ctx, byte[] body) {
    String shop = requiredHeader(ctx, "X-Shopify-Shop-Domain");
    String topic = requiredHeader(ctx, "X-Shopify-Topic");
    JsonNode json = Json.parseRequest(body);
    String eventId =
        Optional.ofNullable(IngestFields.header(ctx, "X-Shopify-Event-Id"))
            .orElse(IngestFields.header(ctx, "X-Shopify-Webhook-Id"));
    String dedupeKey =
        eventId == null || eventId.isBlank() ? null : SOURCE + "|" + shop + "|" + eventId.strip();
    return new IncomingEvent(SOURCE, topic, keyOf(topic, json), shop, dedupeKey, body);
  }

  /** What the event is about: the inventory item for inventory levels, else the resource id. */
  static String keyOf(String topic, JsonNode json) {
    String field = topic.startsWith("inventory_levels/") ? "inventory_item_id" : "id";
    JsonNode key = json.get(field);
    return key == null || !key.isValueNode() ? null : IngestFields.idOrText(json, field);
  }

  private static String requiredHeader(Exchange ctx, String name) {
    String value = IngestFields.header(ctx, name);
    if (value == null) {
      throw ApiException.badRequest("missing header " + name);
    }
    return value;
  }
}
