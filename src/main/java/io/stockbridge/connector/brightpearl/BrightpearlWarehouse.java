package io.stockbridge.connector.brightpearl;

/** A Brightpearl warehouse. Immutable. */
public record BrightpearlWarehouse(long id, String name) {}
