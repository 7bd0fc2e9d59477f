package io.stockbridge.cli;

import io.stockbridge.config.FanoutSettings;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.fanout.DeliveryView;
import io.stockbridge.fanout.ReplayFilter;
import io.stockbridge.fanout.SubscriberState;
import io.stockbridge.store.Storage;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code subscribers list|pause|resume|enable|deliveries|replay}: the fan-out subscribers. */
@Command(
    name = "subscribers",
    mixinStandardHelpOptions = true,
    description = "Lists, pauses, resumes, enables and replays fan-out subscribers.",
    subcommands = {
      SubscribersCommand.ListAll.class,
      SubscribersCommand.Pause.class,
      SubscribersCommand.Resume.class,
      SubscribersCommand.Enable.class,
      SubscribersCommand.Deliveries.class,
      SubscribersCommand.Replay.class
    })
final class SubscribersCommand {
  private SubscribersCommand() {}

  static FanoutSettings.Subscriber subscriber(StockbridgeConfig config, String name) {
    FanoutSettings.Subscriber subscriber = config.fanout().subscribers().get(name);
    if (subscriber == null) {
      throw new IllegalArgumentException(
          "no subscriber named '"
              + name
              + "'; configured: "
              + config.fanout().subscribers().keySet());
    }
    return subscriber;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Subscribers and backlog.")
  static final class ListAll extends StorageCommand {
    @Override
    int run(StockbridgeConfig config, Storage storage) {
      for (FanoutSettings.Subscriber s : config.fanout().subscribers().values()) {
        Optional<SubscriberState> state = storage.deliveries().state(s.name());
        System.out.printf(
            "%-20s %-8s %-9s %-8s pending=%d dead=%d delivered=%d%s%n",
            s.name(),
            s.kind().name().toLowerCase(Locale.ROOT),
            s.perKey() ? "perKey" : "unordered",
            state.map(x -> x.paused() ? "paused" : "running").orElse("new"),
            state.map(SubscriberState::pending).orElse(0L),
            state.map(SubscriberState::dead).orElse(0L),
            state.map(SubscriberState::delivered).orElse(0L),
            state
                .filter(x -> x.disabledAt() != null)
                .map(x -> "  DISABLED: " + x.disabledReason())
                .orElse(""));
      }
      System.out.println(config.fanout().subscribers().size() + " subscriber(s)");
      return 0;
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Deliveries wait.")
  static final class Pause extends StorageCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      subscriber(config, name);
      storage.deliveries().ensure(name, System.currentTimeMillis());
      storage.deliveries().setPaused(name, true, System.currentTimeMillis());
      System.out.println("paused subscriber " + name);
      return 0;
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Deliveries go on.")
  static final class Resume extends StorageCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      subscriber(config, name);
      storage.deliveries().ensure(name, System.currentTimeMillis());
      storage.deliveries().setPaused(name, false, System.currentTimeMillis());
      System.out.println("resumed subscriber " + name);
      return 0;
    }
  }

  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = "Enables a subscriber disabled after failing; its waiting deliveries go out.")
  static final class Enable extends StorageCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      subscriber(config, name);
      if (!storage.deliveries().enable(name, System.currentTimeMillis())) {
        throw new IllegalArgumentException("subscriber '" + name + "' is not disabled");
      }
      System.out.println("enabled subscriber " + name);
      return 0;
    }
  }

  @Command(
      name = "deliveries",
      mixinStandardHelpOptions = true,
      description = "A subscriber's deliveries, newest first; --id shows one with its attempts.")
  static final class Deliveries extends StorageCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--state", description = "pending, delivered or dead")
    String state;

    @Option(names = "--id", description = "one delivery, with every attempt")
    Long id;

    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      subscriber(config, name);
      if (limit < 1 || limit > 500) {
        throw new IllegalArgumentException("--limit must be between 1 and 500");
      }
      List<DeliveryView> views =
          id != null
              ? storage.deliveries().delivery(id).stream().toList()
              : storage.deliveries().deliveries(name, state, null, limit);
      for (DeliveryView d : views) {
        System.out.printf(
            "%-8d event=%-8d %-24s key=%-20s %-9s attempts=%d %s%n",
            d.id(),
            d.eventId(),
            d.type(),
            d.key(),
            d.state(),
            d.attempts(),
            d.lastError() == null ? "" : d.lastError());
        for (DeliveryView.Attempt a : d.attemptLog()) {
          System.out.printf(
              "    %s %s status=%s %d ms %s%n",
              java.time.Instant.ofEpochMilli(a.at()),
              a.success() ? "ok  " : "FAIL",
              a.status(),
              a.latencyMillis(),
              a.excerpt() == null ? "" : a.excerpt());
        }
      }
      return 0;
    }
  }

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description =
          "Sends deliveries again: --id one, or those matching the filter (delivered and dead by"
              + " default); counts only unless --yes.")
  static final class Replay extends StorageCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--id", description = "one delivery")
    Long id;

    @Option(names = "--state", description = "pending, delivered or dead")
    String state;

    @Option(names = "--type", description = "event type")
    String type;

    @Option(names = "--store", description = "store")
    String store;

    @Option(names = "--sku", description = "glob over the key")
    String sku;

    @Option(names = "--yes", description = "replay (without it: a dry-run count)")
    boolean yes;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      subscriber(config, name);
      long now = System.currentTimeMillis();
      if (id != null) {
        if (!storage.deliveries().replay(id, now)) {
          throw new IllegalArgumentException("no delivery with id " + id);
        }
        System.out.println("delivery " + id + " is pending again");
        return 0;
      }
      ReplayFilter filter =
          new ReplayFilter(
              state, type, store, Optional.ofNullable(sku).map(FanoutSettings::glob), null, null);
      int count = storage.deliveries().replay(name, filter, !yes, now);
      System.out.println(
          yes
              ? "replayed " + count + " deliveries"
              : count + " deliveries match; --yes replays them");
      return 0;
    }
  }
}
