package io.stockbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.server.StockbridgeNode;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.TestConfigs;
import io.stockbridge.testhelper.TestDatabases;
import io.stockbridge.testhelper.TestHttp;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /health/ready} on the real PostgreSQL, made unavailable in two ways. */
@OnPostgres
class ReadinessTest {
  private String url;
  private StockbridgeNode node;
  private TestHttp http;

  @BeforeEach
  void start() {
    url = TestDatabases.createPostgresSchema();
    node = StockbridgeNode.builder(TestConfigs.config(url, "")).start();
    http = new TestHttp(node.port());
  }

  @AfterEach
  void stop() {
    node.close();
    TestDatabases.dropPostgresSchema(url);
  }

  private record Timed(TestHttp.Answer answer, Duration took) {}

  private Timed ready() {
    long start = System.nanoTime();
    TestHttp.Answer answer = http.get("/health/ready", Map.of());
    return new Timed(answer, Duration.ofNanos(System.nanoTime() - start));
  }

  @Test
  void ready_answers_503_within_one_second_while_the_database_does_not_answer() throws Exception {
    assertThat(ready().answer().status()).isEqualTo(200);
    try (Connection blocker = DriverManager.getConnection(url);
        Statement statement = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      // Readiness reads the migration history; while this lock is held every read of it waits.
      statement.execute("LOCK TABLE flyway_schema_history IN ACCESS EXCLUSIVE MODE");

      Eventually.await(
          "readiness notices the database does not answer",
          Duration.ofSeconds(10),
          () -> ready().answer().status() == 503);
      for (int i = 0; i < 3; i++) {
        Timed timed = ready();
        assertThat(timed.answer().status()).as(timed.answer().raw()).isEqualTo(503);
        assertThat(timed.answer().json().path("reason").asText()).contains("did not answer");
        assertThat(timed.took()).isLessThan(Duration.ofSeconds(1));
      }
      blocker.rollback();
    }
    Eventually.await(
        "readiness recovers once the database answers",
        Duration.ofSeconds(10),
        () -> ready().answer().status() == 200);
  }

  @Test
  void ready_answers_503_within_one_second_when_the_schema_is_dropped() throws SQLException {
    assertThat(ready().answer().status()).isEqualTo(200);
    TestDatabases.dropPostgresSchema(url);

    Eventually.await(
        "readiness notices the schema is gone",
        Duration.ofSeconds(10),
        () -> ready().answer().status() == 503);
    Timed timed = ready();
    assertThat(timed.answer().status()).as(timed.answer().raw()).isEqualTo(503);
    assertThat(timed.took()).isLessThan(Duration.ofSeconds(1));
  }
}
