package io.stockbridge.sync;

/** A quantity written (or found by reconciliation) at one inventory item and location. */
public record PushedLevel(String store, String inventoryItem, String locationId, int quantity) {}
