package io.stockbridge.simulator.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's control API (JSON over HTTP, no authentication: test use only).
 *
 * <ul>
 *   <li>{@code POST /_control/shops/{shop}} create a shop; {@code PUT .../plan {"plan":"PLUS"}}
 *   <li>{@code POST .../locations {"name"}} returns {@code {"id"}}
 *   <li>{@code POST .../products {"title","skus":[...],"available":{"<locationGid>":n}}}
 *   <li>{@code POST .../generate {"count","skuPrefix","locationId","available"}}
 *   <li>{@code POST .../stock} a CSV body, one {@code sku,locationGid,available} per line: a stock
 *       burst, each change sends {@code inventory_levels/update}
 *   <li>{@code GET .../stock?sku=&location=} returns {@code {"available"}}
 *   <li>{@code POST .../webhooks {"topic":"products/update","uri"}}
 *   <li>{@code GET .../bucket}; {@code POST .../bucket/drain {"leave":0}}
 *   <li>{@code PUT .../bulk} a {@link BulkFaults} JSON (fields left out keep their value): starts
 *       refused or answered without an operation, runs that fail or are slow, the concurrency cap
 *   <li>{@code GET .../bulk} the shop's bulk faults and how many are left
 *   <li>{@code PUT /_control/faults} a {@link FaultSettings} JSON; {@code POST
 *       /_control/faults/next {"kind":"SERVER_ERROR","count":2}}; {@code DELETE /_control/faults}
 *       (also resets the costs)
 *   <li>{@code GET /_control/costs}; {@code PUT /_control/costs {"multiplier":1.5,"surcharge":5}}
 *       costs above the documented ones ({@link CostSettings})
 *   <li>{@code GET /_control/counters}; {@code POST /_control/counters/reset}
 * </ul>
 */
