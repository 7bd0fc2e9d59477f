package io.stockbridge.fanout;

/**
 * What operators and failures did to a subscriber: paused, failing since (null: not failing),
 * disabled at (null: enabled) and why, and its backlog (pending and dead deliveries, the oldest
 * pending one's creation time, delivered so far).
 */
public record SubscriberState(
    String name,
    boolean paused,
    Long failingSince,
    Long disabledAt,
    String disabledReason,
    long pending,
    long dead,
    long delivered,
    Long oldestPendingAt) {}
