package io.stockbridge.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful GraphQL answer: {@code data} (never null) and its cost. {@code errors} holds
 * field-level GraphQL errors that came with partial data (usually empty).
 */
public record GraphqlResponse(JsonNode data, JsonNode errors, int requestedCost, int actualCost) {}
