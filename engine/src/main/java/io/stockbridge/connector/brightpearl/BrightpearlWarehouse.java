package io.stockbridge.connector.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;

/** A Brightpearl warehouse. Immutable. */
public record BrightpearlWarehouse(long id, String name) {
  static BrightpearlWarehouse from(JsonNode node) {
    return new BrightpearlWarehouse(node.path("id").asLong(), node.path("name").asText(""));
  }
}
