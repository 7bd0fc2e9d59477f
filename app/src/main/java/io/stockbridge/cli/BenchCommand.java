package io.stockbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.bench.BenchOptions;
import io.stockbridge.bench.BenchScenario;
import io.stockbridge.bench.BenchScenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bench <scenario>}: runs a benchmark and prints its figures as one JSON line. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Runs a benchmark scenario; the last stdout line is one JSON object of figures.")
final class BenchCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "SCENARIO",
      description = "One of: ${COMPLETION-CANDIDATES}",
      completionCandidates = ScenarioNames.class)
  String scenario;

  @Option(
      names = "--engine",
      defaultValue = "sqlite",
      description = "sqlite or postgres (default: ${DEFAULT-VALUE})")
  String engine;

  @Option(
      names = "--postgres-url",
      defaultValue =
          "${env:STOCKBRIDGE_BENCH_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}",
      description =
          "JDBC URL of the PostgreSQL server for --engine postgres (default: ${DEFAULT-VALUE})")
  String postgresUrl;

  @Option(
      names = "--json",
      description = "Print only the JSON figures on stdout (progress still goes to stderr).")
  boolean json;

  @Option(
      names = "--nodes",
      defaultValue = "1",
      description =
          "spike only: nodes sharing one PostgreSQL (the others in processes of their own);"
              + " more than 1 also runs one node first and prints both (default: ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--param", description = "Scenario parameter key=value (repeatable).")
  Map<String, String> params = new LinkedHashMap<>();

  static final class ScenarioNames extends java.util.ArrayList<String> {
    ScenarioNames() {
      super(BenchScenarios.ALL.stream().map(BenchScenario::name).collect(Collectors.toList()));
    }
  }

  @Override
  public Integer call() throws Exception {
    BenchScenario chosen =
        BenchScenarios.find(scenario)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown scenario '" + scenario + "'; known: " + new ScenarioNames()));
    if (!engine.equals("sqlite") && !engine.equals("postgres")) {
      throw new IllegalArgumentException(
          "--engine must be sqlite or postgres, got '" + engine + "'");
    }
    if (nodes != 1) {
      if (!chosen.name().equals("spike")) {
        throw new IllegalArgumentException("--nodes applies to the spike scenario only");
      }
      params.put("nodes", String.valueOf(nodes));
    }
    Path workDir = Files.createTempDirectory("stockbridge-bench-");
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("scenario", chosen.name());
    figures.putAll(chosen.run(new BenchOptions(engine, postgresUrl, workDir, Map.copyOf(params))));
    String line = new ObjectMapper().writeValueAsString(figures);
    if (!json) {
      figures.forEach((key, value) -> System.err.printf("%-32s %s%n", key, value));
    }
    System.out.println(line);
    return 0;
  }
}
