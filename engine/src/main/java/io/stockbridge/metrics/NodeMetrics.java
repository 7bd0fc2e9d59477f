package io.stockbridge.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/**
 * The node's meter registry: Micrometer's Prometheus registry, or (metrics off) a registry that
 * records nothing, so every binder runs the same code either way. Thread-safe.
 */
public final class NodeMetrics {
  /** Every metric's name starts with this (then {@code _}). */
  public static final String PREFIX = "stockbridge";

  /** OpenMetrics 1.0, as the Prometheus client writes it. */
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  /** Prometheus text format 0.0.4. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;
  private final java.util.List<Runnable> beforeScrape =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private NodeMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
    this.registry = registry;
    this.prometheus = prometheus;
  }

  /** Metrics recorded and served in Prometheus text format or OpenMetrics. */
  public static NodeMetrics prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return new NodeMetrics(registry, registry);
  }

  /** Metrics off: meters exist and record nothing (a composite registry with no registries). */
  public static NodeMetrics off() {
    return new NodeMetrics(new CompositeMeterRegistry(), null);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Runs {@code refresh} before each scrape (e.g. {@link DatabaseGauges#refreshIfStale}); it must
   * be quick or cached.
   */
  public void beforeScrape(Runnable refresh) {
    beforeScrape.add(refresh);
  }

  public boolean enabled() {
    return prometheus != null;
  }

  /** A scrape's body and its content type. */
  public record Scrape(String contentType, String body) {}

  /**
   * The metrics now, as OpenMetrics when {@code accept} asks for {@code
   * application/openmetrics-text}, else Prometheus text format 0.0.4; empty when metrics are off.
   */
  public Optional<Scrape> scrape(String accept) {
    if (prometheus == null) {
      return Optional.empty();
    }
    for (Runnable refresh : beforeScrape) {
      refresh.run();
    }
    boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
    String type = openMetrics ? OPENMETRICS : PROMETHEUS_TEXT;
    return Optional.of(new Scrape(type, prometheus.scrape(type)));
  }
}
