package io.stockbridge.cli;

import io.stockbridge.config.Secret;
import io.stockbridge.simulator.shopify.CostSettings;
import io.stockbridge.simulator.shopify.ShopifyPlan;
import io.stockbridge.simulator.shopify.ShopifySimulator;
import io.stockbridge.simulator.shopify.ShopifySimulatorOptions;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simulate shopify}: runs the Shopify Admin GraphQL simulator until interrupted. */
@Command(
    name = "shopify",
    mixinStandardHelpOptions = true,
    description =
        "Runs a Shopify Admin GraphQL simulator (real 2026-10 schema; control API under /_control).")
final class ShopifySimulateCommand implements Callable<Integer> {
  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Listen address (default ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8092",
      description = "Port (0 = any; default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--plan",
      defaultValue = "standard",
      description =
          "standard, advanced, plus or enterprise: sets the cost bucket (default ${DEFAULT-VALUE})")
  String plan;

  @Option(
      names = "--shop",
      defaultValue = "stockbridge-dev",
      split = ",",
      description =
          "Shop name(s); the first is served at /admin/api/..., all at /shops/{shop}/admin/api/...")
  List<String> shops;

  @Option(
      names = "--products",
      defaultValue = "100",
      description = "Products (one variant each) to seed per shop")
  int products;

  @Option(names = "--available", defaultValue = "10", description = "Seeded available quantity")
  int available;

  @Option(
      names = "--cost-multiplier",
      defaultValue = "1",
      description =
          "Charge this many times Shopify's documented query costs (>= 1; default ${DEFAULT-VALUE})")
  double costMultiplier;

  @Option(
      names = "--cost-surcharge",
      defaultValue = "0",
      description = "Add this many points to every query's cost (default ${DEFAULT-VALUE})")
  int costSurcharge;

  @Option(
      names = "--access-token",
      defaultValue = "${env:SHOPIFY_ACCESS_TOKEN:-shpat_simulator}",
      description = "Admin API access token the simulator accepts")
  String accessToken;

  @Option(
      names = "--app-secret",
      defaultValue = "${env:SHOPIFY_APP_SECRET:-simulator-app-secret}",
      description = "Secret the simulator signs webhooks with")
  String appSecret;

  @Override
  public Integer call() throws InterruptedException {
    ShopifyPlan chosen;
    try {
      chosen = ShopifyPlan.valueOf(plan.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--plan must be standard, advanced, plus or enterprise, got '" + plan + "'", e);
    }
    if (products < 0) {
      throw new IllegalArgumentException("--products must not be negative");
    }
    CostSettings costs = new CostSettings(costMultiplier, costSurcharge);
    ShopifySimulator simulator =
        ShopifySimulator.start(
            ShopifySimulatorOptions.defaults()
                .withHost(host)
                .withPort(port)
                .withPlan(chosen)
                .withShops(shops)
                .withCredentials(Secret.of(accessToken), Secret.of(appSecret)));
    simulator.faults().setCosts(costs);
    String location = simulator.shop().addLocation("Warehouse");
    if (products > 0) {
      simulator.shop().generate(products, "SKU-", location, available);
    }
    System.out.println(
        "Shopify simulator on "
            + simulator.baseUrl()
            + " (plan "
            + chosen.name().toLowerCase(Locale.ROOT)
            + ", shops "
            + shops
            + ", "
            + products
            + " products"
            + (costs.documented() ? "" : ", costs x" + costMultiplier + " + " + costSurcharge)
            + "); control API under /_control; Ctrl-C stops");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  simulator.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }
}
