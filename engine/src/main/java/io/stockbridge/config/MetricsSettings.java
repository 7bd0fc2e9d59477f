package io.stockbridge.config;

import java.util.List;

/**
 * {@code metrics.enabled} (default true): record metrics and serve {@code /metrics}; {@code
 * metrics.auth} (default {@code key}): {@code key} asks for an admin API key of any role (viewer is
 * enough; Prometheus sends it as a bearer token), {@code none} serves it to anyone who can reach
 * the port (for a scrape inside a private network).
 */
public record MetricsSettings(boolean enabled, boolean requireKey) {
  public static MetricsSettings from(ConfigSource source) {
    return new MetricsSettings(
        source.bool("metrics.enabled", true),
        source.choice("metrics.auth", "key", List.of("key", "none")).equals("key"));
  }
}
