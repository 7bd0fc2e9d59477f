package io.stockbridge.bench;

import io.stockbridge.config.Secret;
import io.stockbridge.connector.brightpearl.BrightpearlAuth;
import io.stockbridge.connector.brightpearl.BrightpearlClient;
import io.stockbridge.connector.brightpearl.BrightpearlSettings;
import io.stockbridge.connector.brightpearl.ProductAvailability;
import io.stockbridge.idset.IdSet;
import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulator;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulatorOptions;
import io.stockbridge.simulator.brightpearl.CatalogGenerator;
import io.stockbridge.simulator.brightpearl.SimCounters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Brightpearl half of {@code bench connector}: reads the availability of {@code --param
 * brightpearl_products=N} (default 10,000) products from an embedded simulator through the
 * connector and reports {@code brightpearl_requests} (the simulator's count; target at most 51 for
 * 10,000), {@code brightpearl_throttled}, {@code brightpearl_seconds} and {@code
 * brightpearl_products_read}. Not registered on its own; the lead's {@code connector} scenario
 * calls {@link #run}.
 */
public final class BrightpearlReadBench {
  private BrightpearlReadBench() {}

  public static Map<String, Object> run(BenchOptions options) {
    int products = options.intParam("brightpearl_products", 10_000);
    BrightpearlSimulatorOptions simulatorOptions = BrightpearlSimulatorOptions.builder().build();
    Map<String, Object> figures = new LinkedHashMap<>();
    try (BrightpearlSimulator simulator = BrightpearlSimulator.start(simulatorOptions)) {
      IdSet ids = simulator.control().seed(new CatalogGenerator.Spec(products, 3, 2, 20, 5, 0, 42));
      simulator.counters().reset();
      BrightpearlSettings settings =
          BrightpearlSettings.builder()
              .baseUrl(simulator.baseUrl())
              .accountCode(simulatorOptions.accountCode())
              .auth(
                  new BrightpearlAuth.PrivateApp(
                      simulatorOptions.appRef(),
                      Secret.of(simulatorOptions.accountToken().reveal())))
              .build();
      long start = System.nanoTime();
      Map<Long, ProductAvailability> read;
      try (BrightpearlClient client =
          new BrightpearlClient(settings, new InMemoryBudgetStateStore())) {
        read = client.availability(ids);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      figures.put("brightpearl_requests", simulator.counters().get(SimCounters.REQUESTS));
      figures.put("brightpearl_requests_limit", (products + 199) / 200 + 1);
      figures.put("brightpearl_throttled", simulator.counters().get(SimCounters.THROTTLED));
      figures.put("brightpearl_seconds", Math.round(seconds * 1000) / 1000.0);
      figures.put("brightpearl_products_read", read.size());
    }
    return figures;
  }
}
