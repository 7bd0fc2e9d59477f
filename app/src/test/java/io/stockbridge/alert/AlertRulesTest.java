package io.stockbridge.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.AlertSettings;
import io.stockbridge.config.ConfigSource;
import io.stockbridge.flow.reconcile.Reconciliation;
import io.stockbridge.metrics.DatabaseGauges;
import io.stockbridge.store.DashboardReads;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's alert rules on given figures: defaults, configuration and business hours. */
class AlertRulesTest {
  // Monday 2026-11-30, 10:00 UTC
  private static final Instant MONDAY_10 = Instant.parse("2026-11-30T10:00:00Z");

  private static AlertSettings settings(String yaml) throws Exception {
    ConfigSource source =
        new ConfigSource(
            new com.fasterxml.jackson.databind.ObjectMapper(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(yaml),
            Map.of());
    AlertSettings settings = AlertSettings.from(source);
    source.throwIfInvalid();
    return settings;
  }

  private static DatabaseGauges.Snapshot figures(
      Instant now,
      List<DashboardReads.FlowQueue> queue,
      Reconciliation run,
      Map<String, Long> last) {
    return new DatabaseGauges.Snapshot(now.toEpochMilli(), queue, List.of(), run, last);
  }

  @Test
  void a_healthy_node_raises_nothing() throws Exception {
    assertThat(
            AlertRules.evaluate(
                settings("{}"),
                figures(
                    MONDAY_10,
                    List.of(
                        new DashboardReads.FlowQueue(
                            "stock.sync", "ready", 3, MONDAY_10.toEpochMilli() - 1000)),
                    null,
                    Map.of("brightpearl", MONDAY_10.toEpochMilli() - 60_000)),
                List.of(new AlertRules.ConnectionRates("shopify:a", 1, 0)),
                MONDAY_10))
        .isEmpty();
  }

  @Test
  void each_rule_fires_past_its_threshold() throws Exception {
    long now = MONDAY_10.toEpochMilli();
    Reconciliation run =
        new Reconciliation(
            7,
            "{}",
            "nightly",
            Reconciliation.Status.COMPLETED,
            now - 10,
            now,
            null,
            100,
            11,
            11,
            0,
            "{}");
    List<Alert> alerts =
        AlertRules.evaluate(
            settings("{}"),
            figures(
                MONDAY_10,
                List.of(
                    new DashboardReads.FlowQueue("stock.sync", "dead", 2, 0),
                    new DashboardReads.FlowQueue("product.sync", "ready", 5, now - 301_000)),
                run,
                Map.of("brightpearl", now - 61 * 60_000L)),
            List.of(new AlertRules.ConnectionRates("shopify:a", 31, 6)),
            MONDAY_10);
    assertThat(alerts)
        .extracting(Alert::rule, Alert::subject)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(AlertRules.DEAD_LETTERS, "stock.sync"),
            org.assertj.core.groups.Tuple.tuple(AlertRules.OLDEST_READY, "product.sync"),
            org.assertj.core.groups.Tuple.tuple(AlertRules.THROTTLES, "shopify:a"),
            org.assertj.core.groups.Tuple.tuple(AlertRules.CONNECTION_FAILING, "shopify:a"),
            org.assertj.core.groups.Tuple.tuple(AlertRules.DRIFT, "reconciliation"),
            org.assertj.core.groups.Tuple.tuple(AlertRules.WEBHOOK_SILENCE, "brightpearl"));
  }

  @Test
  void a_silent_source_outside_business_hours_is_not_an_alert() throws Exception {
    Instant saturday = Instant.parse("2026-12-05T10:00:00Z");
    Instant mondayNight = Instant.parse("2026-11-30T21:00:00Z");
    for (Instant at : List.of(saturday, mondayNight)) {
      assertThat(
              AlertRules.evaluate(
                  settings("{}"),
                  figures(
                      at,
                      List.of(),
                      null,
                      Map.of("brightpearl", at.toEpochMilli() - 5 * 3_600_000L)),
                  List.of(),
                  at))
          .isEmpty();
    }
    // Configured hours and zone: 20:00-23:00 in Berlin (UTC+1) includes 21:00 UTC.
    AlertSettings evening =
        settings(
            "alerts:\n  businessHours: '20:00-23:00'\n  timezone: Europe/Berlin\n  businessDays: [MON]\n");
    assertThat(
            AlertRules.evaluate(
                evening,
                figures(
                    mondayNight,
                    List.of(),
                    null,
                    Map.of("brightpearl", mondayNight.toEpochMilli() - 5 * 3_600_000L)),
                List.of(),
                mondayNight))
        .extracting(Alert::rule)
        .containsExactly(AlertRules.WEBHOOK_SILENCE);
  }
}
