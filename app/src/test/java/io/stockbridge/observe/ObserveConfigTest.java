package io.stockbridge.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stockbridge.config.ConfigException;
import io.stockbridge.config.ConfigSource;
import io.stockbridge.config.ObserveConfig;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObserveConfigTest {
  private static ObserveConfig read(String yaml, Map<String, String> env) throws Exception {
    ConfigSource source =
        new ConfigSource(new ObjectMapper(new YAMLFactory()).readTree(yaml + "\n"), env);
    ObserveConfig config = ObserveConfig.from(source);
    source.throwIfInvalid();
    return config;
  }

  @Test
  void by_default_text_logs_at_info_and_tracing_without_export() throws Exception {
    assertThat(read("{}", Map.of())).isEqualTo(ObserveConfig.DEFAULT);
  }

  @Test
  void the_file_and_the_environment_choose_format_level_and_collector() throws Exception {
    ObserveConfig config =
        read(
            "log: {format: JSON, level: debug}",
            Map.of("STOCKBRIDGE_TRACING_OTLP_ENDPOINT", "http://collector:4318/v1/traces"));
    assertThat(config.logFormat()).isEqualTo(ObserveConfig.JSON);
    assertThat(config.logLevel()).isEqualTo("DEBUG");
    assertThat(config.otlpEndpoint())
        .isEqualTo(Optional.of(URI.create("http://collector:4318/v1/traces")));
  }

  @Test
  void an_unknown_format_or_a_collector_that_is_not_http_is_refused_with_its_field() {
    assertThatThrownBy(() -> read("log: {format: xml}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("log.format: must be one of [text, json], got 'xml'");
    assertThatThrownBy(() -> read("tracing: {otlpEndpoint: 'collector:4317'}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tracing.otlpEndpoint: must be an http(s) URL");
  }
}
