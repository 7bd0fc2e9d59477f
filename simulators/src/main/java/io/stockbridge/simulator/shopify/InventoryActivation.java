package io.stockbridge.simulator.shopify;

import graphql.schema.DataFetchingEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code inventoryActivate(inventoryItemId, locationId, available, onHand, stockAtLegacyLocation)}
 * as of 2026-10: stocks an inventory item at a location by creating its inventory level, with
 * optional initial {@code available} and {@code onHand} quantities (both default to 0; here an
 * absent one follows the other). Returns {@code InventoryActivatePayload { inventoryLevel,
 * userErrors: [UserError!]! }}; {@code UserError} has no {@code code}, only {@code field} and
 * {@code message}. The {@code @idempotent(key:)} directive is mandatory since 2026-04, as for
 * {@code inventorySetQuantities}. Activating an item that is already stocked at the location
 * changes nothing and returns its level (the quantities given are not applied: use {@code
 * inventorySetQuantities} for that). Sends {@code inventory_levels/connect} when a level is made.
 */
final class InventoryActivation {
  private InventoryActivation() {}

  static Object activate(DataFetchingEnvironment env) {
    RequestContext context = RequestContext.of(env);
    String key = InventoryMutations.idempotencyKey(env);
    if (key == null && !context.bulk) {
      throw GraphqlErrors.error(
          "The @idempotent directive is required for this mutation. Provide a unique,"
              + " non-blank key: inventoryActivate(...) @idempotent(key: \"<uuid>\")",
          "BAD_REQUEST");
    }
    if (key == null) {
      return apply(context, env.getArguments());
    }
    return context.shop.idempotency.run(
        key,
        "inventoryActivate",
        env.getArguments(),
        () -> apply(context, env.getArguments()),
        () ->
            payload(
                null,
                List.of(
                    GraphqlErrors.userError(
                        null,
                        "The same idempotency key cannot be used with different operation"
                            + " parameters.",
                        null))));
  }

  private static Map<String, Object> apply(RequestContext context, Map<String, Object> arguments) {
    Catalog catalog = context.shop.catalog;
    long itemId = Gid.parse("InventoryItem", arguments.get("inventoryItemId"));
    long locationId = Gid.parse("Location", arguments.get("locationId"));
    Integer available = quantity(arguments.get("available"));
    Integer onHand = quantity(arguments.get("onHand"));
    List<Map<String, Object>> errors = new ArrayList<>();
    if (catalog.variantOfItem(itemId) == null) {
      errors.add(
          GraphqlErrors.userError(
              List.of("inventoryItemId"), "The inventory item could not be found.", null));
    }
    if (!catalog.locations.containsKey(locationId)) {
      errors.add(
          GraphqlErrors.userError(List.of("locationId"), "The location could not be found.", null));
    }
    checkRange(errors, "available", available);
    checkRange(errors, "onHand", onHand);
    if (!errors.isEmpty()) {
      return payload(null, errors);
    }
    Catalog.Level level = catalog.level(itemId, locationId);
    if (level == null) {
      level = catalog.stock(itemId, locationId, context.now);
      int initialAvailable = available != null ? available : onHand != null ? onHand : 0;
      level.available = initialAvailable;
      level.lastApiWrite = null;
      level.onHand = onHand != null ? onHand : initialAvailable;
      level.updatedAt = context.now;
      context.emit("inventory_levels/connect", InventoryPayloads.levelWebhook(level));
    }
    // The answer shows the quantities as of this call (a replayed key answers the same).
    Catalog.Level snapshot = new Catalog.Level(level.itemId, level.locationId, level.updatedAt);
    snapshot.available = level.available;
    snapshot.onHand = level.onHand;
    return payload(Views.level(catalog, snapshot), List.of());
  }

  private static Integer quantity(Object value) {
    return value instanceof Number number ? number.intValue() : null;
  }

  private static void checkRange(List<Map<String, Object>> errors, String field, Integer value) {
    if (value != null && Math.abs((long) value) > InventoryMutations.MAX_QUANTITY) {
      errors.add(
          GraphqlErrors.userError(
              List.of(field),
              "The quantity must be between -1,000,000,000 and 1,000,000,000.",
              null));
    }
  }

  private static Map<String, Object> payload(
      Map<String, Object> level, List<Map<String, Object>> userErrors) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("inventoryLevel", level);
    payload.put("userErrors", userErrors);
    return payload;
  }
}
