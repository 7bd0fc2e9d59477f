/**
 * Prometheus metrics: the node's Micrometer registry ({@link NodeMetrics}), served at {@code
 * /metrics} ({@link MetricsEndpoint}), and one binder per area: {@link HttpMetrics} (every request,
 * through {@code http.RequestObserver}), {@link IngestMetrics}, {@link QueueMetrics}, {@link
 * ConnectorMetrics}, {@link StockFlowMetrics}, and the figures the database holds ({@link
 * DatabaseGauges}, read at most every few seconds whatever the scrape rate).
 */
package io.stockbridge.metrics;
