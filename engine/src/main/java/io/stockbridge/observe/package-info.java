/**
 * Watching the engine work: the logging context of an event ({@link
 * io.stockbridge.observe.LogContext}, SLF4J's MDC: event id, trace id, flow, store), the log format
 * chosen by configuration ({@link io.stockbridge.observe.LogFormat}: quoted text or JSON lines),
 * and OpenTelemetry traces ({@link io.stockbridge.observe.Tracing}: one trace per event, from
 * ingestion through the queue and the flow to each API call, with {@code traceparent} sent
 * outbound).
 */
package io.stockbridge.observe;
