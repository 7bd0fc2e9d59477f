package io.stockbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.auth.ApiKeys;
import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.event.NewEvent;
import io.stockbridge.event.NewWork;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.ProjectRoot;
import io.stockbridge.testhelper.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI in-process against a real SQLite file: help everywhere, real operations, clear errors.
 */
class CliTest {
  @TempDir Path dir;
  Path config;

  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void writeConfig() throws IOException {
    config = dir.resolve("stockbridge.yaml");
    Files.writeString(
        config,
        "dataDir: " + dir + "\ndatabase:\n  url: " + TestDatabases.emptySqliteUrl(dir) + "\n");
  }

  static synchronized Run run(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  private String[] withConfig(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--config");
    all.add(config.toString());
    return all.toArray(String[]::new);
  }

  @Test
  void every_command_and_subcommand_answers_help() {
    List<List<String>> paths = new ArrayList<>();
    collect(new CommandLine(new Main()), new ArrayList<>(), paths);
    assertThat(paths).hasSizeGreaterThan(15);
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      Run help = run(args.toArray(String[]::new));
      assertThat(help.exitCode()).as(String.join(" ", path)).isZero();
      assertThat(help.out()).as(String.join(" ", path)).contains("Usage:");
    }
  }

  private static void collect(CommandLine command, List<String> prefix, List<List<String>> paths) {
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (name.equals("help")) {
                return;
              }
              List<String> path = new ArrayList<>(prefix);
              path.add(name);
              paths.add(path);
              collect(sub, path, paths);
            });
  }

  @Test
  void migrate_then_list_show_and_replay_events() {
    // Every migration there is, however many: each flow may add its own.
    assertThat(run(withConfig("migrate")).out())
        .containsPattern("applied \\d+ migration\\(s\\) on sqlite");
    long id;
    try (Storage storage =
        StorageFactory.open(
            new StockbridgeConfig.Database(TestDatabases.emptySqliteUrl(dir), 2),
            Clock.systemUTC())) {
      id =
          storage
              .events()
              .append(
                  List.of(
                      new NewEvent(
                          "generic",
                          "stock.changed",
                          "SKU-77",
                          "shop-a",
                          null,
                          "t1",
                          null,
                          "application/json",
                          "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                          List.of(new NewWork(null, "record", null, null, 1, 0, 3, null)))),
                  1000)
              .get(0)
              .eventId();
    }

    Run list = run(withConfig("events", "list", "--sku", "SKU-77"));
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains("SKU-77").contains("queued");
    assertThat(run(withConfig("events", "list", "--key", "SKU-77")).out()).contains("SKU-77");
    Run noProduct = run(withConfig("events", "list", "--product-id", "77"));
    assertThat(noProduct.exitCode()).isZero();
    assertThat(noProduct.out()).doesNotContain("SKU-77");
    assertThat(run(withConfig("events", "list", "--product-id", "7x")).err())
        .contains("--product-id: must be a whole number");
    Run show = run(withConfig("events", "show", String.valueOf(id), "--json"));
    assertThat(show.out()).contains("\"history\"").contains("\"a\":1");
    Run dry = run(withConfig("events", "replay-matching", "--sku", "SKU-77", "--dry-run"));
    assertThat(dry.out()).contains("1 event(s) match");
    Run replay = run(withConfig("events", "replay-matching", "--sku", "SKU-77", "--confirm", "1"));
    assertThat(replay.out()).contains("replayed 1 event(s) as batch");
    assertThat(run(withConfig("events", "replay", String.valueOf(id))).out())
        .contains("queued event " + id);
  }

  @Test
  void keys_are_printed_once_and_listed_by_name_only() {
    run(withConfig("migrate"));
    Run created = run(withConfig("keys", "create", "dashboard", "--role", "operator"));
    assertThat(created.exitCode()).isZero();
    String key = created.out().strip();
    assertThat(key).startsWith("sbk_");
    Run list = run(withConfig("keys", "list"));
    assertThat(list.out()).contains("dashboard").contains("operator").doesNotContain(key);
    assertThat(run(withConfig("keys", "create", "dashboard")).err()).contains("already exists");
  }

  @Test
  void a_key_is_named_by_the_operator_or_randomly_never_after_the_key() {
    run(withConfig("migrate"));
    Run named = run(withConfig("keys", "create", "--name", "ops-dashboard"));
    Run unnamed = run(withConfig("keys", "create", "--role", "operator"));
    assertThat(named.exitCode()).isZero();
    assertThat(unnamed.exitCode()).isZero();
    String key = unnamed.out().strip();
    assertThat(named.err()).contains("'ops-dashboard'").doesNotContain(named.out().strip());
    assertThat(unnamed.err()).containsPattern("'key-[0-9a-f]{8}'").doesNotContain(key);

    String list = run(withConfig("keys", "list")).out();
    assertThat(list).contains("ops-dashboard").containsPattern("key-[0-9a-f]{8}");
    for (String part : List.of(key, key.substring(4, 20), ApiKeys.hash(key).substring(0, 8))) {
      assertThat(list).doesNotContain(part);
    }
  }

  @Test
  void mistakes_get_one_clear_line_and_exit_code_1() {
    run(withConfig("migrate"));
    assertError(run(withConfig("events", "list", "--status", "bogus")), "unknown status 'bogus'");
    assertError(run(withConfig("events", "show", "999")), "no event with id 999");
    assertError(
        run(withConfig("events", "replay-matching", "--status", "dead")), "--dry-run first");
    assertError(run(withConfig("dlq", "redrive")), "IDs, --kind KIND or --all");
    assertError(
        run(withConfig("pause", "everything")), "SCOPE must be flow:<kind> or store:<name>");
    assertError(run(withConfig("keys", "create", "x", "--role", "admin")), "unknown role 'admin'");
    assertError(
        run("events", "list", "--config", dir.resolve("missing.yaml").toString()),
        "does not exist");
    assertThat(run("bench", "nonsense").err()).contains("unknown scenario 'nonsense'");
    assertThat(run("nonsense").exitCode()).isEqualTo(2);
  }

  @Test
  void a_twenty_digit_from_names_the_option_not_the_raw_number_format_exception() {
    run(withConfig("migrate"));
    Run run = run(withConfig("events", "list", "--from", "12345678901234567890"));
    assertError(run, "--from: '12345678901234567890' is out of range");
    assertThat(run.err())
        .doesNotContain("NumberFormatException")
        .doesNotContain("For input string");
    assertError(
        run(withConfig("events", "list", "--before", "99999999999999999999")),
        "--before: 99999999999999999999 is out of range");
  }

  @Test
  void a_bulk_replay_without_any_filter_is_refused_unless_all_is_given() {
    run(withConfig("migrate"));
    assertError(
        run(withConfig("events", "replay-matching", "--confirm", "0")),
        "name at least one filter option");
    assertError(
        run(withConfig("events", "replay-matching", "--all", "--status", "dead", "--dry-run")),
        "--all replays every event");
    Run all = run(withConfig("events", "replay-matching", "--all", "--dry-run"));
    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(all.out()).contains("0 event(s) match");
  }

  @Test
  void an_invalid_configuration_names_the_field() throws IOException {
    Files.writeString(config, "database:\n  url: mysql://nope\nhttp:\n  port: 99999\n");
    Run run = run(withConfig("events", "list"));
    assertError(run, "database.url: must start with jdbc:sqlite: or jdbc:postgresql:");
    assertThat(run.err()).contains("http.port: must be between 0 and 65535, got 99999");
  }

  @Test
  void events_list_in_an_empty_folder_creates_no_database() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path database = empty.resolve("data").resolve("stockbridge.db");
    Files.writeString(config, "dataDir: " + empty.resolve("data") + "\n");
    for (List<String> command :
        List.of(
            List.of("events", "list"),
            List.of("events", "show", "1"),
            List.of("dlq", "list"),
            List.of("keys", "list"),
            List.of("reconcile", "list"))) {
      Run run = run(withConfig(command.toArray(String[]::new)));
      assertError(
          run, "no database at " + database + "; run `stockbridge migrate` or `serve` first");
    }
    try (var files = Files.list(empty)) {
      assertThat(files.toList()).isEmpty();
    }
  }

  @Test
  void a_read_only_command_on_a_database_with_pending_migrations_says_what_to_run()
      throws IOException {
    Files.createFile(dir.resolve("stockbridge.db"));
    Run run = run(withConfig("events", "list"));
    assertError(run, "the database is not ready for this command: ");
    assertThat(run.err())
        .containsPattern("\\d+ migration\\(s\\) pending: run './stockbridge migrate'");
  }

  @Test
  void version_prints_the_build_version_not_development() throws IOException {
    java.util.regex.Matcher pom =
        java.util.regex.Pattern.compile(
                "<artifactId>stockbridge</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(ProjectRoot.resolve("pom.xml")));
    assertThat(pom.find()).isTrue();
    Run run = run("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip())
        .matches(
            java.util.regex.Pattern.quote("stockbridge " + pom.group(1))
                + "( \\(commit [0-9A-Za-z.-]+\\))?");
    assertThat(run.out()).doesNotContain("development");
  }

  @Test
  void a_misspelt_key_stops_a_command_with_its_line_and_a_suggestion() throws IOException {
    Files.writeString(
        config, "database:\n  url: " + TestDatabases.emptySqliteUrl(dir) + "\nhtpp:\n  port: 1\n");
    assertError(
        run(withConfig("migrate")), "unknown key 'htpp' at line 3, column 1; did you mean 'http'?");
    assertThat(dir.resolve("stockbridge.db")).doesNotExist();
    Files.writeString(config, "http:\n  port: [1\n");
    assertError(run(withConfig("events", "list")), "is not valid YAML at line ");
  }

  private static void assertError(Run run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains(message).doesNotContain("\tat ");
  }
}
