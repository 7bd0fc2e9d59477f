package io.stockbridge.event;

/** An event's raw body as received. */
public record Payload(String contentType, byte[] body) {}
