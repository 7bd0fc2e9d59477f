package io.stockbridge.cli;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.flow.reconcile.ReconcileScope;
import io.stockbridge.flow.reconcile.ReconcileService;
import io.stockbridge.flow.reconcile.Reconciliation;
import io.stockbridge.http.Json;
import io.stockbridge.idset.IdSet;
import io.stockbridge.store.Storage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code reconcile run|list|show}: requests reconciliations and reads their reports. A request is
 * stored in the database; the running service starts it within seconds.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = "Compares warehouse and store stock and corrects the drift.",
    subcommands = {
      ReconcileCommand.Run.class,
      ReconcileCommand.ListRuns.class,
      ReconcileCommand.Show.class
    })
final class ReconcileCommand {
  private ReconcileCommand() {}

  static String by() {
    return "cli user " + System.getProperty("user.name");
  }

  /** {@code --follow} and its ceiling, shared by {@code reconcile run} and {@code sync full}. */
  static final class FollowOptions {
    @Option(
        names = "--follow",
        description =
            "Wait for the run to end, showing its progress (a bar on a terminal, plain lines"
                + " otherwise); exit 0 only if it completed")
    boolean follow;

    @Option(
        names = "--follow-minutes",
        defaultValue = "120",
        description = "Stop following after this long (1-1440, default 120)")
    int minutes;

    int after(Storage storage, long id, String task) {
      if (!follow) {
        return 0;
      }
      if (minutes < 1 || minutes > 1440) {
        throw new IllegalArgumentException("--follow-minutes: must be between 1 and 1440");
      }
      try {
        return RunFollower.follow(
            storage,
            id,
            Progress.of(System.out, task),
            java.time.Duration.ofMinutes(minutes),
            io.stockbridge.time.Sleeper.SYSTEM);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }
  }

  /** Stores a validated request, prints where its report will be, and returns its id. */
  static long submit(StockbridgeConfig config, Storage storage, ReconcileScope scope) {
    ReconcileScope valid = scope.validated(config.sync());
    long id = storage.reconciliations().request(valid.toJson(), by(), System.currentTimeMillis());
    System.out.println(
        "requested reconciliation "
            + id
            + " of "
            + String.join(", ", valid.stores())
            + (valid.fullSync() ? " (full sync)" : "")
            + "; the service starts it within seconds: ./stockbridge reconcile show "
            + id);
    return id;
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Requests a reconciliation: every store and product, or a subset.")
  static final class Run extends StorageCommand {
    @Option(
        names = "--store",
        paramLabel = "STORE",
        description = "a store to reconcile (repeatable; default every store running stock)")
    List<String> stores = List.of();

    @Option(
        names = "--products",
        paramLabel = "ID-SET",
        description = "only these Brightpearl products, e.g. 1-50,77")
    String products;

    @Option(names = "--sku", paramLabel = "SKU", description = "only this SKU (repeatable)")
    List<String> skus = List.of();

    @picocli.CommandLine.Mixin FollowOptions follow = new FollowOptions();

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      Optional<IdSet> ids = Optional.empty();
      if (products != null) {
        try {
          ids = Optional.of(IdSet.parse(products));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--products: " + e.getMessage(), e);
        }
      }
      long id = submit(config, storage, new ReconcileScope(stores, ids, skus, false));
      return follow.after(storage, id, "reconciliation " + id);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists reconciliation reports, newest first.")
  static final class ListRuns extends StorageCommand {
    @Option(names = "--limit", defaultValue = "20", description = "how many (default 20)")
    int limit;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      if (limit < 1 || limit > 200) {
        throw new IllegalArgumentException("--limit: must be between 1 and 200");
      }
      List<Reconciliation> runs =
          storage.reconciliations().list(null, limit).stream()
              .map(r -> ReconcileService.current(r, storage.events()))
              .toList();
      if (json) {
        System.out.println(
            Json.write(
                Map.of("reconciliations", runs.stream().map(ReconcileService::view).toList())));
        return 0;
      }
      System.out.printf(
          "%-6s %-11s %-24s %-28s %8s %8s %8s %8s%n",
          "ID", "STATUS", "STARTED", "REQUESTED BY", "CHECKED", "DRIFTED", "FIXED", "FAILED");
      for (Reconciliation r : runs) {
        System.out.printf(
            "%-6d %-11s %-24s %-28s %8d %8d %8d %8d%n",
            r.id(),
            r.status().dbValue(),
            Instant.ofEpochMilli(r.startedAt()),
            r.requestedBy(),
            r.checked(),
            r.drifted(),
            r.fixed(),
            r.failed());
        for (String reason : reasons(r)) {
          System.out.println("       " + reason);
        }
      }
      return 0;
    }
  }

  /** Why a run did not complete: its error and each failed store with its reason. */
  static List<String> reasons(Reconciliation run) {
    Map<String, Object> view = ReconcileService.view(run);
    List<String> reasons = new java.util.ArrayList<>();
    if (view.get("detail") instanceof Map<?, ?> detail && detail.get("error") != null) {
      reasons.add("error: " + detail.get("error"));
    }
    if (view.get("failedStores") instanceof Map<?, ?> failed) {
      failed.forEach((store, reason) -> reasons.add("store " + store + " failed: " + reason));
    }
    return reasons;
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows one reconciliation report as JSON.")
  static final class Show extends StorageCommand {
    @Parameters(index = "0", paramLabel = "ID")
    long id;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      Reconciliation run =
          storage
              .reconciliations()
              .find(id)
              .orElseThrow(() -> new IllegalArgumentException("no reconciliation with id " + id));
      System.out.println(
          Json.write(ReconcileService.view(ReconcileService.current(run, storage.events()))));
      return 0;
    }
  }
}
