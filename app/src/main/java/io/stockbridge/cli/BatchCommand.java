package io.stockbridge.cli;

import io.stockbridge.admin.BatchEndpoints;
import io.stockbridge.batch.Batch;
import io.stockbridge.batch.BatchState;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.http.Json;
import io.stockbridge.store.Storage;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code batches open|close|show|list}: batches with a completion barrier, on the database the
 * service uses (as {@code /api/batches} does). Output is one JSON object per batch.
 */
@Command(
    name = "batches",
    mixinStandardHelpOptions = true,
    description = "Opens, closes and shows batches of events (a completion barrier).",
    subcommands = {
      BatchCommand.Open.class,
      BatchCommand.Close.class,
      BatchCommand.Show.class,
      BatchCommand.ListBatches.class
    })
final class BatchCommand {
  private BatchCommand() {}

  @Command(
      name = "open",
      mixinStandardHelpOptions = true,
      description =
          "Opens a batch; tag events with it (header Stockbridge-Batch: <id>), then close it.")
  static final class Open extends StorageCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = "--kind",
        defaultValue = "cli",
        description = "What the batch is (default cli).")
    String kind;

    @Option(
        names = "--rebuild-read-model",
        paramLabel = "STORE",
        description = "Rebuild this store's read model when the batch completes (repeatable).")
    List<String> rebuild = new ArrayList<>();

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      if (name.isBlank() || name.length() > 200) {
        throw new IllegalArgumentException("NAME must be 1 to 200 characters");
      }
      if (!kind.matches("[a-z][a-z0-9._-]{0,39}")) {
        throw new IllegalArgumentException(
            "--kind must be 1-40 lower-case letters, digits or . _ - starting with a letter");
      }
      for (String store : rebuild) {
        if (!config.sync().stores().containsKey(store)) {
          throw new IllegalArgumentException(
              "--rebuild-read-model: no configured store '"
                  + store
                  + "'; configured: "
                  + config.sync().stores().keySet());
        }
      }
      Batch batch =
          storage
              .batches()
              .open(
                  kind,
                  name,
                  "cli user " + System.getProperty("user.name"),
                  rebuild,
                  System.currentTimeMillis());
      System.out.println(Json.write(BatchEndpoints.view(batch)));
      return 0;
    }
  }

  @Command(
      name = "close",
      mixinStandardHelpOptions = true,
      description = "Closes a batch: it completes when its last event ends.")
  static final class Close extends StorageCommand {
    @Parameters(index = "0", paramLabel = "ID")
    long id;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      System.out.println(
          Json.write(BatchEndpoints.view(storage.batches().close(id, System.currentTimeMillis()))));
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows a batch's live counts.")
  static final class Show extends StorageCommand {
    @Parameters(index = "0", paramLabel = "ID")
    long id;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      Batch batch =
          storage
              .batches()
              .find(id)
              .orElseThrow(() -> new IllegalArgumentException("no batch with id " + id));
      System.out.println(Json.write(BatchEndpoints.view(batch)));
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists batches, newest first.")
  static final class ListBatches extends StorageCommand {
    @Option(names = "--state", description = "open, closed, completed or reference")
    String state;

    @Option(names = "--limit", defaultValue = "20", description = "At most this many (1-200).")
    int limit;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      if (limit < 1 || limit > 200) {
        throw new IllegalArgumentException("--limit must be 1 to 200");
      }
      BatchState filter = state == null ? null : BatchState.parse(state);
      for (Batch batch : storage.batches().list(filter, null, limit)) {
        System.out.println(Json.write(BatchEndpoints.view(batch)));
      }
      return 0;
    }
  }
}
