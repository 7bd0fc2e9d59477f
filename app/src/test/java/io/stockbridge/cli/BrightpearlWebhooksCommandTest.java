package io.stockbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.brightpearl.WebhookTemplate;
import io.stockbridge.config.Secret;
import io.stockbridge.connector.brightpearl.BrightpearlAuth;
import io.stockbridge.connector.brightpearl.BrightpearlClient;
import io.stockbridge.connector.brightpearl.BrightpearlSettings;
import io.stockbridge.connector.brightpearl.WebhookSubscription;
import io.stockbridge.ratelimit.InMemoryBudgetStateStore;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulator;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulatorOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BrightpearlWebhooksCommandTest {
  private BrightpearlSimulator simulator;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() {
    simulator = BrightpearlSimulator.start(BrightpearlSimulatorOptions.builder().build());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private int run(String... args) {
    CommandLine commandLine = new CommandLine(new BrightpearlWebhooksCommand());
    commandLine.setExecutionExceptionHandler(new CliErrorHandler());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void register_then_list_shows_the_five_webhooks_as_current_without_the_secret() {
    int registered =
        run(
            "register",
            "--base-url",
            simulator.baseUrl(),
            "--account",
            "stockbridgesim",
            "--app-ref",
            "stockbridge",
            "--account-token",
            "sim-account-token",
            "--callback-url",
            "https://sync.example.com/webhooks/brightpearl",
            "--secret",
            "hush-42");
    int listed =
        run(
            "list",
            "--base-url",
            simulator.baseUrl(),
            "--account",
            "stockbridgesim",
            "--app-ref",
            "stockbridge",
            "--account-token",
            "sim-account-token");

    assertThat(registered).isZero();
    assertThat(listed).isZero();
    assertThat(out.toString()).contains("registered").contains("product.modified.on-hand-modified");
    assertThat(out.toString()).contains("https://sync.example.com/webhooks/brightpearl?****");
    assertThat(out.toString()).doesNotContain("hush-42").doesNotContain("DIFFERS");
    assertThat(out.toString().lines().filter(line -> line.endsWith(" ok"))).hasSize(5);
    assertThat(simulator.webhooks().registrations())
        .hasSize(io.stockbridge.connector.brightpearl.StockbridgeWebhooks.EVENTS.size());
  }

  @Test
  void register_help_names_every_event_it_registers() {
    int code = run("register", "--help");

    assertThat(code).isZero();
    String help = out.toString().replaceAll("\\s+", " ");
    assertThat(io.stockbridge.connector.brightpearl.StockbridgeWebhooks.EVENTS)
        .hasSize(5)
        .allSatisfy(event -> assertThat(help).contains(event));
    assertThat(help).contains("five events").doesNotContain("four");
  }

  @Test
  void list_flags_a_webhook_registered_with_the_older_template() {
    try (BrightpearlClient client =
        new BrightpearlClient(
            BrightpearlSettings.builder()
                .baseUrl(simulator.baseUrl())
                .accountCode("stockbridgesim")
                .auth(new BrightpearlAuth.PrivateApp("stockbridge", Secret.of("sim-account-token")))
                .build(),
            new InMemoryBudgetStateStore())) {
      client.registerWebhook(
          new WebhookSubscription(
              null,
              "product.modified.on-hand-modified",
              "POST",
              "https://sync.example.com/webhooks/brightpearl?secret=old",
              WebhookTemplate.LEGACY_BODY,
              "application/json",
              true,
              1));
    }

    int code =
        run(
            "list",
            "--base-url",
            simulator.baseUrl(),
            "--account",
            "stockbridgesim",
            "--app-ref",
            "stockbridge",
            "--account-token",
            "sim-account-token");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("product.modified.on-hand-modified")
        .contains("DIFFERS: older template (relies on ${resource-specifier}) (run register)")
        .doesNotContain("secret=old");
  }

  @Test
  void missing_credentials_are_a_clear_error() {
    int code =
        run(
            "list",
            "--base-url",
            simulator.baseUrl(),
            "--account",
            "stockbridgesim",
            "--app-ref",
            "stockbridge");

    assertThat(code).isNotZero();
    assertThat(err.toString())
        .contains("credentials missing")
        .contains("BRIGHTPEARL_ACCOUNT_TOKEN");
  }

  @Test
  void rejected_credentials_are_reported_in_one_line_without_the_token() {
    int code =
        run(
            "list",
            "--base-url",
            simulator.baseUrl(),
            "--account",
            "stockbridgesim",
            "--app-ref",
            "stockbridge",
            "--account-token",
            "not-the-token");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("HTTP 401").doesNotContain("not-the-token");
  }
}
