package io.stockbridge.simulator.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.stockbridge.idset.IdSet;

/** {@code /integration-service/webhook}: POST registers, GET lists, DELETE removes. */
final class WebhookRoutes {
  private static final String BASE = "/public-api/{account}/integration-service/webhook";

  private final WebhookDispatcher dispatcher;

  WebhookRoutes(WebhookDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  void register(RoutesConfig app) {
    app.post(BASE, this::create);
    app.get(BASE, ctx -> list(ctx, null));
    app.get(BASE + "/{ids}", ctx -> list(ctx, ApiResponses.idSet(ctx, "ids", 1000, "webhooks")));
    app.delete(BASE + "/{ids}", this::delete);
  }

  private void create(Context ctx) {
    JsonNode body;
    try {
      body = CatalogJson.MAPPER.readTree(ctx.body());
    } catch (java.io.IOException e) {
      throw ApiError.badRequest("INTC-001", "Request body is not valid JSON");
    }
    String subscribeTo = required(body, "subscribeTo");
    String httpMethod = required(body, "httpMethod").toUpperCase(java.util.Locale.ROOT);
    String uriTemplate = required(body, "uriTemplate");
    if (!httpMethod.matches("GET|POST|PUT|DELETE")) {
      throw ApiError.badRequest("INTC-003", "httpMethod must be GET, POST, PUT or DELETE");
    }
    boolean hasBody = httpMethod.equals("POST") || httpMethod.equals("PUT");
    String bodyTemplate = hasBody ? required(body, "bodyTemplate") : null;
    String contentType = hasBody ? required(body, "contentType") : null;
    int qos = body.path("qualityOfService").asInt(0);
    if (qos != 0 && qos != 1) {
      throw ApiError.badRequest("INTC-004", "qualityOfService must be 0 or 1");
    }
    WebhookRegistration registered =
        dispatcher.register(
            new WebhookRegistration(
                0,
                subscribeTo,
                httpMethod,
                uriTemplate,
                bodyTemplate,
                contentType,
                body.path("idSetAccepted").asBoolean(false),
                qos));
    ApiResponses.ok(ctx, LongNode.valueOf(registered.id()));
  }

  private static String required(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw ApiError.badRequest("INTC-002", "Field " + field + " is required");
    }
    return value.asText();
  }

  private void list(Context ctx, IdSet ids) {
    ArrayNode response = CatalogJson.MAPPER.createArrayNode();
    for (WebhookRegistration webhook : dispatcher.registrations()) {
      if (ids == null || ids.ids().contains(webhook.id())) {
        response.add(CatalogJson.MAPPER.valueToTree(webhook));
      }
    }
    if (ids != null && response.isEmpty()) {
      throw ApiError.notFound("No webhooks found for ID set " + ids);
    }
    ApiResponses.ok(ctx, response);
  }

  private void delete(Context ctx) {
    IdSet ids = ApiResponses.idSet(ctx, "ids", 1000, "webhooks");
    int deleted = 0;
    for (long id : ids.ids()) {
      deleted += dispatcher.delete(id) ? 1 : 0;
    }
    if (deleted == 0) {
      throw ApiError.notFound("No webhooks found for ID set " + ids);
    }
    ApiResponses.ok(ctx, CatalogJson.MAPPER.createObjectNode());
  }
}
