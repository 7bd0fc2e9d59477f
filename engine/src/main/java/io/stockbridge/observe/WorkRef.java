package io.stockbridge.observe;

/**
 * A claimed work item, as tracing sees it: its id, its event (may be null) and the event's trace id
 * (may be null), its store (may be null), when it became due (epoch ms) and its attempt.
 */
public record WorkRef(
    long workItemId, Long eventId, String traceId, String store, long dueAtMillis, int attempt) {}
