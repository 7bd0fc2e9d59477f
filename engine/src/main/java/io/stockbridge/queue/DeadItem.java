package io.stockbridge.queue;

/** A dead letter: an item that ran out of attempts or was declared dead, with its last error. */
public record DeadItem(
    long id,
    Long eventId,
    String kind,
    String itemKey,
    String store,
    int attempts,
    String lastError,
    String errorType,
    String errorCauses,
    long updatedAt) {}
