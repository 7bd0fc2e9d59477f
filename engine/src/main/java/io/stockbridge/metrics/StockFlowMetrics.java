package io.stockbridge.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockbridge.flow.stock.StockFlow;
import io.stockbridge.queue.WorkHandler;
import java.util.List;

/**
 * The stock flow's buffers on this node, read at scrape time: {@code
 * stockbridge_coalescer_backlog_products} (products waiting for their flush) and {@code
 * stockbridge_write_buffer_levels{store}} (levels waiting for a call).
 */
public final class StockFlowMetrics {
  private StockFlowMetrics() {}

  public static void bind(MeterRegistry registry, List<WorkHandler> handlers, List<String> stores) {
    for (WorkHandler handler : handlers) {
      if (handler instanceof StockFlow flow) {
        Gauge.builder(NodeMetrics.PREFIX + ".coalescer.backlog", flow, StockFlow::coalescerBacklog)
            .description("Products waiting in the stock flow's coalescer for their flush")
            .baseUnit("products")
            .register(registry);
        for (String store : stores) {
          Gauge.builder(
                  NodeMetrics.PREFIX + ".write.buffer",
                  flow,
                  f -> f.writeBufferFill().getOrDefault(store, 0))
              .description("Inventory levels waiting in a store's write buffer for a call")
              .baseUnit("levels")
              .tag("store", store)
              .register(registry);
        }
      }
    }
  }
}
