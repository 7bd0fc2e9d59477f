package io.stockbridge.sync;

/**
 * A write a store in shadow mode would have sent: {@code target} names what it changes (e.g. {@code
 * inventory SKU-1 @ gid://shopify/Location/1}), {@code body} the value or input as JSON. {@code id}
 * is 0 before it is stored.
 */
public record ShadowWrite(
    long id, String store, Long eventId, String flow, String target, String body, long at) {}
