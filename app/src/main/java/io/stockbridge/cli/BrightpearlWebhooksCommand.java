package io.stockbridge.cli;

import io.stockbridge.config.Secret;
import io.stockbridge.connector.brightpearl.BrightpearlClient;
import io.stockbridge.connector.brightpearl.StockbridgeWebhooks;
import io.stockbridge.connector.brightpearl.WebhookSubscription;
import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brightpearl-webhooks register|list}: registers Stockbridge's product webhooks on a
 * Brightpearl account (idempotent) or lists the account's webhooks with secrets hidden.
 */
@Command(
    name = "brightpearl-webhooks",
    mixinStandardHelpOptions = true,
    description = "Registers or lists the Brightpearl webhooks Stockbridge listens to.",
    subcommands = {
      BrightpearlWebhooksCommand.Register.class,
      BrightpearlWebhooksCommand.ListWebhooks.class
    })
public final class BrightpearlWebhooksCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required: register or list");
  }

  /**
   * {@code register}: the events of {@link StockbridgeWebhooks#EVENTS}, ID sets, QoS 1, the secret
   * in the URI; its help lists them from the same list.
   */
  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description =
          "Registers one webhook for each of the five events "
              + StockbridgeWebhooks.EVENT_LIST
              + " (each template names its event; kept when already present, replaced when its"
              + " template or secret differs).")
  static final class Register implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin BrightpearlConnectionOptions connection;

    @Option(
        names = "--callback-url",
        required = true,
        description = "Stockbridge's public Brightpearl webhook URL (without the secret)")
    String callbackUrl;

    @Option(
        names = "--secret",
        defaultValue = "${env:STOCKBRIDGE_BRIGHTPEARL_WEBHOOK_SECRET}",
        description = "Webhook secret put in the URI (env STOCKBRIDGE_BRIGHTPEARL_WEBHOOK_SECRET)")
    String secret;

    @Override
    public Integer call() {
      if (secret == null || secret.isBlank()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--secret (or STOCKBRIDGE_BRIGHTPEARL_WEBHOOK_SECRET) is required");
      }
      URI callback;
      try {
        callback = URI.create(callbackUrl);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--callback-url is not a URL: " + callbackUrl);
      }
      if (callback.getScheme() == null || !callback.getScheme().startsWith("http")) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--callback-url must be an http(s) URL, got " + callbackUrl);
      }
      try (BrightpearlClient client =
          new BrightpearlClient(
              connection.settings(spec.commandLine()), new InMemoryBudgetStateStore())) {
        for (StockbridgeWebhooks.Result result :
            StockbridgeWebhooks.register(client, callback, Secret.of(secret))) {
          spec.commandLine()
              .getOut()
              .printf(
                  "%-9s %-36s webhook %d%n", result.action(), result.event(), result.webhookId());
        }
      }
      return 0;
    }
  }

  /**
   * {@code list}: one line per webhook, the URI's query hidden, and whether it is as this version
   * registers it ({@code ok}), differs ({@code DIFFERS: ...; run register}) or is not one of ours.
   */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Lists the account's webhooks; flags those whose template differs from what this"
              + " version registers (run register to replace them).")
  static final class ListWebhooks implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin BrightpearlConnectionOptions connection;

    @Override
    public Integer call() {
      try (BrightpearlClient client =
          new BrightpearlClient(
              connection.settings(spec.commandLine()), new InMemoryBudgetStateStore())) {
        for (WebhookSubscription webhook : client.webhooks()) {
          spec.commandLine()
              .getOut()
              .printf(
                  "%-6d %-36s %-6s %s idSet=%s qos=%d %s%n",
                  webhook.id(),
                  webhook.subscribeTo(),
                  webhook.httpMethod(),
                  webhook.redactedUri(),
                  webhook.idSetAccepted(),
                  webhook.qualityOfService(),
                  verdict(StockbridgeWebhooks.differences(webhook)));
        }
      }
      return 0;
    }

    private static String verdict(java.util.List<String> differences) {
      if (differences == null) {
        return "(not an event Stockbridge registers)";
      }
      return differences.isEmpty()
          ? "ok"
          : "DIFFERS: " + String.join("; ", differences) + " (run register)";
    }
  }
}
