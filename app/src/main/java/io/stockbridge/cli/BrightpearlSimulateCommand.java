package io.stockbridge.cli;

import io.stockbridge.config.Secret;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulator;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulatorOptions;
import io.stockbridge.simulator.brightpearl.CatalogGenerator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code simulate brightpearl}: runs the Brightpearl simulator until interrupted, seeded with a
 * generated catalog. Prints the base URL and credentials to use on stdout. A subcommand of {@code
 * simulate}.
 */
@Command(
    name = "brightpearl",
    mixinStandardHelpOptions = true,
    description = "Runs a Brightpearl API simulator (control API under /_control) until stopped.")
public final class BrightpearlSimulateCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "8091",
      description = "Port (0 = any; default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--account",
      defaultValue = "stockbridgesim",
      description = "Account code (default ${DEFAULT-VALUE})")
  String account;

  @Option(
      names = "--products",
      defaultValue = "1000",
      description = "Products to seed (default ${DEFAULT-VALUE})")
  int products;

  @Option(
      names = "--warehouses",
      defaultValue = "2",
      description = "Warehouses to seed (default ${DEFAULT-VALUE})")
  int warehouses;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Generator seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--requests-per-minute",
      defaultValue = "200",
      description = "Rolling-minute request limit (default ${DEFAULT-VALUE})")
  int requestsPerMinute;

  @Option(
      names = "--throttle-status",
      defaultValue = "503",
      description = "Answer over the limit with 503 (as documented) or 429 + Retry-After")
  int throttleStatus;

  @Option(
      names = "--max-availability-ids",
      defaultValue = "200",
      description = "Most ids per product-availability GET (default ${DEFAULT-VALUE})")
  int maxAvailabilityIds;

  @Option(
      names = "--account-token",
      defaultValue = "${env:BRIGHTPEARL_ACCOUNT_TOKEN:-sim-account-token}",
      description = "Private-app token the simulator accepts")
  String accountToken;

  @Option(
      names = "--token",
      defaultValue = "${env:BRIGHTPEARL_TOKEN:-sim-oauth-token}",
      description = "OAuth bearer token the simulator accepts")
  String token;

  @Override
  public Integer call() throws InterruptedException {
    if (throttleStatus != 503 && throttleStatus != 429) {
      throw new IllegalArgumentException(
          "--throttle-status must be 503 or 429, got " + throttleStatus);
    }
    BrightpearlSimulatorOptions options =
        BrightpearlSimulatorOptions.builder()
            .port(port)
            .accountCode(account)
            .requestsPerMinute(requestsPerMinute)
            .maxAvailabilityIds(maxAvailabilityIds)
            .throttleMode(
                throttleStatus == 429
                    ? BrightpearlSimulatorOptions.ThrottleMode.STATUS_429
                    : BrightpearlSimulatorOptions.ThrottleMode.STATUS_503)
            .accountToken(Secret.of(accountToken))
            .oauthToken(Secret.of(token))
            .build();
    CountDownLatch stopped = new CountDownLatch(1);
    BrightpearlSimulator simulator = BrightpearlSimulator.start(options);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  simulator.close();
                  stopped.countDown();
                }));
    String ids =
        simulator
            .control()
            .seed(new CatalogGenerator.Spec(products, warehouses, 2, 20, 5, 0, seed))
            .toString();
    System.out.println("Brightpearl simulator on " + simulator.baseUrl());
    System.out.println("  account " + account + ", products " + (ids.isEmpty() ? "none" : ids));
    System.out.println(
        "  auth: brightpearl-app-ref "
            + options.appRef()
            + " + brightpearl-account-token (private app), or Bearer token + brightpearl-dev-ref "
            + options.devRef());
    System.out.println("  control API: " + simulator.baseUrl() + "/_control/... (Ctrl-C stops)");
    stopped.await();
    return 0;
  }
}
