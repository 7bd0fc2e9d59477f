package io.stockbridge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package rules of the build: what the engine may import, and no package cycle anywhere. */
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

  static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.stockbridge");

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
  void no_package_cycle() {
    slices()
        .matching("io.stockbridge.(**)")
        .should()
        .beFreeOfCycles()
        .because(
            "a package gets the types it needs from below: move an interface to the package that owns"
                + " it, or the wiring to a package of its own (flow.wiring, store.wiring)")
        .check(PRODUCTION);
  }
}
