package io.stockbridge.flow.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.StockbridgeConfig;
import io.stockbridge.store.Storage;
import io.stockbridge.store.wiring.StorageFactory;
import io.stockbridge.testhelper.MutableClock;
import io.stockbridge.testhelper.OnPostgres;
import io.stockbridge.testhelper.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stored reconciliation runs, on a real SQLite file and on the real PostgreSQL. */
class ReconciliationsContractTest {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  @Test
  void runs_are_requested_claimed_once_and_report_their_findings_on_sqlite() {
    runsAreRequestedClaimedOnceAndReportTheirFindings("sqlite");
  }

  @Test
  @OnPostgres
  void runs_are_requested_claimed_once_and_report_their_findings_on_postgres() {
    runsAreRequestedClaimedOnceAndReportTheirFindings("postgres");
  }

  private void runsAreRequestedClaimedOnceAndReportTheirFindings(String engine) {
    String url =
        engine.equals("sqlite")
            ? TestDatabases.sqliteUrl(dir)
            : TestDatabases.createPostgresSchema();
    try (Storage storage =
        StorageFactory.open(new StockbridgeConfig.Database(url, 4), new MutableClock(T0))) {
      storage.migrate();
      Reconciliations runs = storage.reconciliations();
      assertThat(runs.lastRequested("schedule")).isEmpty();
      long first = runs.request("{\"stores\":[\"a\"]}", "schedule", T0);
      long second = runs.request("{\"stores\":[\"b\"]}", "api key k", T0 + 10);
      assertThat(runs.lastRequested("schedule")).contains(T0);
      assertThat(runs.withStatus(Reconciliation.Status.REQUESTED, 10))
          .extracting(Reconciliation::id)
          .containsExactly(first, second);

      assertThat(
              runs.transition(
                  first, Reconciliation.Status.REQUESTED, Reconciliation.Status.RUNNING, T0 + 20))
          .isTrue();
      assertThat(
              runs.transition(
                  first, Reconciliation.Status.REQUESTED, Reconciliation.Status.RUNNING, T0 + 30))
          .as("a second node cannot take the same run")
          .isFalse();
      runs.recordFindings(
          first, Reconciliation.Status.CORRECTING, 42L, 100, 3, "{\"stores\":{}}", null);
      runs.recordOutcome(first, Reconciliation.Status.COMPLETED, 2, 1, T0 + 99);

      Reconciliation done = runs.find(first).orElseThrow();
      assertThat(done.status()).isEqualTo(Reconciliation.Status.COMPLETED);
      assertThat(done.startedAt()).isEqualTo(T0 + 20);
      assertThat(done.finishedAt()).isEqualTo(T0 + 99);
      assertThat(done.batchId()).isEqualTo(42L);
      assertThat(done.requestedBy()).isEqualTo("schedule");
      assertThat(new int[] {done.checked(), done.drifted(), done.fixed(), done.failed()})
          .containsExactly(100, 3, 2, 1);
      assertThat(done.detail()).isEqualTo("{\"stores\":{}}");

      assertThat(
              runs.transition(
                  second, Reconciliation.Status.REQUESTED, Reconciliation.Status.RUNNING, T0 + 40))
          .isTrue();
      runs.recordFindings(
          second, Reconciliation.Status.PARTIAL, null, 7, 0, "{\"failedStores\":[\"b\"]}", T0 + 50);
      assertThat(runs.withStatus(Reconciliation.Status.PARTIAL, 10))
          .singleElement()
          .satisfies(
              partial -> {
                assertThat(partial.id()).isEqualTo(second);
                assertThat(partial.status().isFinal()).isTrue();
                assertThat(partial.detail()).contains("failedStores");
              });

      assertThat(runs.list(null, 10)).extracting(Reconciliation::id).containsExactly(second, first);
      assertThat(runs.list(second, 10)).extracting(Reconciliation::id).containsExactly(first);
      assertThat(runs.find(999_999)).isEmpty();
    } finally {
      if (engine.equals("postgres")) {
        TestDatabases.dropPostgresSchema(url);
      }
    }
  }
}
