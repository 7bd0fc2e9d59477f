package io.stockbridge.alert;

import io.stockbridge.config.AlertSettings;
import io.stockbridge.flow.reconcile.Reconciliation;
import io.stockbridge.metrics.DatabaseGauges;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules, as one pure function of the figures: which alerts fire now. Rule names are the {@code
 * alert} names of {@code ops/prometheus/stockbridge-alerts.yml}, so an operator finds the same
 * alert in either place.
 */
public final class AlertRules {
  public static final String DEAD_LETTERS = "StockbridgeDeadLetters";
  public static final String OLDEST_READY = "StockbridgeQueueStalled";
  public static final String THROTTLES = "StockbridgeApiThrottled";
  public static final String DRIFT = "StockbridgeReconciliationDrift";
  public static final String WEBHOOK_SILENCE = "StockbridgeWebhooksSilent";
  public static final String CONNECTION_FAILING = "StockbridgeConnectionFailing";

  /** What a connection did since the last evaluation, per minute. */
  public record ConnectionRates(
      String connection, double throttlesPerMinute, double failuresPerMinute) {}

  private AlertRules() {}

  public static List<Alert> evaluate(
      AlertSettings settings,
      DatabaseGauges.Snapshot figures,
      List<ConnectionRates> connections,
      Instant now) {
    List<Alert> firing = new ArrayList<>();
    figures.queue().stream()
        .filter(q -> q.state().equals("dead") && q.items() > settings.deadLettersAbove())
        .forEach(
            q ->
                firing.add(
                    new Alert(
                        DEAD_LETTERS,
                        q.flow(),
                        q.items()
                            + " dead letter(s) in flow "
                            + q.flow()
                            + " (alert above "
                            + settings.deadLettersAbove()
                            + ")")));
    for (Map.Entry<String, Long> age : figures.oldestReadyAgeMillis().entrySet()) {
      if (age.getValue() > settings.oldestReady().toMillis()) {
        firing.add(
            new Alert(
                OLDEST_READY,
                age.getKey(),
                "oldest ready item of flow "
                    + age.getKey()
                    + " has waited "
                    + age.getValue() / 1000
                    + " s (alert above "
                    + settings.oldestReady().toSeconds()
                    + " s)"));
      }
    }
    for (ConnectionRates rates : connections) {
      if (rates.throttlesPerMinute() > settings.throttlesPerMinute()) {
        firing.add(
            new Alert(
                THROTTLES,
                rates.connection(),
                String.format(
                    java.util.Locale.ROOT,
                    "%s throttled %.1f times a minute (alert above %.1f)",
                    rates.connection(),
                    rates.throttlesPerMinute(),
                    settings.throttlesPerMinute())));
      }
      if (rates.failuresPerMinute() > settings.connectionFailuresPerMinute()) {
        firing.add(
            new Alert(
                CONNECTION_FAILING,
                rates.connection(),
                String.format(
                    java.util.Locale.ROOT,
                    "%s failed %.1f calls a minute (alert above %.1f)",
                    rates.connection(),
                    rates.failuresPerMinute(),
                    settings.connectionFailuresPerMinute())));
      }
    }
    Reconciliation run = figures.lastReconciliation();
    if (run != null && run.drifted() > settings.driftAbove()) {
      firing.add(
          new Alert(
              DRIFT,
              "reconciliation",
              "reconciliation "
                  + run.id()
                  + " found "
                  + run.drifted()
                  + " of "
                  + run.checked()
                  + " products drifted (alert above "
                  + settings.driftAbove()
                  + ")"));
    }
    if (inBusinessHours(settings, now)) {
      figures
          .lastReceived()
          .forEach(
              (source, at) -> {
                long silentMillis = now.toEpochMilli() - at;
                if (at > 0 && silentMillis > settings.webhookSilence().toMillis()) {
                  firing.add(
                      new Alert(
                          WEBHOOK_SILENCE,
                          source,
                          "no event from "
                              + source
                              + " for "
                              + silentMillis / 60_000
                              + " min during business hours (alert above "
                              + settings.webhookSilence().toMinutes()
                              + " min): is its webhook subscription still there?"));
                }
              });
    }
    return firing;
  }

  static boolean inBusinessHours(AlertSettings settings, Instant now) {
    ZonedDateTime local = now.atZone(settings.timezone());
    LocalTime time = local.toLocalTime();
    return settings.businessDays().contains(local.getDayOfWeek())
        && !time.isBefore(settings.businessStart())
        && time.isBefore(settings.businessEnd());
  }
}
