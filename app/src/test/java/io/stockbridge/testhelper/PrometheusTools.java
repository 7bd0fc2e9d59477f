package io.stockbridge.testhelper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code prometheus} package: {@code promtool} (lints metrics, checks and unit-tests
 * alerting rules) and the server (scrapes and parses {@code /metrics} as Prometheus does). {@code
 * scripts/ensure-services.sh} installs it; a test that needs it is skipped when it is missing,
 * except under {@code CI=true}, where that fails.
 */
public final class PrometheusTools {
  private PrometheusTools() {}

  /** The path of {@code name} ({@code promtool}, {@code prometheus}), or the test is skipped. */
  public static Path require(String name) {
    for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String why =
        name
            + " is not installed (Debian's prometheus package; bash scripts/ensure-services.sh"
            + " installs it)";
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(why + ": required under CI=true");
    }
    Assumptions.abort(why + "; skipped outside CI");
    throw new AssertionError("unreachable");
  }

  /** What a command printed (stdout and stderr together) and its exit code. */
  public record Run(int exitCode, String output) {}

  /** Runs {@code promtool} with {@code args} in {@code dir}, {@code stdin} as its input. */
  public static Run promtool(Path dir, String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(require("promtool").toString());
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("promtool " + args[0] + " did not end within 60 s");
      }
      return new Run(process.exitValue(), output);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The repository's {@code ops/} folder. */
  public static Path ops() {
    return ProjectRoot.resolve("ops");
  }
}
