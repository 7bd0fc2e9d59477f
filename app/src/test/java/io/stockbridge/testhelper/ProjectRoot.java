package io.stockbridge.testhelper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The repository's root folder, where {@code docs/}, {@code ops/}, the parent {@code pom.xml} and
 * the modules live. Maven runs the tests in the app module's folder, so a relative path such as
 * {@code docs/architecture.md} goes through here: {@link #resolve(String)}.
 */
public final class ProjectRoot {
  /** The modules, in build order (the parent pom's {@code <modules>}). */
  public static final List<String> MODULES =
      List.of("engine", "simulators", "demo", "bench", "app");

  private static final Path ROOT = find();

  private ProjectRoot() {}

  /** The root folder, absolute. */
  public static Path path() {
    return ROOT;
  }

  /** A path relative to the root, e.g. {@code "docs/architecture.md"}. */
  public static Path resolve(String relative) {
    return ROOT.resolve(relative);
  }

  /**
   * The property surefire sets ({@code stockbridge.root}, from Maven's multi-module project
   * directory); otherwise (a test started by an IDE) the nearest folder up from the working
   * directory that holds {@code .mvn/} and the engine module.
   */
  private static Path find() {
    String property = System.getProperty("stockbridge.root");
    if (property != null && !property.isBlank() && isRoot(Path.of(property))) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (isRoot(dir)) {
        return dir.normalize();
      }
    }
    throw new IllegalStateException(
        "the project root (a folder with .mvn/ and engine/pom.xml) is neither in the system property"
            + " stockbridge.root ("
            + property
            + ") nor above "
            + Path.of("").toAbsolutePath());
  }

  private static boolean isRoot(Path dir) {
    return Files.isDirectory(dir.resolve(".mvn"))
        && Files.isRegularFile(dir.resolve("engine/pom.xml"));
  }
}
