package io.stockbridge.cli;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.queue.Pauses;
import io.stockbridge.store.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pause|resume SCOPE}: stops or restarts a flow or a store; its items stay queued. */
final class PauseCommand {

  private PauseCommand() {}

  static String checked(String scope) {
    if (!Pauses.isValidScope(scope)) {
      throw new IllegalArgumentException(
          "SCOPE must be flow:<kind> or store:<name>, got '" + scope + "'");
    }
    return scope;
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pauses flow:<kind> or store:<name>; its items wait in the queue.")
  static final class Pause extends StorageCommand {
    @Parameters(index = "0", paramLabel = "SCOPE")
    String scope;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      storage
          .pauses()
          .pause(
              checked(scope),
              "cli user " + System.getProperty("user.name"),
              System.currentTimeMillis());
      System.out.println("paused " + scope);
      return 0;
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resumes a paused scope.")
  static final class Resume extends StorageCommand {
    @Parameters(index = "0", paramLabel = "SCOPE")
    String scope;

    @Override
    int run(StockbridgeConfig config, Storage storage) {
      if (!storage.pauses().resume(checked(scope))) {
        throw new IllegalArgumentException("'" + scope + "' is not paused");
      }
      System.out.println("resumed " + scope);
      return 0;
    }
  }
}
