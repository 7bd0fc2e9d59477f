package io.stockbridge.queue;

/**
 * The storage-level result of one run of an item. {@code state} is {@code done}, {@code ready}
 * (retry at {@code runAfter}), {@code waiting} (on {@code waitFor}) or {@code dead}. Errors keep
 * the message, the exception type and the cause chain for the dead letters.
 */
public record Settlement(
    WorkItem item,
    String state,
    long runAfter,
    String waitFor,
    String detail,
    String errorType,
    String errorCauses) {}
