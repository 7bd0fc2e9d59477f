package io.stockbridge.connector.shopify;

/** A Shopify location: global id, name, whether it is active. */
public record LocationRef(String id, String name, boolean active) {}
