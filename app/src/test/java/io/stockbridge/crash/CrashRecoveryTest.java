package io.stockbridge.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.EventStatus;
import io.stockbridge.queue.QueueStats;
import io.stockbridge.store.Storage;
import io.stockbridge.store.jdbc.JdbcStorage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.Slow;
import io.stockbridge.testhelper.TestDatabases;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service under concurrent webhook load is killed with SIGKILL and restarted: every event that
 * got a 2xx is present afterwards and is processed to completion exactly once.
 */
@EndToEnd
@Slow
class CrashRecoveryTest {
  private static final String TOKEN = "crash-test-token";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgres"})
  void every_acknowledged_event_survives_sigkill_and_is_processed_exactly_once(String engine)
      throws Exception {
    String url =
        engine.equals("sqlite")
            ? TestDatabases.sqliteUrl(dir)
            : TestDatabases.createPostgresSchema();
    try {
      int port = freePort();
      Path config = dir.resolve("stockbridge.yaml");
      Files.writeString(
          config,
          """
          dataDir: %s
          database:
            url: "%s"
          http:
            host: 127.0.0.1
            port: %d
          queue:
            leaseSeconds: 2
            pollMillis: 10
          sources:
            generic:
              tokens: [%s]
          """
              .formatted(dir, url, port, TOKEN));
      Map<String, Long> acknowledged = new ConcurrentHashMap<>();
      Process first = startService(config, dir.resolve("first.log"));
      awaitReady(port);
      AtomicBoolean loading = new AtomicBoolean(true);
      ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      for (int t = 0; t < 16; t++) {
        int sender = t;
        senders.execute(
            () -> {
              for (int n = 0; loading.get(); n++) {
                String key = "k-" + sender + "-" + n;
                Long eventId = send(client, port, key);
                if (eventId != null) {
                  acknowledged.put(key, eventId);
                }
              }
            });
      }
      Eventually.await(
          "2000 acknowledged events", Duration.ofSeconds(60), () -> acknowledged.size() >= 2000);
      first.destroyForcibly().waitFor(); // SIGKILL while requests are in flight
      loading.set(false);
      senders.shutdown();
      senders.awaitTermination(30, TimeUnit.SECONDS);
      assertThat(first.exitValue()).isEqualTo(137);

      Process second = startService(config, dir.resolve("second.log"));
      try {
        awaitReady(port);
        try (Storage storage =
            StorageFactory.open(new StockbridgeConfig.Database(url, 2), Clock.systemUTC())) {
          Eventually.await(
              "queue drained after restart",
              Duration.ofSeconds(60),
              () -> {
                QueueStats stats = storage.queue().stats();
                return stats.ready() + stats.running() + stats.waiting() == 0;
              });
          assertExactlyOnce(storage, acknowledged);
        }
      } finally {
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
      }
    } finally {
      if (engine.equals("postgres")) {
        TestDatabases.dropPostgresSchema(url);
      }
    }
  }

  private static void assertExactlyOnce(Storage storage, Map<String, Long> acknowledged) {
    List<Long> ids = new ArrayList<>(acknowledged.values());
    List<EventRecord> found = storage.events().findAll(ids);
    assertThat(found).hasSize(ids.size());
    assertThat(found).allMatch(e -> e.status() == EventStatus.SUCCEEDED);
    assertThat(storage.queue().stats().dead()).isZero();
    long total = storage.events().count(EventQuery.all(1));
    assertThat(total).isGreaterThanOrEqualTo(ids.size());
    assertThat(storage.events().count(EventQuery.all(1).withStatus(EventStatus.SUCCEEDED)))
        .isEqualTo(total);
    long wrongSuccessCounts =
        ((JdbcStorage) storage)
            .jdbc()
            .read(
                connection -> {
                  try (PreparedStatement select =
                          connection.prepareStatement(
                              """
              SELECT count(*) FROM events e WHERE (SELECT count(*) FROM event_history h
                WHERE h.event_id = e.id AND h.status = 'succeeded') <> 1""");
                      ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                  }
                });
    assertThat(wrongSuccessCounts).as("events not succeeded exactly once").isZero();
  }

  private static Long send(HttpClient client, int port, String key) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + TOKEN)
            .header("Idempotency-Key", key)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"type\":\"crash.probe\",\"key\":\"" + key + "\"}"))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        return null;
      }
      String body = response.body();
      int start = body.indexOf("\"eventId\":") + "\"eventId\":".length();
      int end = start;
      while (end < body.length() && Character.isDigit(body.charAt(end))) {
        end++;
      }
      return Long.parseLong(body.substring(start, end));
    } catch (IOException e) {
      return null; // not acknowledged: the service is down
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static Process startService(Path config, Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            "io.stockbridge.cli.Main",
            "serve",
            "--config",
            config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static void awaitReady(int port) {
    HttpClient client = HttpClient.newHttpClient();
    Eventually.await(
        "service ready on port " + port,
        Duration.ofSeconds(60),
        () -> {
          try {
            return client
                    .send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/health/ready"))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
