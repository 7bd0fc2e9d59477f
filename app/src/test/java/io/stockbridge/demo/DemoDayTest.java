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
      // Orders: in Brightpearl once each, the changes after them done, no oversell sampled.
      System.out.println("demo order figures: " + figures.get("orders"));
      @SuppressWarnings("unchecked")
      Map<String, Object> orders = (Map<String, Object>) figures.get("orders");
      assertThat(orders.get("orders_in")).isEqualTo(orders.get("orders_in_brightpearl"));
      assertThat((Long) orders.get("orders_in"))
          .isGreaterThan((Long) orders.get("orders_flash_sale"));
      assertThat((Long) orders.get("orders_flash_sale")).isGreaterThanOrEqualTo(20);
      assertThat(orders.get("orders_created_twice")).isEqualTo(0L);
      assertThat(orders.get("refunds_credited")).isEqualTo(1L);
      assertThat(orders.get("fulfilments_out")).isEqualTo((long) (int) orders.get("shipments"));
      assertThat((Long) orders.get("oversell_samples")).isPositive();
      assertThat(orders.get("oversell_max_excess")).as(String.valueOf(orders)).isEqualTo(0L);
      assertThat((Long) orders.get("order_calls"))
          .isGreaterThanOrEqualTo((Long) orders.get("order_calls_min"));
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