final class ControlApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ShopifySimulator simulator;

  ControlApi(ShopifySimulator simulator) {
    this.simulator = simulator;
  }

  void register(RoutesConfig app) {
    String shop = "/_control/shops/{shop}";
    app.post(
        shop, ctx -> ctx.json(Map.of("shop", simulator.addShop(ctx.pathParam("shop")).name())));
    app.put(
        shop + "/plan",
        ctx -> {
          shop(ctx).setPlan(ShopifyPlan.valueOf(body(ctx).path("plan").asText()));
          ctx.json(Map.of("ok", true));
        });
    app.post(
        shop + "/locations",
        ctx ->
            ctx.json(
                Map.of("id", shop(ctx).addLocation(body(ctx).path("name").asText("Warehouse")))));
    app.post(
        shop + "/products",
        ctx -> {
          JsonNode body = body(ctx);
          List<String> skus = new ArrayList<>();
          body.path("skus").forEach(s -> skus.add(s.asText()));
          Map<String, Integer> available = new LinkedHashMap<>();
          body.path("available")
              .properties()
              .forEach(e -> available.put(e.getKey(), e.getValue().asInt()));
          ctx.json(shop(ctx).addProduct(body.path("title").asText("Product"), skus, available));
        });
    app.post(
        shop + "/generate",
        ctx -> {
          JsonNode body = body(ctx);
          var seeded =
              shop(ctx)
                  .generate(
                      body.path("count").asInt(),
                      body.path("skuPrefix").asText("SKU-"),
                      body.path("locationId").asText(),
                      body.path("available").asInt(0));
          ctx.json(Map.of("created", seeded.size()));
        });
    app.post(
        shop + "/stock",
        ctx -> {
          List<SimulatedShop.StockLine> lines = new ArrayList<>();
          for (String line : ctx.body().split("\\R")) {
            String[] cells = line.split(",");
            if (cells.length == 3 && !cells[0].isBlank() && !cells[0].equals("sku")) {
              lines.add(
                  new SimulatedShop.StockLine(
                      cells[0].trim(), cells[1].trim(), Integer.parseInt(cells[2].trim())));
            }
          }
          List<String> rejected = shop(ctx).setAvailableBySku(lines);
          ctx.json(Map.of("updated", lines.size() - rejected.size(), "rejected", rejected));
        });
    app.get(
        shop + "/stock",
        ctx -> {
          SimulatedShop target = shop(ctx);
          String item = target.inventoryItemOfSku(ctx.queryParam("sku"));
          Map<String, Object> answer = new LinkedHashMap<>();
          answer.put("inventoryItemId", item);
          answer.put(
              "available",
              item == null ? null : target.available(item, ctx.queryParam("location")));
          ctx.json(answer);
        });
    app.post(
        shop + "/webhooks",
        ctx -> {
          JsonNode body = body(ctx);
          ctx.json(
              Map.of(
                  "id",
                  shop(ctx)
                      .subscribe(
                          body.path("topic").asText(), URI.create(body.path("uri").asText()))));
        });
    app.get(shop + "/bucket", ctx -> ctx.json(shop(ctx).bucket.status()));
    app.post(
        shop + "/bucket/drain",
        ctx -> {
          shop(ctx).drainBucket(body(ctx).path("leave").asDouble(0));
          ctx.json(shop(ctx).bucket.status());
        });
    app.put(
        shop + "/bulk",
        ctx -> {
          SimulatedShop target = shop(ctx);
          JsonNode changes = body(ctx);
          if (!changes.isObject()) {
            throw new IllegalArgumentException("body: must be a BulkFaults JSON object");
          }
          com.fasterxml.jackson.databind.node.ObjectNode merged =
              JSON.valueToTree(target.bulkFaults());
          merged.setAll((com.fasterxml.jackson.databind.node.ObjectNode) changes);
          try {
            target.setBulkFaults(JSON.treeToValue(merged, BulkFaults.class));
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("body: " + e.getOriginalMessage(), e);
          }
          ctx.json(target.bulkFaults());
        });
    app.get(shop + "/bulk", ctx -> ctx.json(shop(ctx).bulkFaults()));
    app.put(
        "/_control/faults",
        ctx -> {
          simulator.faults().set(JSON.readValue(ctx.bodyAsBytes(), FaultSettings.class));
          ctx.json(simulator.faults().settings());
        });
    app.post(
        "/_control/faults/next",
        ctx -> {
          JsonNode body = body(ctx);
          simulator
              .faults()
              .failNext(FaultKind.valueOf(body.path("kind").asText()), body.path("count").asInt(1));
          ctx.json(Map.of("ok", true));
        });
    app.delete(
        "/_control/faults",
        ctx -> {
          simulator.faults().clear();
          ctx.json(Map.of("ok", true));
        });
    app.get("/_control/costs", ctx -> ctx.json(simulator.faults().costs()));
    app.put(
        "/_control/costs",
        ctx -> {
          simulator.faults().setCosts(costs(ctx.bodyAsBytes()));
          ctx.json(simulator.faults().costs());
        });
    app.get("/_control/counters", ctx -> ctx.json(simulator.counters().snapshot()));
    app.post(
        "/_control/counters/reset",
        ctx -> {
          simulator.counters().reset();
          ctx.json(Map.of("ok", true));
        });
    app.exception(
        IllegalArgumentException.class,
        (e, ctx) -> ctx.status(400).json(Map.of("error", String.valueOf(e.getMessage()))));
  }

  private static CostSettings costs(byte[] body) throws java.io.IOException {
    try {
      return JSON.readValue(body, CostSettings.class);
    } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
      // The record's own check (say a multiplier below 1): a 400 with its message.
      throw new IllegalArgumentException(
          e.getCause() == null ? e.getOriginalMessage() : e.getCause().getMessage(), e);
    }
  }

  private SimulatedShop shop(Context ctx) {
    SimulatedShop shop = simulator.shop(ctx.pathParam("shop"));
    if (shop == null) {
      throw new IllegalArgumentException(
          "no shop named "
              + ctx.pathParam("shop")
              + "; create it with POST /_control/shops/{shop}");
    }
    return shop;
  }

  private static JsonNode body(Context ctx) throws java.io.IOException {
    return ctx.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(ctx.body());
  }
}
