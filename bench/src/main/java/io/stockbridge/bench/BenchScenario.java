package io.stockbridge.bench;

import java.util.Map;

/**
 * One benchmark scenario of {@code ./stockbridge bench <name>}. Implementations print progress to
 * stderr only; the harness prints the returned figures as one JSON object on the last stdout line
 * (with {@code scenario} and, where an engine applies, {@code engine}).
 */
public interface BenchScenario {
  /** The name used on the command line, e.g. {@code ingest}. */
  String name();

  /** One line for {@code bench --help}. */
  String description();

  /** Runs the scenario and returns its figures, in insertion order. */
  Map<String, Object> run(BenchOptions options) throws Exception;
}
