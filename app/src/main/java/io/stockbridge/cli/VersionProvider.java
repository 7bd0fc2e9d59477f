package io.stockbridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * Reports the version the build wrote into {@code version.properties} (Maven filters {@code
 * ${project.version}} into it), and the commit when the build was given one ({@code -Dgit.commit},
 * as the launcher does), whether run from the jar or from compiled classes.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
  static final String RESOURCE = "/io/stockbridge/cli/version.properties";

  @Override
  public String[] getVersion() {
    String commit = property("commit");
    return new String[] {
      "stockbridge " + version() + (commit.isEmpty() ? "" : " (commit " + commit + ")")
    };
  }

  /** The build's version; "unknown (not built by Maven)" if the resource was never filtered. */
  static String version() {
    String version = property("version");
    return version.isEmpty() ? "unknown (not built by Maven)" : version;
  }

  /** A filtered property, empty when absent, blank or never filtered. */
  private static String property(String name) {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String value = properties.getProperty(name, "").strip();
    return value.contains("${") ? "" : value;
  }
}
