package io.stockbridge.bench;

import java.util.List;
import java.util.Optional;

/** The registry of benchmark scenarios; a new scenario is added to {@link #ALL}. */
public final class BenchScenarios {
  public static final List<BenchScenario> ALL =
      List.of(
          new IngestBench(),
          new QueueBench(),
          new QueryBench(),
          new ConnectorBench(),
          new SpikeBench(),
          new OnboardBench(),
          new LatencyBench(),
          new FanoutBench(),
          new OrderBench());

  private BenchScenarios() {}

  public static Optional<BenchScenario> find(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
