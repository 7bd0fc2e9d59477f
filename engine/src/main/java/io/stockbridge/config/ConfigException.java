package io.stockbridge.config;

import java.util.List;

/**
 * Configuration that cannot be used; the message lists every problem, each naming its field (one
 * line each when there are several, so that the CLI prints a readable list).
 */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(
        problems.size() == 1
            ? "invalid configuration: " + problems.get(0)
            : "invalid configuration, "
                + problems.size()
                + " problems:\n  - "
                + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
