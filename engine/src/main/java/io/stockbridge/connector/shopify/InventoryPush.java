package io.stockbridge.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code inventorySetQuantities} for any number of changes. Shopify applies a call all-or-nothing,
 * so after user errors the connector resubmits the untouched changes (a new logical operation, a
 * new idempotency key), re-reads the current quantity of the stale ones and resubmits them with it,
 * and reports the rest as rejected: one bad item never fails its batch. Thread-safe.
 */
final class InventoryPush {
  static final int MAX_PER_CALL = 250;

  /** Re-reads per stale change before giving it up as STALE (retry later). */
  static final int MAX_STALE_ROUNDS = 3;

  static final int MUTATION_COST = 10;

  private final ShopifyClient client;

  InventoryPush(ShopifyClient client) {
    this.client = client;
  }

  List<QuantityResult> setQuantities(
      String name, String reason, String referenceDocumentUri, List<QuantityChange> changes) {
    return setQuantities(name, reason, referenceDocumentUri, changes, StaleRebase.REREAD);
  }

  List<QuantityResult> setQuantities(
      String name,
      String reason,
      String referenceDocumentUri,
      List<QuantityChange> changes,
      StaleRebase rebase) {
    if (!Set.of("available", "on_hand").contains(name)) {
      throw new IllegalArgumentException("name must be 'available' or 'on_hand', got " + name);
    }
    QuantityResult[] results = new QuantityResult[changes.size()];
    QuantityChange[] current = changes.toArray(new QuantityChange[0]);
    List<Callable<Void>> batches = new ArrayList<>();
    for (int from = 0; from < changes.size(); from += MAX_PER_CALL) {
      int first = from;
      int last = Math.min(changes.size(), from + MAX_PER_CALL);
      batches.add(
          () -> {
            pushBatch(name, reason, referenceDocumentUri, first, last, results, current, rebase);
            return null;
          });
    }
    ParallelBatches.runAll(batches, client.settings().parallelism());
    return List.of(results);
  }

  private void pushBatch(
      String name,
      String reason,
      String referenceDocumentUri,
      int first,
      int last,
      QuantityResult[] results,
      QuantityChange[] current,
      StaleRebase rebase) {
    List<Integer> pending = new ArrayList<>();
    for (int i = first; i < last; i++) {
      pending.add(i);
    }
    Map<Integer, Integer> staleRounds = new HashMap<>();
    while (!pending.isEmpty()) {
      JsonNode payload = send(name, reason, referenceDocumentUri, pending, current);
      JsonNode errors = payload.path("userErrors");
      if (errors.isEmpty()) {
        pending.forEach(i -> results[i] = QuantityResult.applied(current[i]));
        break;
      }
      List<Integer> stale = new ArrayList<>();
      List<Integer> untouched = new ArrayList<>(pending);
      for (JsonNode error : errors) {
        Integer position = itemPosition(error.path("field"));
        String code = error.path("code").asText(null);
        String message = error.path("message").asText();
        if (position == null || position >= pending.size()) {
          // An error about the whole call (reason, name, idempotency): every item shares it.
          for (int i : pending) {
            results[i] =
                new QuantityResult(current[i], QuantityResult.Outcome.REJECTED, code, message);
          }
          untouched.clear();
          stale.clear();
          break;
        }
        int index = pending.get(position);
        untouched.remove((Integer) index);
        if ("CHANGE_FROM_QUANTITY_STALE".equals(code)) {
          stale.add(index);
        } else {
          results[index] =
              new QuantityResult(current[index], QuantityResult.Outcome.REJECTED, code, message);
        }
      }
      List<Integer> retry = new ArrayList<>(untouched);
      if (!stale.isEmpty()) {
        Map<Integer, Integer> fresh = reread(name, stale, current);
        for (int index : stale) {
          int rounds = staleRounds.merge(index, 1, Integer::sum);
          if (rounds > MAX_STALE_ROUNDS) {
            results[index] =
                new QuantityResult(
                    current[index],
                    QuantityResult.Outcome.STALE,
                    "CHANGE_FROM_QUANTITY_STALE",
                    "quantity kept changing during " + MAX_STALE_ROUNDS + " re-reads");
          } else if (!fresh.containsKey(index)) {
            results[index] =
                new QuantityResult(
                    current[index],
                    QuantityResult.Outcome.REJECTED,
                    "INVALID_LOCATION",
                    "The inventory item is not stocked at the location.");
          } else {
            current[index] = rebase.rebase(index, current[index], fresh.get(index));
            retry.add(index);
          }
        }
      }
      retry.sort(null);
      pending = retry;
    }
  }

