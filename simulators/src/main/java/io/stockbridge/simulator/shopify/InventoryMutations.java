package io.stockbridge.simulator.shopify;

import graphql.execution.directives.QueryAppliedDirective;
import graphql.schema.DataFetchingEnvironment;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code inventorySetQuantities} as of 2026-04: {@code @idempotent(key:)} mandatory, {@code
 * changeFromQuantity} mandatory on every quantity (explicit null skips the compare-and-swap),
 * all-or-nothing: any user error means no quantity changes.
 */
final class InventoryMutations {
  static final int MAX_QUANTITY = 1_000_000_000;
  static final Set<String> REASONS =
      Set.of(
          "correction",
          "cycle_count_available",
          "damaged",
          "movement_created",
          "movement_updated",
          "movement_received",
          "movement_canceled",
          "other",
          "promotion",
          "quality_control",
          "received",
          "reservation_created",
          "reservation_deleted",
          "reservation_updated",
          "restock",
          "safety_stock",
          "shrinkage");

  private InventoryMutations() {}

  static String idempotencyKey(DataFetchingEnvironment env) {
    for (QueryAppliedDirective directive :
        env.getQueryDirectives().getImmediateAppliedDirective("idempotent")) {
      Object key = directive.getArgument("key").getValue();
      if (key instanceof String text && !text.isBlank()) {
        return text;
      }
    }
    return null;
  }

