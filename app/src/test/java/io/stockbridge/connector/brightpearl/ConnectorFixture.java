package io.stockbridge.connector.brightpearl;

import io.stockbridge.config.Secret;
import io.stockbridge.ratelimit.BudgetStateStore;
import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulator;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulatorOptions;
import io.stockbridge.testhelper.MutableClock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A simulator and connectors on one settable clock: a connector's waits advance the clock instead
 * of sleeping, so budget waits of a minute take no real time.
 */
final class ConnectorFixture implements AutoCloseable {
  final MutableClock clock = new MutableClock();
  final BudgetStateStore budgets = new InMemoryBudgetStateStore();
  final BrightpearlSimulator simulator;

  ConnectorFixture() {
    this(options -> {});
  }

  ConnectorFixture(Consumer<BrightpearlSimulatorOptions.Builder> customise) {
    BrightpearlSimulatorOptions.Builder options =
        BrightpearlSimulatorOptions.builder().clock(clock);
    customise.accept(options);
    simulator = BrightpearlSimulator.start(options.build());
  }

  BrightpearlSettings.Builder settings() {
    return BrightpearlSettings.builder()
        .baseUrl(simulator.baseUrl())
        .accountCode(simulator.options().accountCode())
        .auth(
            new BrightpearlAuth.OAuth(
                Secret.of("sim-oauth-token"),
                simulator.options().appRef(),
                simulator.options().devRef()))
        .retryBackoff(Duration.ofMillis(5))
        .requestTimeout(Duration.ofSeconds(10));
  }

  BrightpearlClient client() {
    return client(settings());
  }

  BrightpearlClient client(BrightpearlSettings.Builder settings) {
    return client(settings, budgets);
  }

  BrightpearlClient client(BrightpearlSettings.Builder settings, BudgetStateStore store) {
    return new BrightpearlClient(settings.build(), store, clock, clock::sleep);
  }

  @Override
  public void close() {
    simulator.close();
  }
}
