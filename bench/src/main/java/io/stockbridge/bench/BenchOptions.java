package io.stockbridge.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * Options common to all scenarios. {@code engine} is {@code sqlite} or {@code postgres}; {@code
 * postgresUrl} is the JDBC URL of the server used for {@code postgres}; {@code workDir} is a fresh
 * scratch directory; {@code params} holds scenario-specific {@code --param key=value} pairs.
 */
public record BenchOptions(
    String engine, String postgresUrl, Path workDir, Map<String, String> params) {
  public int intParam(String name, int defaultValue) {
    String value = params.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--param " + name + " must be an integer, got '" + value + "'", e);
    }
  }
}
