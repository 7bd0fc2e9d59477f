package io.stockbridge.cli;

import io.stockbridge.demo.DemoDay;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.http.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole product on one machine, on embedded SQLite: both simulators wired to a
 * node, a catalog onboarded to two stores, a merchant's day played with faults, reconciliation, a
 * summary; the API stays up until Ctrl-C (or the command ends when consistent with {@code --exit}).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Runs the demo: simulators of Brightpearl and Shopify, a node on embedded SQLite, a catalog"
            + " onboarded to two stores, a day of bursts and faults, reconciliation, a summary."
            + " Keeps the API up until Ctrl-C unless --exit.")
final class DemoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--products", defaultValue = "5000", description = "Catalog size (default 5000)")
  int products;

  @Option(
      names = "--latency-ms",
      defaultValue = "50",
      description = "Added latency of every simulated API call, in ms (default 50)")
  int latencyMs;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port of the node's API (default 8080; 0 picks a free one)")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = "data/demo",
      description = "Where the demo keeps its database; emptied at start (default data/demo)")
  Path dataDir;

  @Option(names = "--exit", description = "End once consistent instead of serving until Ctrl-C")
  boolean exit;

  @Option(
      names = "--json",
      description = "Print the figures as one JSON object on the last line (progress to stderr)")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (products < 10 || products > 100_000) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--products must be between 10 and 100000, got " + products);
    }
    if (latencyMs < 0 || latencyMs > 5000) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--latency-ms must be between 0 and 5000, got " + latencyMs);
    }
    PrintStream progress = json ? System.err : System.out;
    freshDataDir();
    DemoDay demo =
        new DemoDay(
            new DemoDay.Options(
                products,
                latencyMs,
                port,
                "jdbc:sqlite:" + dataDir.resolve("stockbridge.db"),
                dataDir,
                42),
            progress,
            stages(progress));
    try {
      demo.start();
      Map<String, Object> figures = demo.playDay();
      printSummary(progress, figures, demo.lab());
      if (json) {
        System.out.println(Json.write(figures));
      }
      if (!exit) {
        serveUntilStopped(progress, demo.lab());
      }
      return (Long) figures.get("dead") == 0 && (Integer) figures.get("drift_left") == 0 ? 0 : 1;
    } finally {
      if (exit && demo.lab() != null) {
        demo.lab().close();
        demo.subscribers().close();
      }
    }
  }

  /** The demo's long stages as {@link Progress}: a bar on a terminal, plain lines otherwise. */
  private static DemoDay.Stages stages(PrintStream out) {
    Map<String, Progress> shown = new java.util.HashMap<>();
    return new DemoDay.Stages() {
      @Override
      public void update(String task, io.stockbridge.flow.reconcile.RunStage stage) {
        shown
            .computeIfAbsent(task, t -> Progress.of(out, t))
            .update(stage.stage(), stage.done(), stage.total());
      }

      @Override
      public void done(String task, String summary) {
        Progress progress = shown.remove(task);
        if (progress != null) {
          progress.done(summary);
        }
      }
    };
  }

  private void freshDataDir() throws IOException {
    Files.createDirectories(dataDir);
    for (String name :
        new String[] {"stockbridge.db", "stockbridge.db-wal", "stockbridge.db-shm"}) {
      Files.deleteIfExists(dataDir.resolve(name));
    }
  }

  private static void printSummary(PrintStream out, Map<String, Object> f, SyncLab lab) {
    out.println();
    out.println("The day in figures");
    out.printf("  events received             %s%n", f.get("events"));
    out.printf(
        "  Shopify calls               %s (the day's changes need at least %s)%n",
        f.get("shopify_calls"), f.get("shopify_calls_min"));
    out.printf(
        "  Brightpearl calls           %s (at least %s)%n",
        f.get("brightpearl_calls"), f.get("brightpearl_calls_min"));
    out.printf("  throttled answers           %s%n", f.get("throttled"));
    out.printf(
        "  webhooks lost on the way    %s; reconciliation found %s drifted, fixed %s%n",
        f.get("webhooks_lost"), f.get("reconciliation_drifted"), f.get("reconciliation_fixed"));
    out.printf(
        "  consistent after            %s s from the last change (limit %s s)%n",
        f.get("seconds_to_consistency"), f.get("seconds_to_consistency_limit"));
    if (f.get("orders") instanceof Map<?, ?> o) {
      out.printf(
          "  orders in                   %s (%s in a flash sale on one store), %s in Brightpearl,"
              + " %s created twice%n",
          o.get("orders_in"),
          o.get("orders_flash_sale"),
          o.get("orders_in_brightpearl"),
          o.get("orders_created_twice"));
      out.printf(
          "  Brightpearl calls per order %s (at least %s: sales order, payment, new customer's"
              + " contact; %s new, %s returning) in %s s%n",
          o.get("calls_per_order"),
          o.get("calls_per_order_min"),
          o.get("new_customers"),
          o.get("returning_customers"),
          o.get("seconds_to_all_orders_in_brightpearl"));
      out.printf(
          "  after the orders            %s cancelled, %s refund credited with restock, %s"
              + " shipments, %s fulfilments out%n",
          o.get("cancellations"),
          o.get("refunds_credited"),
          o.get("shipments"),
          o.get("fulfilments_out"));
      out.printf(
          "  oversell                    max %s unit(s) above Brightpearl minus orders in flight"
              + " (%s samples; must be 0)%n",
          o.get("oversell_max_excess"), o.get("oversell_samples"));
    }
    out.printf("  drift left                  %s%n", f.get("drift_left"));
    out.printf("  dead letters                %s%n", f.get("dead"));
    if (f.get("subscribers") instanceof Map<?, ?> subscribers) {
      subscribers.forEach((name, figures) -> out.printf("  subscriber %-16s %s%n", name, figures));
    }
    out.println();
  }

  private static void serveUntilStopped(PrintStream out, SyncLab lab) throws InterruptedException {
    String base = "http://127.0.0.1:" + lab.node().port();
    out.println("The node keeps running. Try:");
    out.printf("  %s/  (the dashboard; operator key %s)%n", base, SyncLab.API_KEY);
    out.printf(
        "  curl -H 'Authorization: Bearer %s' '%s/api/events?limit=5'%n", SyncLab.API_KEY, base);
    out.printf(
        "  curl -H 'Authorization: Bearer %s' '%s/api/reconciliations'%n", SyncLab.API_KEY, base);
    out.printf("  %s/openapi.json%n", base);
    out.println("Ctrl-C stops.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  lab.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
