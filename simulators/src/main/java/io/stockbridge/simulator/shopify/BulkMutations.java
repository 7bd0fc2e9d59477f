package io.stockbridge.simulator.shopify;

import graphql.schema.DataFetchingEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Staged uploads, bulk operation start and status, and webhook subscriptions through GraphQL. */
final class BulkMutations {
  private BulkMutations() {}

  static Object stagedUploadsCreate(DataFetchingEnvironment env) {
    RequestContext context = RequestContext.of(env);
    List<Map<String, Object>> inputs = env.getArgument("input");
    List<Map<String, Object>> targets = new ArrayList<>();
    for (Map<String, Object> input : inputs) {
      String key =
          "tmp/" + context.shop.name() + "/bulk/" + UUID.randomUUID() + "/" + input.get("filename");
      Map<String, Object> target = new LinkedHashMap<>();
      target.put("url", context.shop.bulk.baseUrl() + "/_staged");
      target.put("resourceUrl", null);
      target.put(
          "parameters",
          List.of(
              Map.of("name", "key", "value", key),
              Map.of("name", "Content-Type", "value", String.valueOf(input.get("mimeType"))),
              Map.of("name", "success_action_status", "value", "201")));
      targets.add(target);
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("stagedTargets", targets);
    payload.put("userErrors", List.of());
    return payload;
  }

  static Object runQuery(DataFetchingEnvironment env) {
    return start(env, "QUERY", env.getArgument("query"), null);
  }

  static Object runMutation(DataFetchingEnvironment env) {
    String path = env.getArgument("stagedUploadPath");
    if (RequestContext.of(env).shop.bulk == null || fileMissing(env, path)) {
      return payload(
          null,
          GraphqlErrors.userError(
              List.of("stagedUploadPath"),
              "The staged upload file does not exist.",
              "NO_SUCH_FILE"));
    }
    return start(env, "MUTATION", env.getArgument("mutation"), path);
  }

  private static boolean fileMissing(DataFetchingEnvironment env, String path) {
    return !RequestContext.of(env).shop.hasStagedFile(path);
  }

  private static Object start(DataFetchingEnvironment env, String type, String query, String path) {
    SimulatedShop shop = RequestContext.of(env).shop;
    BulkOperations.Started started = shop.bulk.start(shop, type, query, path);
    if (started.operation() == null) {
      return payload(
          null,
          started.errorCode() == null
              ? null
              : GraphqlErrors.userError(null, started.message(), started.errorCode()));
    }
    return payload(BulkOperations.view(started.operation()), null);
  }

  private static Map<String, Object> payload(Object operation, Map<String, Object> error) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("bulkOperation", operation);
    payload.put("userErrors", error == null ? List.of() : List.of(error));
    return payload;
  }

  static Object current(DataFetchingEnvironment env) {
    String type = env.getArgument("type");
    BulkOperations.Operation operation =
        RequestContext.of(env).shop.bulk.current(type == null ? "QUERY" : type);
    return operation == null ? null : BulkOperations.view(operation);
  }

  /**
   * {@code bulkOperations(first, query)}: the shop's operations newest first; {@code query} may
   * hold {@code status:<status>} and {@code operation_type:<query|mutation>} terms.
   */
  static Object list(DataFetchingEnvironment env) {
    String query = env.getArgument("query");
    String status = null;
    String type = null;
    if (query != null) {
      for (String term : query.trim().split("\\s+")) {
        if (term.startsWith("status:")) {
          status = term.substring("status:".length());
        } else if (term.startsWith("operation_type:")) {
          type = term.substring("operation_type:".length());
        }
      }
    }
    return Connections.page(
        RequestContext.of(env).shop.bulk.list(status, type), env, BulkOperations::view);
  }

  /** {@code bulkOperationCancel(id)}: a running operation becomes CANCELING, then CANCELED. */
  static Object cancel(DataFetchingEnvironment env) {
    String id = env.getArgument("id");
    BulkOperations bulk = RequestContext.of(env).shop.bulk;
    Map<String, Object> payload = new LinkedHashMap<>();
    if (!bulk.cancel(id)) {
      BulkOperations.Operation known = bulk.byId(id);
      payload.put("bulkOperation", known == null ? null : BulkOperations.view(known));
      payload.put(
          "userErrors",
          List.of(
              GraphqlErrors.userError(
                  List.of("id"),
                  known == null
                      ? "Bulk operation does not exist"
                      : "A bulk operation cannot be canceled when it is " + known.status,
                  null)));
      return payload;
    }
    payload.put("bulkOperation", BulkOperations.view(bulk.byId(id)));
    payload.put("userErrors", List.of());
    return payload;
  }

  static Object byId(DataFetchingEnvironment env) {
    BulkOperations.Operation operation =
        RequestContext.of(env).shop.bulk.byId(env.getArgument("id"));
    return operation == null ? null : BulkOperations.view(operation);
  }

  static Object webhookSubscriptionCreate(DataFetchingEnvironment env) {
    SimulatedShop shop = RequestContext.of(env).shop;
    String topic = env.getArgument("topic");
    Map<String, Object> input = env.getArgument("webhookSubscription");
    String uri = (String) (input.get("uri") != null ? input.get("uri") : input.get("callbackUrl"));
    Map<String, Object> payload = new LinkedHashMap<>();
    if (uri == null || !uri.startsWith("http")) {
      payload.put("webhookSubscription", null);
      payload.put(
          "userErrors",
          List.of(
              GraphqlErrors.userError(
                  List.of("webhookSubscription", "uri"), "Address is invalid", null)));
      return payload;
    }
    int slash = topic.lastIndexOf('_');
    String restTopic =
        (topic.substring(0, slash) + "/" + topic.substring(slash + 1)).toLowerCase(Locale.ROOT);
    String id = shop.subscribe(restTopic, java.net.URI.create(uri));
    Map<String, Object> subscription = Views.object("WebhookSubscription", id);
    subscription.put("topic", topic);
    subscription.put("uri", uri);
    subscription.put("callbackUrl", uri);
    subscription.put("format", "JSON");
    subscription.put("includeFields", List.of());
    subscription.put("metafieldNamespaces", List.of());
    payload.put("webhookSubscription", subscription);
    payload.put("userErrors", List.of());
    return payload;
  }
}
