package io.stockbridge.simulator.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shapes of Shopify's answers: {@code extensions.cost} with {@code throttleStatus} on every
 * GraphQL answer, top-level errors without {@code data}, the MAX_COST_EXCEEDED message.
 */
final class Answers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Answers() {}

  static Map<String, Object> maxCostError(int requested) {
    return Map.of(
        "message",
        "Query cost is "
            + requested
            + ", which exceeds the single query max cost limit (1000).\n\n"
            + "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n"
            + "cost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\n"
            + "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
        "extensions",
        Map.of(
            "code",
            "MAX_COST_EXCEEDED",
            "cost",
            requested,
            "maxCost",
            QueryCost.MAX_QUERY_COST,
            "documentation",
            "https://shopify.dev/api/usage/rate-limits"));
  }

  static void errors(
      Context ctx, SimulatedShop shop, int requested, List<Map<String, Object>> errors)
      throws IOException {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("errors", new ArrayList<>(errors));
    answer.put("extensions", costExtension(shop, requested, null));
    respond(ctx, 200, answer);
  }

  static Map<String, Object> costExtension(SimulatedShop shop, int requested, Integer actual) {
    CostBucket.Status status = shop.bucket.status();
    Map<String, Object> throttle = new LinkedHashMap<>();
    throttle.put("maximumAvailable", status.maximumAvailable());
    throttle.put("currentlyAvailable", (int) Math.floor(status.currentlyAvailable()));
    throttle.put("restoreRate", status.restoreRate());
    Map<String, Object> cost = new LinkedHashMap<>();
    cost.put("requestedQueryCost", requested);
    cost.put("actualQueryCost", actual);
    cost.put("throttleStatus", throttle);
    return Map.of("cost", cost);
  }

  static void respond(Context ctx, int status, Object body) throws IOException {
    ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
  }
}
