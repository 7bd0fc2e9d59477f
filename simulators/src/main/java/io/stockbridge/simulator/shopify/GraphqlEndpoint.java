package io.stockbridge.simulator.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.validation.ValidationError;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /admin/api/{version}/graphql.json}: token check, injected faults, parse and validate
 * against the real schema, requested cost (documented rules, raised by {@link CostSettings} when
 * set; 1000-point cap), 250-item input cap, the leaky bucket (THROTTLED), execution, refund of
 * requested minus actual cost, and {@code extensions.cost} on every answer. Thread-safe.
 */
final class GraphqlEndpoint {
  static final int MAX_INPUT_ITEMS = 250;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ShopifySimulatorOptions options;
  private final Faults faults;
  private final Counters counters;
  private final Clock clock;
  private final ReceivedTraces traces;

  GraphqlEndpoint(
      ShopifySimulatorOptions options, Faults faults, Counters counters, ReceivedTraces traces) {
    this.traces = traces;
    this.options = options;
    this.faults = faults;
    this.counters = counters;
    this.clock = options.clock();
  }

  void handle(Context ctx, SimulatedShop shop) throws IOException, InterruptedException {
    counters.add("http_requests", 1);
    traces.add(ctx.header("traceparent"));
    if (!options.accessToken().matches(ctx.header("X-Shopify-Access-Token"))) {
      counters.add("unauthorized", 1);
      Answers.respond(
          ctx,
          401,
          Map.of(
              "errors",
              "[API] Invalid API key or access token (unrecognized login or wrong password)"));
      return;
    }
    FaultSettings settings = faults.settings();
    long latency = faults.latencyMillis();
    if (latency > 0) {
      Thread.sleep(latency);
    }
    if (faults.fires(FaultKind.SERVER_ERROR, settings.errorRate())) {
      counters.add("server_errors", 1);
      Answers.respond(ctx, 503, Map.of("errors", "Service Unavailable"));
      return;
    }
    if (faults.fires(FaultKind.TOO_MANY_REQUESTS, 0)) {
      counters.add("too_many_requests", 1);
      ctx.header("Retry-After", "1");
      Answers.respond(
          ctx,
          429,
          Map.of(
              "errors",
              "Exceeded rate limit. Reduce request rates to resume uninterrupted service."));
      return;
    }
    if (faults.fires(FaultKind.HANG, settings.hangRate())) {
      counters.add("hangs", 1);
      Thread.sleep(settings.hangMillis());
      Answers.respond(ctx, 504, Map.of("errors", "Gateway Timeout"));
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.path("query").isTextual()) {
      Answers.respond(
          ctx, 400, Map.of("errors", Map.of("query", "Required parameter missing or invalid")));
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> variables =
        body.path("variables").isObject()
            ? JSON.convertValue(body.get("variables"), Map.class)
            : Map.of();
    String operationName =
        body.path("operationName").isTextual() ? body.get("operationName").asText() : null;
    String query = body.get("query").asText();

    ExecutionInput input = ExecutionInput.newExecutionInput(query).variables(variables).build();
    ParseAndValidateResult parsed = ParseAndValidate.parse(input);
    if (parsed.isFailure()) {
      Answers.errors(
          ctx,
          shop,
          0,
          List.of(parsed.getSyntaxException().toInvalidSyntaxError().toSpecification()));
      return;
    }
    Document document = parsed.getDocument();
    List<ValidationError> invalid =
        ParseAndValidate.validate(AdminSchema.schema(), document, Locale.ENGLISH);
    if (!invalid.isEmpty()) {
      counters.add("invalid_queries", 1);
      Answers.errors(ctx, shop, 0, invalid.stream().map(ValidationError::toSpecification).toList());
      return;
    }
    OperationDefinition operation = operation(document, operationName);
    if (operation == null) {
      Answers.errors(ctx, shop, 0, List.of(Map.of("message", "An operation name is required")));
      return;
    }
    QueryCost costs = new QueryCost(AdminSchema.schema(), document, variables);
    CostSettings pricing = faults.costs();
    int requested = pricing.apply(costs.cost(operation, null));
    counters.add("calls", 1);
    counters.add("calls@" + shop.name(), 1);
    counters.operation(rootField(operation));
    if (requested > QueryCost.MAX_QUERY_COST) {
      counters.add("max_cost_exceeded", 1);
      Answers.errors(ctx, shop, requested, List.of(Answers.maxCostError(requested)));
      return;
    }
    String tooLong = InputLimits.firstTooLong(operation, variables, MAX_INPUT_ITEMS);
    if (tooLong != null) {
      Answers.errors(
          ctx,
          shop,
          requested,
          List.of(
              Map.of("message", tooLong, "extensions", Map.of("code", "MAX_INPUT_SIZE_EXCEEDED"))));
      return;
    }
    boolean as429 = faults.fires(FaultKind.THROTTLE_AS_429, 0);
    if (as429
        || faults.fires(FaultKind.THROTTLE, settings.throttleRate())
        || !shop.bucket.tryTake(requested)) {
      counters.add("throttled", 1);
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put(
          "errors",
          List.of(
              Map.of(
                  "message",
                  "Throttled",
                  "extensions",
                  Map.of(
                      "code",
                      "THROTTLED",
                      "documentation",
                      "https://shopify.dev/api/usage/rate-limits"))));
      answer.put("extensions", Answers.costExtension(shop, requested, null));
      Answers.respond(ctx, as429 ? 429 : 200, answer);
      return;
    }
    ExecutionResult result = GraphqlRunner.run(shop, clock, query, variables, operationName, false);
    Map<String, Object> data = result.getData();
    int actual =
        operation.getOperation() == OperationDefinition.Operation.MUTATION || data == null
            ? requested
            : Math.min(requested, pricing.apply(costs.cost(operation, data)));
    shop.bucket.refund(requested - actual);
    counters.add("cost_requested", requested);
    counters.add("cost_spent", actual);
    if (faults.fires(FaultKind.DROP_RESPONSE_AFTER_APPLY, 0)) {
      counters.add("dropped_responses", 1);
      Thread.sleep(settings.hangMillis());
      Answers.respond(ctx, 504, Map.of("errors", "Gateway Timeout"));
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>(result.toSpecification());
    answer.put("extensions", Answers.costExtension(shop, requested, actual));
    if (faults.fires(FaultKind.MALFORMED, settings.malformedRate())) {
      counters.add("malformed", 1);
      byte[] full = JSON.writeValueAsBytes(answer);
      ctx.status(200)
          .contentType("application/json")
          .result(java.util.Arrays.copyOf(full, full.length / 2));
      return;
    }
    Answers.respond(ctx, 200, answer);
  }

  private static OperationDefinition operation(Document document, String name) {
    List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
    if (name == null) {
      return operations.size() == 1 ? operations.get(0) : null;
    }
    return operations.stream().filter(o -> name.equals(o.getName())).findFirst().orElse(null);
  }

  private static String rootField(OperationDefinition operation) {
    return operation.getSelectionSet().getSelections().stream()
        .filter(s -> s instanceof graphql.language.Field)
        .map(s -> ((graphql.language.Field) s).getName())
        .findFirst()
        .orElse("unknown");
  }
}
