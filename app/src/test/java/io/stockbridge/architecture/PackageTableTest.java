package io.stockbridge.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.testhelper.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code docs/architecture.md}'s package table lists every package of the code, and no other. */
class PackageTableTest {
  /** Each module's {@code src/main/java/io/stockbridge}. */
  static final List<Path> SOURCES =
      ProjectRoot.MODULES.stream()
          .map(module -> ProjectRoot.resolve(module + "/src/main/java/io/stockbridge"))
          .toList();

  static final String ROOT = "io.stockbridge";

  @Test
  void the_package_table_lists_exactly_the_packages_of_the_code() throws IOException {
    assertThat(documented(Files.readString(ProjectRoot.resolve("docs/architecture.md"))))
        .as("packages in the first column of docs/architecture.md's package table")
        .isEqualTo(inCode());
  }

  @Test
  void a_package_missing_from_the_table_is_seen() {
    String table =
        "## Packages (by concept)\n\n| package | what lives there |\n|---|---|\n"
            + "| `flow`, `flow.stock` | flows |\n| (root) `io.stockbridge` | shared |\n\n## Next\n| `x` | y |\n";
    assertThat(documented(table)).containsExactly("(root)", "flow", "flow.stock");
  }

  /** The backquoted names in the first column of the table under "## Packages". */
  static Set<String> documented(String markdown) {
    int start = markdown.indexOf("## Packages");
    int end = markdown.indexOf("\n## ", start + 1);
    String section = markdown.substring(start, end < 0 ? markdown.length() : end);
    Set<String> names = new TreeSet<>();
    Pattern quoted = Pattern.compile("`([^`]+)`");
    for (String line : section.split("\n")) {
      if (!line.startsWith("|") || line.startsWith("|---") || line.startsWith("| package ")) {
        continue;
      }
      Matcher m = quoted.matcher(line.split("\\|")[1]);
      while (m.find()) {
        names.add(m.group(1).equals(ROOT) ? "(root)" : m.group(1));
      }
    }
    return names;
  }

  /**
   * Every folder under a module's src/main/java/io/stockbridge holding a Java file, as a package
   * name.
   */
  static Set<String> inCode() throws IOException {
    Set<String> packages = new TreeSet<>();
    for (Path sources : SOURCES) {
      if (!Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sources)) {
        files
            .filter(p -> p.toString().endsWith(".java"))
            .map(p -> sources.relativize(p.getParent()).toString().replace('/', '.'))
            .forEach(p -> packages.add(p.isEmpty() ? "(root)" : p));
      }
    }
    return packages;
  }
}
