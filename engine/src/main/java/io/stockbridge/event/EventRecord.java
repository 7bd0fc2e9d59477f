package io.stockbridge.event;

/** An event's metadata as stored (times in epoch milliseconds). */
public record EventRecord(
    long id,
    String source,
    String type,
    String key,
    String store,
    long receivedAt,
    long updatedAt,
    EventStatus status,
    int attempts,
    String flow,
    String traceId,
    Long batchId,
    String dedupeKey,
    String payloadArchive) {}
