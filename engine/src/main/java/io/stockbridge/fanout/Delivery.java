package io.stockbridge.fanout;

/**
 * A delivery due to a subscriber: the change event it carries ({@code eventId}, {@code type},
 * {@code store}, {@code key}, {@code receivedAt}, its payload JSON, null when retention dropped it)
 * and the attempts made so far.
 */
public record Delivery(
    long id,
    String subscriber,
    long eventId,
    String type,
    String store,
    String key,
    long receivedAt,
    int attempts,
    byte[] payload) {}