  static Object setQuantities(DataFetchingEnvironment env) {
    RequestContext context = RequestContext.of(env);
    String key = idempotencyKey(env);
    if (key == null && !context.bulk) {
      throw GraphqlErrors.error(
          "The @idempotent directive is required for this mutation. Provide a unique,"
              + " non-blank key: inventorySetQuantities(...) @idempotent(key: \"<uuid>\")",
          "BAD_REQUEST");
    }
    Map<String, Object> input = env.getArgument("input");
    List<Map<String, Object>> quantities = quantities(input);
    for (int i = 0; i < quantities.size(); i++) {
      if (!quantities.get(i).containsKey("changeFromQuantity")) {
        throw GraphqlErrors.error(
            "InventoryQuantityInput.changeFromQuantity is required at input.quantities."
                + i
                + ": pass the expected current quantity, or null to skip the compare-and-swap"
                + " check",
            "BAD_REQUEST");
      }
    }
    if (key == null) {
      return apply(context, input, quantities);
    }
    return context.shop.idempotency.run(
        key,
        "inventorySetQuantities",
        env.getArguments(),
        () -> apply(context, input, quantities),
        () ->
            payload(
                null,
                List.of(
                    GraphqlErrors.userError(
                        null,
                        "The same idempotency key cannot be used with different operation"
                            + " parameters.",
                        "IDEMPOTENCY_KEY_PARAMETER_MISMATCH"))));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> quantities(Map<String, Object> input) {
    return (List<Map<String, Object>>) input.get("quantities");
  }

  private static Map<String, Object> apply(
      RequestContext context, Map<String, Object> input, List<Map<String, Object>> quantities) {
    Catalog catalog = context.shop.catalog;
    String name = (String) input.get("name");
    List<Map<String, Object>> errors = new ArrayList<>();
    if (!name.equals("available") && !name.equals("on_hand")) {
      errors.add(
          GraphqlErrors.userError(
              List.of("input", "name"),
              "The quantity name must be either 'available' or 'on_hand'.",
              "INVALID_NAME"));
    }
    if (!REASONS.contains((String) input.get("reason"))) {
      errors.add(
          GraphqlErrors.userError(
              List.of("input", "reason"), "The specified reason is invalid.", "INVALID_REASON"));
    }
    if (!validUri((String) input.get("referenceDocumentUri"))) {
      errors.add(
          GraphqlErrors.userError(
              List.of("input", "referenceDocumentUri"),
              "The specified reference document is invalid.",
              "INVALID_REFERENCE_DOCUMENT"));
    }
    List<Catalog.Level> targets = new ArrayList<>();
    Set<String> pairs = new HashSet<>();
    for (int i = 0; i < quantities.size(); i++) {
      Map<String, Object> q = quantities.get(i);
      String index = String.valueOf(i);
      long itemId = Gid.parse("InventoryItem", q.get("inventoryItemId"));
      long locationId = Gid.parse("Location", q.get("locationId"));
      int quantity = ((Number) q.get("quantity")).intValue();
      Object changeFrom = q.get("changeFromQuantity");
      Catalog.Level level = catalog.level(itemId, locationId);
      String error = null;
      String code = null;
      String field = "inventoryItemId";
      if (catalog.variantOfItem(itemId) == null) {
        code = "INVALID_INVENTORY_ITEM";
        error = "The specified inventory item could not be found.";
      } else if (!catalog.locations.containsKey(locationId)) {
        code = "INVALID_LOCATION";
        error = "The specified location could not be found.";
        field = "locationId";
      } else if (level == null) {
        // 2026-10's InventorySetQuantitiesUserErrorCode has no ITEM_NOT_STOCKED_AT_LOCATION any
        // more.
        code = "INVALID_LOCATION";
        error = "The specified inventory item is not stocked at the location.";
        field = "locationId";
      } else if (!pairs.add(itemId + "@" + locationId)) {
        code = "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR";
        error = "The combination of inventoryItemId and locationId must be unique.";
      } else if (quantity > MAX_QUANTITY) {
        code = "INVALID_QUANTITY_TOO_HIGH";
        error = "The total quantity can't be higher than 1,000,000,000.";
        field = "quantity";
      } else if (quantity < -MAX_QUANTITY) {
        code = "INVALID_QUANTITY_TOO_LOW";
        error = "The total quantity can't be lower than -1,000,000,000.";
        field = "quantity";
      } else if (changeFrom != null && ((Number) changeFrom).intValue() != current(level, name)) {
        code = "CHANGE_FROM_QUANTITY_STALE";
        error = "The changeFromQuantity value does not match persisted value.";
        field = "changeFromQuantity";
      }
      if (code != null) {
        errors.add(
            GraphqlErrors.userError(List.of("input", "quantities", index, field), error, code));
      }
      targets.add(level);
    }
    if (!errors.isEmpty()) {
      return payload(null, errors);
    }
    List<Map<String, Object>> changes = new ArrayList<>();
    for (int i = 0; i < quantities.size(); i++) {
      Catalog.Level level = targets.get(i);
      int quantity = ((Number) quantities.get(i).get("quantity")).intValue();
      int delta = quantity - current(level, name);
      level.available += delta;
      level.onHand += delta;
      level.updatedAt = context.now;
      level.apiWrites++;
      if (delta == 0 && level.lastApiWrite != null && level.lastApiWrite == quantity) {
        level.repeatedApiWrites++;
      }
      level.lastApiWrite = name.equals("available") ? quantity : null;
      if (delta != 0) {
        context.emit("inventory_levels/update", InventoryPayloads.levelWebhook(level));
      }
      changes.add(
          change(
              catalog, level, name, delta, quantity, (String) input.get("referenceDocumentUri")));
    }
    context.shop.adjustmentGroups.incrementAndGet();
    Map<String, Object> group =
        Views.object(
            "InventoryAdjustmentGroup", Gid.of("InventoryAdjustmentGroup", catalog.nextId()));
    group.put("createdAt", context.now.toString());
    group.put("reason", input.get("reason"));
    group.put("referenceDocumentUri", input.get("referenceDocumentUri"));
    group.put("changes", changes);
    return payload(group, List.of());
  }

  private static int current(Catalog.Level level, String name) {
    return name.equals("on_hand") ? level.onHand : level.available;
  }

  private static Map<String, Object> change(
      Catalog catalog, Catalog.Level level, String name, int delta, int after, String uri) {
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("name", name);
    change.put("delta", delta);
    change.put("quantityAfterChange", after);
    change.put("ledgerDocumentUri", uri);
    change.put("item", Views.item(catalog, catalog.variantOfItem(level.itemId)));
    change.put("location", Views.location(catalog, catalog.locations.get(level.locationId)));
    return change;
  }

  private static Map<String, Object> payload(Object group, List<Map<String, Object>> userErrors) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("inventoryAdjustmentGroup", group);
    payload.put("userErrors", userErrors);
    return payload;
  }

  private static boolean validUri(String uri) {
    if (uri == null) {
      return true;
    }
    try {
      URI parsed = new URI(uri);
      return parsed.getScheme() != null && parsed.getSchemeSpecificPart().length() > 0;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
