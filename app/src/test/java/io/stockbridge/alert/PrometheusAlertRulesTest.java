package io.stockbridge.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.testhelper.PrometheusTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules shipped for Prometheus ({@code ops/prometheus/stockbridge-alerts.yml}) are
 * valid for Prometheus's own checker, pass their unit tests, and are the engine's rules by name.
 */
class PrometheusAlertRulesTest {
  private static final Path RULES = PrometheusTools.ops().resolve("prometheus");

  @Test
  void promtool_accepts_the_rules_file() {
    PrometheusTools.Run run =
        PrometheusTools.promtool(RULES, null, "check", "rules", "stockbridge-alerts.yml");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS");
  }

  @Test
  void the_rules_fire_as_their_unit_tests_expect() {
    PrometheusTools.Run run =
        PrometheusTools.promtool(RULES, null, "test", "rules", "stockbridge-alerts.test.yml");
    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @Test
  void every_engine_rule_has_a_prometheus_rule_of_the_same_name() throws IOException {
    String rules = Files.readString(RULES.resolve("stockbridge-alerts.yml"));
    Set<String> names = new LinkedHashSet<>();
    Matcher alert = Pattern.compile("- alert: (\\w+)").matcher(rules);
    while (alert.find()) {
      names.add(alert.group(1));
    }
    assertThat(names)
        .contains(
            AlertRules.DEAD_LETTERS,
            AlertRules.OLDEST_READY,
            AlertRules.THROTTLES,
            AlertRules.DRIFT,
            AlertRules.WEBHOOK_SILENCE,
            AlertRules.CONNECTION_FAILING);
  }
}
