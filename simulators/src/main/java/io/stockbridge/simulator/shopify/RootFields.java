package io.stockbridge.simulator.shopify;

import graphql.schema.DataFetcher;
import java.util.Map;

/** Which simulator code answers each root query and mutation field; others fail explicitly. */
final class RootFields {
  private static final Map<String, DataFetcher<?>> FETCHERS =
      Map.ofEntries(
          Map.entry("productVariants", Queries::productVariants),
          Map.entry("productVariant", Queries::productVariant),
          Map.entry("products", Queries::products),
          Map.entry("product", Queries::product),
          Map.entry("inventoryItems", Queries::inventoryItems),
          Map.entry("inventoryItem", Queries::inventoryItem),
          Map.entry("locations", Queries::locations),
          Map.entry("location", Queries::location),
          Map.entry("currentBulkOperation", BulkMutations::current),
          Map.entry("bulkOperation", BulkMutations::byId),
          Map.entry("bulkOperations", BulkMutations::list),
          Map.entry("bulkOperationCancel", BulkMutations::cancel),
          Map.entry("inventorySetQuantities", InventoryMutations::setQuantities),
          Map.entry("inventoryActivate", InventoryActivation::activate),
          Map.entry("productSet", ProductMutations::productSet),
          Map.entry("productDelete", ProductMutations::productDelete),
          Map.entry("tagsAdd", env -> ProductMutations.tags(env, true)),
          Map.entry("tagsRemove", env -> ProductMutations.tags(env, false)),
          Map.entry("stagedUploadsCreate", BulkMutations::stagedUploadsCreate),
          Map.entry("bulkOperationRunQuery", BulkMutations::runQuery),
          Map.entry("bulkOperationRunMutation", BulkMutations::runMutation),
          Map.entry("webhookSubscriptionCreate", BulkMutations::webhookSubscriptionCreate),
          Map.entry("orders", OrderFields::orders),
          Map.entry("order", OrderFields::order),
          Map.entry("fulfillmentCreate", OrderFields::fulfillmentCreate));

  private RootFields() {}

  static DataFetcher<?> fetcherFor(String field) {
    DataFetcher<?> fetcher = FETCHERS.get(field);
    if (fetcher != null) {
      return fetcher;
    }
    return env -> {
      throw GraphqlErrors.error(
          "Field '" + field + "' is valid in Shopify's schema but not implemented by the simulator",
          "NOT_IMPLEMENTED_BY_SIMULATOR");
    };
  }
}
