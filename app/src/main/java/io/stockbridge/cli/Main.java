package io.stockbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./stockbridge}: parses the command line and runs one subcommand. */
@Command(
    name = "stockbridge",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Durable, rate-limit-aware sync engine between Brightpearl and Shopify.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ServeCommand.class,
      MigrateCommand.class,
      EventsCommand.class,
      DlqCommand.class,
      BatchCommand.class,
      ReadModelCommand.class,
      OrdersCommand.class,
      PauseCommand.Pause.class,
      PauseCommand.Resume.class,
      SubscribersCommand.class,
      KeysCommand.class,
      SimulateCommand.class,
      BrightpearlWebhooksCommand.class,
      ReconcileCommand.class,
      SyncCommand.class,
      DemoCommand.class,
      BenchCommand.class,
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (used by tests to run commands in-process). */
  public static int run(String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler(new CliErrorHandler());
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a command is required (see --help)");
  }
}
