package io.stockbridge.simulator.shopify;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import java.time.Clock;
import java.util.Map;

/**
 * Runs one GraphQL document against a shop under the shop's lock, then sends the webhooks it
 * caused. Used by the HTTP endpoint and by bulk operations (which skip cost limits).
 */
final class GraphqlRunner {
  private GraphqlRunner() {}

  static ExecutionResult run(
      SimulatedShop shop,
      Clock clock,
      String query,
      Map<String, Object> variables,
      String operationName,
      boolean bulk) {
    RequestContext context = new RequestContext(shop, clock.instant(), bulk);
    ExecutionInput.Builder input =
        ExecutionInput.newExecutionInput(query)
            .variables(variables == null ? Map.of() : variables)
            .graphQLContext(builder -> builder.of(RequestContext.class, context));
    if (operationName != null) {
      input.operationName(operationName);
    }
    ExecutionResult result;
    synchronized (shop) {
      result = AdminSchema.graphql().execute(input.build());
    }
    shop.sendWebhooks(context.events);
    return result;
  }
}
