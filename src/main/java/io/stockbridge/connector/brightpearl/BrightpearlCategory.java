package io.stockbridge.connector.brightpearl;

/** A node of the Brightpearl category tree; {@code parentId} 0 is the root. Immutable. */
public record BrightpearlCategory(long id, String name, long parentId, boolean active) {}
