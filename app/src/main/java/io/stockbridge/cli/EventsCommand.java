package io.stockbridge.cli;

import io.stockbridge.admin.EventViews;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.event.EventPage;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.HistoryEntry;
import io.stockbridge.flow.FlowCatalog;
import io.stockbridge.http.Json;
import io.stockbridge.replay.ReplayService;
import io.stockbridge.store.Storage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code events list|show|replay|replay-matching}: event tracking and re-processing from the shell.
 */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "Searches, shows and replays events.",
    subcommands = {
      EventsCommand.ListEvents.class,
      EventsCommand.Show.class,
      EventsCommand.Replay.class,
      EventsCommand.ReplayMatching.class
    })
final class EventsCommand {
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists events, newest first.")
  static final class ListEvents extends StorageCommand {
    @Mixin EventFilterOptions filter;

    @Option(
        names = "--limit",
        defaultValue = "50",
        description = "page size, 1-1000 (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      EventPage page = storage.events().search(filter.toQuery(limit));
      if (json) {
        System.out.println(
            Json.write(
                Map.of(
                    "events",
                    page.events().stream().map(EventViews::event).toList(),
                    "nextBefore",
                    page.nextBeforeId() == null ? "" : page.nextBeforeId())));
        return 0;
      }
      System.out.printf(
          "%-10s %-24s %-11s %-40s %-20s %-18s %s%n",
          "ID", "RECEIVED", "SOURCE", "TYPE", "KEY", "STORE", "STATUS");
      for (EventRecord e : page.events()) {
        System.out.printf(
            "%-10d %-24s %-11s %-40s %-20s %-18s %s%n",
            e.id(),
            Instant.ofEpochMilli(e.receivedAt()),
            e.source(),
            e.type(),
            e.key(),
            e.store(),
            e.status().dbValue());
      }
      if (page.nextBeforeId() != null) {
        System.out.println("more: add --before " + page.nextBeforeId());
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows an event, its history and payload.")
  static final class Show extends StorageCommand {
    @Parameters(index = "0", paramLabel = "ID")
    long id;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      EventRecord event =
          storage
              .events()
              .find(id)
              .orElseThrow(() -> new IllegalArgumentException("no event with id " + id));
      List<HistoryEntry> history = storage.events().history(id);
      Map<String, Object> view = EventViews.event(event);
      view.put("history", history.stream().map(EventViews::history).toList());
      view.put("payload", EventViews.payload(storage.events().payload(id)));
      if (json) {
        System.out.println(Json.write(view));
        return 0;
      }
      view.forEach(
          (name, value) -> {
            if (!name.equals("history") && !name.equals("payload")) {
              System.out.printf("%-14s %s%n", name, value);
            }
          });
      System.out.println("history:");
      for (HistoryEntry h : history) {
        System.out.printf(
            "  %s  %-10s node=%s flow=%s attempt=%s  %s%n",
            Instant.ofEpochMilli(h.at()),
            h.status().dbValue(),
            h.node(),
            h.flow(),
            h.attempt(),
            h.detail() == null ? "" : h.detail());
      }
      System.out.println("payload: " + Json.write(view.get("payload")));
      return 0;
    }
  }

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = "Queues events again by id.")
  static final class Replay extends StorageCommand {
    @Parameters(arity = "1..*", paramLabel = "ID")
    List<Long> ids;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      ReplayService replays =
          new ReplayService(
              storage.events(), FlowCatalog.router(config, List.of()), Clock.systemUTC());
      for (long id : ids) {
        replays.replayOne(id, "cli user " + System.getProperty("user.name"));
        System.out.println("queued event " + id + " again");
      }
      return 0;
    }
  }

  @Command(
      name = "replay-matching",
      mixinStandardHelpOptions = true,
      description =
          "Replays every event matching the filters: first --dry-run for the count, then --confirm COUNT.")
  static final class ReplayMatching extends StorageCommand {
    @Mixin EventFilterOptions filter;

    @Option(names = "--dry-run", description = "only count the matching events")
    boolean dryRun;

    @Option(
        names = "--confirm",
        paramLabel = "COUNT",
        description = "the count the dry run printed")
    Long confirm;

    @Option(names = "--all", description = "replay every event (instead of naming a filter)")
    boolean all;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      if (!filter.narrows() && !all) {
        throw new IllegalArgumentException(
            "name at least one filter option (--status, --source, --type, --key, --store, --flow,"
                + " --batch, --from, --to) or --all to replay every event");
      }
      if (filter.narrows() && all) {
        throw new IllegalArgumentException("--all replays every event; drop it or the filters");
      }
      ReplayService replays =
          new ReplayService(
              storage.events(), FlowCatalog.router(config, List.of()), Clock.systemUTC());
      var query = filter.toQuery(1000);
      if (dryRun) {
        System.out.println(
            replays.count(query)
                + " event(s) match; replay them with --confirm "
                + replays.count(query));
        return 0;
      }
      if (confirm == null) {
        throw new IllegalArgumentException(
            "say --dry-run first, then --confirm COUNT with the count it printed");
      }
      ReplayService.BulkReplay result =
          replays.replayMatching(query, confirm, "cli user " + System.getProperty("user.name"));
      System.out.println(
          "replayed " + result.replayed() + " event(s) as batch " + result.batchId());
      return 0;
    }
  }
}
