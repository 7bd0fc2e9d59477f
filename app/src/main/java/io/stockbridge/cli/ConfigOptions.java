package io.stockbridge.cli;

import io.stockbridge.config.ConfigSource;
import io.stockbridge.config.StockbridgeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every command that needs the configuration. */
final class ConfigOptions {
  static final Path DEFAULT_FILE = Path.of("stockbridge.yaml");

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "YAML configuration file (default: $STOCKBRIDGE_CONFIG, else ./stockbridge.yaml if present;"
              + " environment variables STOCKBRIDGE_* override it)")
  Path file;

  StockbridgeConfig load() {
    Path chosen = file;
    if (chosen == null && System.getenv("STOCKBRIDGE_CONFIG") != null) {
      chosen = Path.of(System.getenv("STOCKBRIDGE_CONFIG"));
    }
    if (chosen == null && Files.isRegularFile(DEFAULT_FILE)) {
      chosen = DEFAULT_FILE;
    }
    return StockbridgeConfig.from(ConfigSource.load(chosen, System.getenv()));
  }
}
