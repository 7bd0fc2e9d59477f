package io.stockbridge.connector.brightpearl;

import com.fasterxml.jackson.databind.JsonNode;

/** A node of the Brightpearl category tree; {@code parentId} 0 is the root. Immutable. */
public record BrightpearlCategory(long id, String name, long parentId, boolean active) {
  static BrightpearlCategory from(JsonNode node) {
    return new BrightpearlCategory(
        node.path("id").asLong(),
        node.path("name").asText(""),
        node.path("parentId").asLong(0),
        node.path("active").asBoolean(true));
  }
}
