package io.stockbridge.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Logs and traces, as configured: {@code log.format} ({@code text} or {@code json}), {@code
 * log.level}, {@code tracing.enabled} and {@code tracing.otlpEndpoint} (spans are exported over
 * OTLP/HTTP only when it is set). Immutable.
 */
public record ObserveConfig(
    String logFormat, String logLevel, boolean tracingEnabled, Optional<URI> otlpEndpoint) {
  public static final String TEXT = "text";
  public static final String JSON = "json";

  /** Defaults: text at INFO, tracing on, no export. */
  public static final ObserveConfig DEFAULT =
      new ObserveConfig(TEXT, "INFO", true, Optional.empty());

  public static ObserveConfig from(ConfigSource source) {
    String format = source.choice("log.format", TEXT, List.of(TEXT, JSON));
    String level =
        source
            .choice("log.level", "info", List.of("trace", "debug", "info", "warn", "error"))
            .toUpperCase(Locale.ROOT);
    boolean tracing = source.bool("tracing.enabled", true);
    Optional<URI> endpoint = Optional.empty();
    Optional<String> raw = source.optionalString("tracing.otlpEndpoint");
    if (raw.isPresent()) {
      try {
        URI uri = URI.create(raw.get());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
          throw new IllegalArgumentException("not http(s)");
        }
        endpoint = Optional.of(uri);
      } catch (IllegalArgumentException e) {
        source.problem(
            "tracing.otlpEndpoint: must be an http(s) URL such as http://localhost:4318/v1/traces,"
                + " got '"
                + raw.get()
                + "'");
      }
    }
    return new ObserveConfig(format, level, tracing, endpoint);
  }
}
