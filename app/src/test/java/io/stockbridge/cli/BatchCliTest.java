package io.stockbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.http.Json;
import io.stockbridge.testhelper.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stockbridge batches} and {@code read-models} in-process against a real SQLite file. */
class BatchCliTest {
  @TempDir Path dir;
  Path config;

  @BeforeEach
  void writeConfig() throws IOException {
    config = dir.resolve("stockbridge.yaml");
    Files.writeString(
        config, "dataDir: " + dir + "\ndatabase:\n  url: " + TestDatabases.sqliteUrl(dir) + "\n");
    assertThat(CliTest.run("migrate", "--config", config.toString()).exitCode()).isZero();
  }

  private CliTest.Run run(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    return CliTest.run(all);
  }

  @Test
  void open_show_close_and_list_a_batch() throws Exception {
    CliTest.Run opened = run("batches", "open", "nightly import", "--kind", "import");
    assertThat(opened.exitCode()).as(opened.err()).isZero();
    JsonNode batch = Json.MAPPER.readTree(opened.out());
    long id = batch.path("id").asLong();
    assertThat(batch.path("state").asText()).isEqualTo("open");
    assertThat(
            Json.MAPPER
                .readTree(run("batches", "show", Long.toString(id)).out())
                .path("kind")
                .asText())
        .isEqualTo("import");
    // Nothing was tagged: closing completes it at once, with its batch.completed event.
    JsonNode closed = Json.MAPPER.readTree(run("batches", "close", Long.toString(id)).out());
    assertThat(closed.path("state").asText()).isEqualTo("completed");
    assertThat(closed.path("completionEventId").isNumber()).isTrue();
    assertThat(run("batches", "list", "--state", "completed").out()).contains("\"id\":" + id);
  }

  @Test
  void errors_are_one_clear_line() {
    CliTest.Run missing = run("batches", "close", "999");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no batch with id 999").doesNotContain("Exception");
    CliTest.Run state = run("batches", "list", "--state", "done");
    assertThat(state.exitCode()).isEqualTo(1);
    assertThat(state.err()).contains("unknown batch state 'done'");
    CliTest.Run store = run("read-models", "rebuild", "nope");
    assertThat(store.exitCode()).isEqualTo(1);
    assertThat(store.err()).contains("no configured store 'nope'");
    assertThat(run("batches", "open", "x", "--rebuild-read-model", "nope").err())
        .contains("no configured store 'nope'");
    assertThat(run("read-models", "show").exitCode()).isZero();
  }
}
