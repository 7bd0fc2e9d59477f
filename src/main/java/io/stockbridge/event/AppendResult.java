package io.stockbridge.event;

/**
 * The id of a stored event; {@code duplicate} when an event with the same dedupe key already
 * existed.
 */
public record AppendResult(long eventId, boolean duplicate) {}
