package io.stockbridge.queue;

/** Item counts by state. */
public record QueueStats(long ready, long running, long waiting, long dead) {}
