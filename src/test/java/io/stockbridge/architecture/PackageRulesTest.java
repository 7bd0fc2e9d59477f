package io.stockbridge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the build: what the engine may import, and no new package cycle.
 *
 * <p>The cycles still in the code are frozen: every package dependency that lies on a cycle is
 * listed in {@value #KNOWN_CYCLE_DEPENDENCIES}. A dependency on a cycle that is not listed (a new
 * cycle, or a new dependency inside an old one) fails the build, and so does a listed one that no
 * longer lies on a cycle (remove its line: the list only shrinks).
 */
class PackageRulesTest {
  /**
   * Not the engine: the simulators, the benchmarks, the demo and the command line that assembles
   * them.
   */
  static final String[] OUTSIDE_THE_ENGINE = {
    "io.stockbridge.simulator..",
    "io.stockbridge.bench..",
    "io.stockbridge.demo..",
    "io.stockbridge.cli.."
  };

  static final String KNOWN_CYCLE_DEPENDENCIES = "/architecture/known-cycle-dependencies.txt";
  static final String ROOT = "io.stockbridge";

  static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void the_engine_never_imports_simulators_benchmarks_demo_or_cli() {
    noClasses()
        .that()
        .resideOutsideOfPackages(OUTSIDE_THE_ENGINE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(OUTSIDE_THE_ENGINE)
        .because("the engine ships without the simulators, benchmarks and demo (issue 9)")
        .check(PRODUCTION);
  }

  @Test
  void no_new_package_cycle() throws IOException {
    Set<String> onCycles = dependenciesOnCycles(packageGraph(PRODUCTION));
    Set<String> known = known();
    Set<String> added = new TreeSet<>(onCycles);
    added.removeAll(known);
    Set<String> gone = new TreeSet<>(known);
    gone.removeAll(onCycles);
    assertThat(added)
        .as(
            "package dependencies that close a cycle (break the cycle: move the class or the interface"
                + " to the package that owns it)")
        .isEmpty();
    assertThat(gone)
        .as("no longer on a cycle: remove these lines from " + KNOWN_CYCLE_DEPENDENCIES)
        .isEmpty();
  }

  @Test
  void a_dependency_that_closes_a_cycle_is_found() {
    Map<String, Set<String>> graph = new TreeMap<>();
    graph.put("a", Set.of("b"));
    graph.put("b", Set.of("c"));
    graph.put("c", Set.of("a", "d"));
    graph.put("d", Set.of());
    assertThat(dependenciesOnCycles(graph)).containsExactly("a -> b", "b -> c", "c -> a");
  }

  /** Package to the packages it uses, names relative to io.stockbridge ("(root)" for the root). */
  static Map<String, Set<String>> packageGraph(JavaClasses classes) {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (JavaClass from : classes) {
      String source = relative(from.getPackageName());
      Set<String> uses = graph.computeIfAbsent(source, k -> new TreeSet<>());
      for (Dependency dependency : from.getDirectDependenciesFromSelf()) {
        String target = dependency.getTargetClass().getBaseComponentType().getPackageName();
        if ((target.equals(ROOT) || target.startsWith(ROOT + "."))
            && !relative(target).equals(source)) {
          uses.add(relative(target));
        }
      }
    }
    return graph;
  }

  static String relative(String packageName) {
    return packageName.equals(ROOT) ? "(root)" : packageName.substring(ROOT.length() + 1);
  }

  /** The edges "a -> b" whose two ends lie in the same strongly connected component (Tarjan). */
  static Set<String> dependenciesOnCycles(Map<String, Set<String>> graph) {
    Map<String, Integer> component = new Tarjan(graph).components();
    Set<String> edges = new TreeSet<>();
    graph.forEach(
        (from, tos) -> {
          for (String to : tos) {
            if (component.containsKey(to) && component.get(from).equals(component.get(to))) {
              edges.add(from + " -> " + to);
            }
          }
        });
    return edges;
  }

  static Set<String> known() throws IOException {
    try (InputStream in = PackageRulesTest.class.getResourceAsStream(KNOWN_CYCLE_DEPENDENCIES)) {
      Set<String> lines = new TreeSet<>();
      if (in == null) {
        return lines;
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          lines.add(trimmed);
        }
      }
      return lines;
    }
  }

  private static final class Tarjan {
    private final Map<String, Set<String>> graph;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new HashSet<>();
    private final Map<String, Integer> component = new HashMap<>();
    private int next;
    private int components;

    Tarjan(Map<String, Set<String>> graph) {
      this.graph = graph;
    }

    Map<String, Integer> components() {
      for (String node : new ArrayList<>(graph.keySet())) {
        if (!index.containsKey(node)) {
          visit(node);
        }
      }
      return component;
    }

    private void visit(String node) {
      index.put(node, next);
      low.put(node, next);
      next++;
      stack.push(node);
      onStack.add(node);
      for (String to : graph.getOrDefault(node, Set.of())) {
        if (!index.containsKey(to)) {
          visit(to);
          low.put(node, Math.min(low.get(node), low.get(to)));
        } else if (onStack.contains(to)) {
          low.put(node, Math.min(low.get(node), index.get(to)));
        }
      }
      if (low.get(node).equals(index.get(node))) {
        List<String> members = new ArrayList<>();
        String member;
        do {
          member = stack.pop();
          onStack.remove(member);
          members.add(member);
          component.put(member, components);
        } while (!member.equals(node));
        components++;
      }
    }
  }
}
