package io.stockbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's day on a small catalog, end to end: onboarding, the burst with lost, duplicated and
 * late webhooks and a storefront outage, new products, a category rename, sales, reconciliation. It
 * must end consistent with nothing dead, and report every figure the README promises.
 */
@EndToEnd
class DemoDayTest {
  @TempDir Path dir;

  @Test
  void a_day_with_faults_ends_consistent_with_nothing_dead() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    DemoDay demo =
        new DemoDay(
            new DemoDay.Options(150, 10, 0, TestDatabases.sqliteUrl(dir), dir, 42),
            new PrintStream(progress, true, StandardCharsets.UTF_8));
    try {
      demo.start();
      Map<String, Object> figures = demo.playDay();

      assertThat(figures)
          .containsKeys(
              "events",
              "shopify_calls",
              "shopify_calls_min",
              "brightpearl_calls",
              "brightpearl_calls_min",
              "throttled",
              "seconds_to_consistency",
              "seconds_to_consistency_limit",
              "drift_left",
              "dead");
      assertThat(figures.get("drift_left")).isEqualTo(0);
      assertThat(figures.get("dead")).isEqualTo(0L);
      assertThat(figures.get("throttled")).isEqualTo(0L);
      assertThat((Long) figures.get("events")).isPositive();
      assertThat(figures.get("new_products")).isEqualTo(25);
      // New products reached both stores with their stock.
      assertThat(demo.lab().drift("uk-store")).isEmpty();
      assertThat(demo.lab().drift("eu-store")).isEmpty();
      assertThat(progress.toString(StandardCharsets.UTF_8))
          .contains("Dashboard: http://127.0.0.1:")
          .contains("Onboarding uk-store")
          .contains("Reconciliation");
    } finally {
      if (demo.lab() != null) {
        demo.lab().close();
      }
    }
  }
}
