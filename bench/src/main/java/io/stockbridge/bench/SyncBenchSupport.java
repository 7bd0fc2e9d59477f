package io.stockbridge.bench;

import io.stockbridge.config.SyncConfig;
import io.stockbridge.demo.SyncLab;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the sync benchmarks share: API latency, waiting for consistency, the time limit. */
final class SyncBenchSupport {
  /** Cost points of one {@code inventorySetQuantities} call (a mutation). */
  static final int WRITE_POINTS = 10;

  private SyncBenchSupport() {}

  /** The limit and what it is made of, in seconds. */
  record Limit(double seconds, Map<String, Object> parts) {}

  /**
   * The fastest the APIs allow after the last webhook: the coalescing window (debounce plus batch
   * fill), the minimal Brightpearl reads one after another on the one account (a rolling window of
   * 200 requests a minute adds its wait beyond 200), the store writes pipelined behind them (each
   * store has its own bucket; a write costs {@value #WRITE_POINTS} points against a Standard bucket
   * of 2,000 restoring 100 a second), and one more write latency for the last batch.
   */
  static Limit limit(SyncLab lab, int brightpearlCalls, int shopifyCallsPerStore, int latencyMs) {
    return limit(lab, brightpearlCalls, shopifyCallsPerStore, latencyMs, WRITE_POINTS);
  }

  /** As {@link #limit(SyncLab, int, int, int)}, a write costing {@code writePoints}. */
  static Limit limit(
      SyncLab lab, int brightpearlCalls, int shopifyCallsPerStore, int latencyMs, int writePoints) {
    SyncConfig.Timing timing = lab.node().config().sync().timing();
    double window = (timing.debounce().toMillis() + timing.batchFill().toMillis()) / 1e3;
    double latency = latencyMs / 1e3;
    double brightpearlWait = Math.max(0, brightpearlCalls - 200) * 60.0 / 200;
    double shopifyWait = Math.max(0, shopifyCallsPerStore * writePoints - 2000) / 100.0;
    double reads = brightpearlCalls * latency + brightpearlWait;
    double writes = shopifyCallsPerStore * latency + shopifyWait;
    double seconds = window + Math.max(reads, writes) + latency;
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("coalescing_window", window);
    parts.put("brightpearl_reads", SpikeBench.round(reads));
    parts.put("shopify_writes_per_store", SpikeBench.round(writes));
    parts.put("last_write", latency);
    return new Limit(seconds, parts);
  }
}
