package io.stockbridge.simulator.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The control API under {@code /_control} (JSON; no auth, no rate limit). Routes:
 *
 * <ul>
 *   <li>{@code POST /_control/seed} {@code {products, warehouses, priceLists, categories, brands,
 *       nonStockTrackedEvery, seed}}: replaces the catalog
 *   <li>{@code POST /_control/stock-burst}: a CSV body {@code sku,onHand[,warehouseId]} per line,
 *       or JSON {@code {"updates":[{sku,onHand,warehouseId}]}} or {@code {"random":{count,seed,
 *       warehouseId}}}; fires on-hand-modified webhooks in one ID set
 *   <li>{@code POST /_control/products} {@code {count, stockTracked}}; {@code PATCH
 *       /_control/products/{id}} {@code {name}}; {@code DELETE /_control/products/{id}}
 *   <li>{@code POST /_control/categories/{id}/rename} {@code {name}}
 *   <li>{@code GET|PUT|DELETE /_control/faults} (fields of {@link SimFaults.Settings}; PUT merges
 *       into the current ones); {@code POST /_control/faults/queue} {@code {kind:
 *       error|malformed|hang|throttle, count, status, millis}}
 *   <li>{@code GET /_control/counters}, {@code POST /_control/counters/reset}, {@code POST
 *       /_control/rate-limit/reset}, {@code GET /_control/webhooks}
 * </ul>
 */
final class ControlRoutes {
  private final BrightpearlSimulator simulator;

  ControlRoutes(BrightpearlSimulator simulator) {
    this.simulator = simulator;
  }

  void register(RoutesConfig app) {
    app.post("/_control/seed", this::seed);
    app.post("/_control/stock-burst", this::stockBurst);
    app.post(
        "/_control/products",
        ctx -> {
          JsonNode body = json(ctx);
          outcome(
              ctx,
              simulator
                  .control()
                  .createProducts(
                      body.path("count").asInt(1), body.path("stockTracked").asBoolean(true)));
        });
    app.patch(
        "/_control/products/{id}",
        ctx ->
            outcome(
                ctx,
                simulator
                    .control()
                    .renameProduct(id(ctx), json(ctx).path("name").asText("Renamed product"))));
    app.delete(
        "/_control/products/{id}", ctx -> outcome(ctx, simulator.control().deleteProduct(id(ctx))));
    app.post(
        "/_control/categories/{id}/rename",
        ctx ->
            outcome(
                ctx,
                simulator
                    .control()
                    .renameCategory(id(ctx), json(ctx).path("name").asText("Renamed"))));
    app.get("/_control/faults", ctx -> ctx.json(simulator.faults().settings()));
    app.put(
        "/_control/faults",
        ctx -> {
          // Fields left out keep their current values, so one rate can be changed alone.
          ObjectNode merged = CatalogJson.MAPPER.valueToTree(simulator.faults().settings());
          merged.setAll((ObjectNode) json(ctx));
          simulator.faults().set(CatalogJson.MAPPER.treeToValue(merged, SimFaults.Settings.class));
          ctx.json(simulator.faults().settings());
        });
    app.delete(
        "/_control/faults",
        ctx -> {
          simulator.faults().reset();
          ctx.json(simulator.faults().settings());
        });
    app.post("/_control/faults/queue", this::queueFault);
    app.get("/_control/counters", ctx -> ctx.json(simulator.counters().snapshot()));
    app.post(
        "/_control/counters/reset",
        ctx -> {
          simulator.counters().reset();
          ctx.json(simulator.counters().snapshot());
        });
    app.post(
        "/_control/rate-limit/reset",
        ctx -> {
          simulator.resetRateLimit();
          ctx.json(java.util.Map.of("reset", true));
        });
    app.get("/_control/webhooks", ctx -> ctx.json(simulator.webhooks().registrations()));
  }

  private void seed(Context ctx) {
    JsonNode body = json(ctx);
    CatalogGenerator.Spec spec =
        new CatalogGenerator.Spec(
            body.path("products").asInt(100),
            body.path("warehouses").asInt(2),
            body.path("priceLists").asInt(2),
            body.path("categories").asInt(20),
            body.path("brands").asInt(5),
            body.path("nonStockTrackedEvery").asInt(0),
            body.path("seed").asLong(42));
    ctx.json(java.util.Map.of("productIds", simulator.control().seed(spec).toString()));
  }

  private void stockBurst(Context ctx) {
    String contentType = ctx.contentType() == null ? "" : ctx.contentType();
    if (!contentType.contains("json")) {
      outcome(ctx, simulator.control().stockBurst(StockBurstCsv.parse(ctx.body())));
      return;
    }
    JsonNode body = json(ctx);
    if (body.has("random")) {
      JsonNode random = body.get("random");
      outcome(
          ctx,
          simulator
              .control()
              .randomStockBurst(
                  random.path("count").asInt(100),
                  random.path("warehouseId").asLong(1),
                  random.path("seed").asLong(7)));
      return;
    }
    List<SimControl.StockUpdate> updates = new ArrayList<>();
    for (JsonNode update : body.path("updates")) {
      updates.add(
          new SimControl.StockUpdate(
              update.path("sku").asText(),
              update.path("warehouseId").asLong(1),
              update.path("onHand").asLong()));
    }
    outcome(ctx, simulator.control().stockBurst(updates));
  }

  private void queueFault(Context ctx) {
    JsonNode body = json(ctx);
    SimFaults.Fault fault =
        switch (body.path("kind").asText()) {
          case "error" -> new SimFaults.Fault.ErrorStatus(body.path("status").asInt(500));
          case "malformed" -> new SimFaults.Fault.Malformed();
          case "hang" -> new SimFaults.Fault.Hang(body.path("millis").asLong(10_000));
          case "throttle" -> new SimFaults.Fault.Throttle();
          default ->
              throw new IllegalArgumentException("kind must be error, malformed, hang or throttle");
        };
    simulator.faults().queue(fault, body.path("count").asInt(1));
    ctx.json(java.util.Map.of("queued", body.path("count").asInt(1)));
  }

  private static void outcome(Context ctx, SimControl.Outcome outcome) {
    ObjectNode node = CatalogJson.MAPPER.createObjectNode();
    node.put("changed", outcome.changed().toString());
    node.put("changedCount", outcome.changed().size());
    node.put("webhooksQueued", outcome.webhooksQueued());
    ctx.json(node);
  }

  private static long id(Context ctx) {
    return Long.parseLong(ctx.pathParam("id"));
  }

  private static JsonNode json(Context ctx) {
    String body = ctx.body();
    if (body.isBlank()) {
      return CatalogJson.MAPPER.createObjectNode();
    }
    try {
      return CatalogJson.MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("control request body is not valid JSON", e);
    }
  }
}
