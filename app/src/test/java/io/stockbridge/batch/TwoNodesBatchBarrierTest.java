package io.stockbridge.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.event.NewEvent;
import io.stockbridge.event.NewWork;
import io.stockbridge.flow.RecordFlow;
import io.stockbridge.server.StockbridgeNode;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.Slow;
import io.stockbridge.testhelper.TestConfigs;
import io.stockbridge.testhelper.TestDatabases;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion barrier under a crash: a 10,000-event batch is worked on by two engine nodes on
 * one PostgreSQL (this process's node and {@code stockbridge serve} in a child process), the child
 * is killed with SIGKILL while it holds items, and the batch still completes with exactly one
 * {@code batch.completed} event once the survivor has rescued and finished the killed node's items.
 */
@OnPostgres
@Slow
class TwoNodesBatchBarrierTest {
  private static final int EVENTS = 10_000;
  private static final String QUEUE =
      "queue:\n  claimBatch: 4\n  pollMillis: 20\n  leaseSeconds: 3\n";

  @TempDir Path dir;

  @Test
  void a_batch_shared_by_two_nodes_one_killed_midway_completes_exactly_once() throws Exception {
    String url = TestDatabases.createPostgresSchema();
    Process child = null;
    try (StockbridgeNode survivor =
        StockbridgeNode.builder(TestConfigs.config(url, "node:\n  id: node-a\n" + QUEUE)).start()) {
      child = startChild(url);
      BatchStore batches = survivor.storage().batches();
      Batch batch =
          batches.open("import", "10k import", "test", List.of(), System.currentTimeMillis());
      for (int chunk = 0; chunk < EVENTS / 1_000; chunk++) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
          int n = chunk * 1_000 + i;
          events.add(
              new NewEvent(
                  "generic",
                  "import.row",
                  "row-" + n,
                  null,
                  "import-row-" + n,
                  "trace",
                  batch.id(),
                  "application/json",
                  "{}".getBytes(StandardCharsets.UTF_8),
                  List.of(
                      new NewWork(
                          null,
                          RecordFlow.KIND,
                          null,
                          null,
                          50,
                          System.currentTimeMillis(),
                          10,
                          null))));
        }
        survivor.storage().events().append(events, System.currentTimeMillis());
      }
      batches.close(batch.id(), System.currentTimeMillis());

      // Kill the child while it holds running items, with most of the batch still to do.
      Eventually.await(
          "the child holds running items",
          Duration.ofSeconds(120),
          () ->
              count(
                          url,
                          "SELECT count(*) FROM work_items WHERE lease_owner = 'node-b' AND state = 'running'")
                      > 0
                  && count(url, "SELECT count(*) FROM event_history WHERE node = 'node-b'") >= 200);
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      long pendingAtKill = batches.find(batch.id()).orElseThrow().pending();
      assertThat(pendingAtKill).as("events still pending when the child was killed").isPositive();

      Eventually.await(
          "the batch completed",
          Duration.ofMinutes(5),
          () -> batches.find(batch.id()).orElseThrow().state() == BatchState.COMPLETED);
      Batch done = batches.find(batch.id()).orElseThrow();
      assertThat(done.total()).isEqualTo(EVENTS);
      assertThat(done.succeeded()).isEqualTo(EVENTS);
      assertThat(done.dead()).isZero();
      assertThat(
              count(
                  url,
                  "SELECT count(*) FROM events WHERE source = 'stockbridge' AND type = 'batch.completed'"
                      + " AND event_key = '"
                      + batch.id()
                      + "'"))
          .isEqualTo(1);
      assertThat(
              count(
                  url,
                  "SELECT count(*) FROM events WHERE batch_id = "
                      + batch.id()
                      + " AND status = 'succeeded'"))
          .isEqualTo(EVENTS);
      long byChild =
          count(
              url,
              "SELECT count(DISTINCT event_id) FROM event_history WHERE node = 'node-b' AND status = 'succeeded'");
      long rescued =
          count(
              url,
              "SELECT count(*) FROM event_history WHERE detail LIKE 'lease of node node-b expired%'");
      assertThat(byChild).as("events the child settled before it died").isPositive();
      assertThat(rescued).as("items the killed child left to the survivor").isPositive();
      // The next stage ran once on the survivor (the completion's item is done).
      Eventually.await(
          "the batch.completed stage ran",
          Duration.ofSeconds(60),
          () -> count(url, "SELECT count(*) FROM work_items WHERE kind = 'batch.completed'") == 0);
      System.out.printf(
          "{\"scenario\":\"batch-barrier-2-nodes\",\"events\":%d,\"settled_by_killed_node\":%d,"
              + "\"rescued_items\":%d,\"pending_at_kill\":%d,\"completions\":1}%n",
          EVENTS, byChild, rescued, pendingAtKill);
    } finally {
      if (child != null && child.isAlive()) {
        child.destroyForcibly();
      }
      TestDatabases.dropPostgresSchema(url);
    }
  }

  private Process startChild(String url) throws Exception {
    Path home = dir.resolve("node-b");
    Files.createDirectories(home);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = home.resolve("stockbridge.yaml");
    Files.writeString(
        config,
        "dataDir: '"
            + home
            + "'\n"
            + "database:\n  url: '"
            + url
            + "'\n"
            + "http:\n  host: 127.0.0.1\n  port: "
            + port
            + "\n"
            + "node:\n  id: node-b\n"
            + QUEUE);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "io.stockbridge.cli.Main",
                "serve",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("node.log").toFile())
            .start();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Eventually.await(
        "node-b ready (see " + home.resolve("node.log") + ")",
        Duration.ofSeconds(120),
        () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("node-b exited; see " + home.resolve("node.log"));
          }
          try {
            return client
                    .send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/health/ready"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (java.io.IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
    return process;
  }

  private static long count(String url, String sql) {
    try (Connection connection = DriverManager.getConnection(url);
        PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rs = select.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
