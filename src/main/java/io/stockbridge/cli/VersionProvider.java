package io.stockbridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * Reports the version the build wrote into {@code version.properties} (Maven filters {@code
 * ${project.version}} into it), whether run from the jar or from compiled classes.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
  static final String RESOURCE = "/io/stockbridge/cli/version.properties";

  @Override
  public String[] getVersion() {
    return new String[] {"stockbridge " + version()};
  }

  /** The build's version; "unknown (not built by Maven)" if the resource was never filtered. */
  static String version() {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = properties.getProperty("version", "");
    return version.isBlank() || version.contains("${")
        ? "unknown (not built by Maven)"
        : version.strip();
  }
}