  private JsonNode send(
      String name, String reason, String uri, List<Integer> indexes, QuantityChange[] current) {
    List<Map<String, Object>> quantities = new ArrayList<>();
    for (int i : indexes) {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("inventoryItemId", current[i].inventoryItemId());
      q.put("locationId", current[i].locationId());
      q.put("quantity", current[i].quantity());
      q.put("changeFromQuantity", current[i].changeFromQuantity());
      quantities.add(q);
    }
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("name", name);
    input.put("reason", reason);
    input.put("referenceDocumentUri", uri);
    input.put("quantities", quantities);
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("input", input);
    // One key per logical operation; ShopifyClient retries resend these exact variables.
    variables.put("idempotencyKey", UUID.randomUUID().toString());
    JsonNode payload =
        client
            .execute(
                "inventorySetQuantities",
                GraphqlDocuments.get("inventory-set-quantities"),
                variables,
                MUTATION_COST)
            .data()
            .path("inventorySetQuantities");
    if (!payload.isObject()) {
      throw new ShopifyRequestException("inventorySetQuantities answered without a payload", 200);
    }
    return payload;
  }

  /** The position in the call's quantities list named by a user error's field path, or null. */
  private static Integer itemPosition(JsonNode field) {
    if (field.size() >= 3 && field.path(1).asText().equals("quantities")) {
      try {
        return Integer.parseInt(field.path(2).asText());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** Current quantities of the stale changes (index to quantity; absent when not stocked). */
  private Map<Integer, Integer> reread(String name, List<Integer> stale, QuantityChange[] current) {
    Map<String, List<Integer>> byLocation = new LinkedHashMap<>();
    for (int index : stale) {
      byLocation.computeIfAbsent(current[index].locationId(), l -> new ArrayList<>()).add(index);
    }
    Map<Integer, Integer> fresh = new HashMap<>();
    byLocation.forEach(
        (location, indexes) -> {
          List<String> ids =
              indexes.stream()
                  .map(i -> SearchTerms.numericId(current[i].inventoryItemId()))
                  .toList();
          Map<String, Integer> byItem = new HashMap<>();
          String document = GraphqlDocuments.get("inventory-quantities-of-items");
          int from = 0;
          while (from < ids.size()) {
            int start = from;
            int[] used = new int[1];
            // A page sized to fit the single-query maximum at the costs Shopify really charges.
            JsonNode nodes =
                client
                    .pageSizes()
                    .fitted(
                        document,
                        ids.size() - start,
                        n -> 2 + 3 * n,
                        size -> {
                          used[0] = size;
                          List<String> page = ids.subList(start, start + size);
                          Map<String, Object> variables = new LinkedHashMap<>();
                          variables.put("first", page.size());
                          variables.put("query", SearchTerms.anyOf("id", page));
                          variables.put("locationId", location);
                          return client.execute(
                              "inventoryQuantitiesOfItems", document, variables, 2 + 3 * size);
                        })
                    .data()
                    .path("inventoryItems")
                    .path("nodes");
            for (JsonNode node : nodes) {
              JsonNode level = node.path("inventoryLevel");
              if (level.isObject()) {
                byItem.put(node.path("id").asText(), ShopifyConnector.quantity(level, name));
              }
            }
            from += used[0];
          }
          for (int index : indexes) {
            Integer quantity = byItem.get(current[index].inventoryItemId());
            if (quantity != null) {
              fresh.put(index, quantity);
            }
          }
        });
    return fresh;
  }
}
