package io.stockbridge.cli;

import io.stockbridge.admin.EventViews;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.http.Json;
import io.stockbridge.queue.DeadItem;
import io.stockbridge.store.Storage;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dlq list|redrive}: the dead letters. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = "Lists and re-delivers dead letters.",
    subcommands = {DlqCommand.ListDead.class, DlqCommand.Redrive.class})
final class DlqCommand {
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists dead letters, newest first.")
  static final class ListDead extends StorageCommand {
    @Option(names = "--kind", description = "only this flow kind")
    String kind;

    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      if (limit < 1 || limit > 1000) {
        throw new IllegalArgumentException("--limit must be between 1 and 1000");
      }
      List<DeadItem> dead = storage.queue().dead(kind, null, limit);
      if (json) {
        System.out.println(
            Json.write(Map.of("deadLetters", dead.stream().map(EventViews::dead).toList())));
        return 0;
      }
      for (DeadItem d : dead) {
        System.out.printf(
            "%-8d event=%-8s kind=%-16s key=%-24s attempts=%d  %s%n",
            d.id(), d.eventId(), d.kind(), d.itemKey(), d.attempts(), d.lastError());
      }
      System.out.println(dead.size() + " dead letter(s)");
      return 0;
    }
  }

  @Command(
      name = "redrive",
      mixinStandardHelpOptions = true,
      description = "Re-delivers dead letters by id, by --kind, or --all.")
  static final class Redrive extends StorageCommand {
    @Parameters(arity = "0..*", paramLabel = "ID")
    List<Long> ids = List.of();

    @Option(names = "--kind")
    String kind;

    @Option(names = "--all")
    boolean all;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      if (ids.isEmpty() && kind == null && !all) {
        throw new IllegalArgumentException("say which dead letters: IDs, --kind KIND or --all");
      }
      int count =
          storage
              .queue()
              .redrive(
                  ids,
                  kind,
                  "cli user " + System.getProperty("user.name"),
                  System.currentTimeMillis());
      System.out.println("redriven " + count + " dead letter(s)");
      return 0;
    }
  }
}
