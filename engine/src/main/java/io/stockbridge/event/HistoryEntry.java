package io.stockbridge.event;

/**
 * One append-only step of an event's path (time in epoch milliseconds). The first step, {@code
 * received}, has id 0: it is read from the event itself.
 */
public record HistoryEntry(
    long id,
    long eventId,
    long at,
    EventStatus status,
    String node,
    String flow,
    Integer attempt,
    String detail) {}
