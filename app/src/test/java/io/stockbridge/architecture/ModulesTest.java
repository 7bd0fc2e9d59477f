package io.stockbridge.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.testhelper.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Maven modules (docs/architecture.md, "Modules"): which packages each one holds, and that the
 * engine's pom depends on none of the others (engine/pom.xml's enforcer rule fails the build too).
 */
class ModulesTest {
  /** The top-level packages (under io.stockbridge) that live outside the engine, by module. */
  static final Map<String, List<String>> OUTSIDE_THE_ENGINE =
      Map.of(
          "simulators", List.of("simulator"),
          "demo", List.of("demo"),
          "bench", List.of("bench"),
          "app", List.of("cli"));

  @Test
  void the_parent_pom_lists_the_modules_in_build_order() throws IOException {
    String pom = Files.readString(ProjectRoot.resolve("pom.xml"));
    List<String> modules = new ArrayList<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    while (m.find()) {
      modules.add(m.group(1));
    }
    assertThat(modules).isEqualTo(ProjectRoot.MODULES);
  }

  @Test
  void each_top_level_package_lives_in_its_module() throws IOException {
    Map<String, String> expected = new TreeMap<>();
    Map<String, String> actual = new TreeMap<>();
    for (String module : ProjectRoot.MODULES) {
      for (String pkg : topLevelPackages(module)) {
        actual.merge(pkg, module, (a, b) -> a + "+" + b);
        String home = "engine";
        for (Map.Entry<String, List<String>> e : OUTSIDE_THE_ENGINE.entrySet()) {
          if (e.getValue().contains(pkg)) {
            home = e.getKey();
          }
        }
        expected.put(pkg, home);
      }
    }
    assertThat(actual)
        .as(
            "top-level package -> module; a file under the wrong module's folder (a merge that"
                + " kept an old src/main path, for example) shows here")
        .isEqualTo(expected);
    assertThat(actual).containsKeys("simulator", "demo", "bench", "cli", "flow", "queue");
  }

  @Test
  void no_source_is_left_in_the_old_single_module_folders() throws IOException {
    Path old = ProjectRoot.resolve("src");
    List<Path> left = new ArrayList<>();
    if (Files.isDirectory(old)) {
      try (Stream<Path> files = Files.walk(old)) {
        files.filter(Files::isRegularFile).forEach(left::add);
      }
    }
    assertThat(left)
        .as(
            "files under the root's src/, which no module builds or tests (a merge of a branch from"
                + " before the split leaves new package folders there): scripts/move-into-modules.sh"
                + " moves them")
        .isEmpty();
  }

  @Test
  void the_engine_pom_depends_on_no_other_module_graphql_java_or_db_scheduler() throws IOException {
    String pom = Files.readString(ProjectRoot.resolve("engine/pom.xml"));
    String dependencies =
        pom.substring(pom.indexOf("<dependencies>"), pom.indexOf("</dependencies>"));
    assertThat(dependencies)
        .doesNotContain("stockbridge-")
        .doesNotContain("graphql-java")
        .doesNotContain("db-scheduler");
    assertThat(pom)
        .as("the build-time check of the engine's classpath")
        .contains("<bannedDependencies>")
        .contains("<exclude>io.stockbridge:stockbridge-simulators</exclude>")
        .contains("<exclude>com.graphql-java</exclude>")
        .contains("<exclude>com.github.kagkarlsson</exclude>");
  }

  @Test
  void the_package_rules_see_the_classes_of_every_module() {
    List<String> seen =
        PackageRulesTest.PRODUCTION.stream().map(c -> c.getPackageName()).distinct().toList();
    assertThat(seen)
        .as("packages PackageRulesTest imports from the app's test classpath")
        .contains(
            "io.stockbridge.queue",
            "io.stockbridge.simulator.shopify",
            "io.stockbridge.demo",
            "io.stockbridge.bench",
            "io.stockbridge.cli");
  }

  /** The folders directly under a module's src/main/java/io/stockbridge holding Java files. */
  static List<String> topLevelPackages(String module) throws IOException {
    Path sources = ProjectRoot.resolve(module + "/src/main/java/io/stockbridge");
    List<String> packages = new ArrayList<>();
    if (!Files.isDirectory(sources)) {
      return packages;
    }
    try (Stream<Path> files = Files.walk(sources)) {
      files
          .filter(p -> p.toString().endsWith(".java"))
          .map(p -> sources.relativize(p))
          .filter(p -> p.getNameCount() > 1)
          .map(p -> p.getName(0).toString())
          .distinct()
          .forEach(packages::add);
    }
    return packages;
  }
}
