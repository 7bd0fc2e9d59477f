package io.stockbridge.ingest;

/**
 * Sees what ingestion does: each event offered (new, duplicate or rejected with its reason) and
 * each group commit. Metrics plug in here ({@code metrics.IngestMetrics}). Called on request and
 * writer threads: implementations are thread-safe, quick and never block.
 */
public interface IngestObserver {
  /** Observes nothing. */
  IngestObserver NONE = new IngestObserver() {};

  /** An event was stored ({@code duplicate} false) or found stored already (true). */
  default void received(String source, String type, boolean duplicate) {}

  /** A request was refused: {@code reason} is our error code (e.g. {@code unauthorized}). */
  default void rejected(String source, int status, String reason) {}

  /**
   * A group commit stored {@code events} events; {@code ackNanos} is how long the oldest of them
   * waited from being handed in to being durable.
   */
  default void committed(int events, long ackNanos) {}
}
