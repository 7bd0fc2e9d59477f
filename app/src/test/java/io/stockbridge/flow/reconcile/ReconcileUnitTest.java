package io.stockbridge.flow.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stockbridge.config.ConfigSource;
import io.stockbridge.config.SyncConfig;
import io.stockbridge.idset.IdSet;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcileUnitTest {
  private static final String A = "gid://shopify/Location/1";
  private static final String B = "gid://shopify/Location/2";

  @Test
  void equal_levels_are_no_drift() {
    assertThat(Drift.compare(7, "S7", Map.of(A, 3, B, 0), "item", Map.of(A, 3, B, 0))).isEmpty();
  }

  @Test
  void a_differing_or_unstocked_location_is_drift() {
    Map<String, Integer> expected = new java.util.LinkedHashMap<>();
    expected.put(A, 3);
    expected.put(B, 0);
    Drift drift = Drift.compare(7, "S7", expected, "item", Map.of(A, 5)).orElseThrow();
    assertThat(drift.missing()).isFalse();
    assertThat(drift.levels())
        .containsExactly(new Drift.Level(A, 3, 5), new Drift.Level(B, 0, null));
  }

  @Test
  void a_product_missing_on_the_store_is_drift_even_at_zero() {
    Drift drift = Drift.compare(7, "S7", Map.of(A, 0), null, null).orElseThrow();
    assertThat(drift.missing()).isTrue();
    assertThat(drift.inventoryItem()).isNull();
  }

  @Test
  void scope_round_trips_through_json_and_fills_in_stores() {
    SyncConfig config = config();
    ReconcileScope scope =
        ReconcileScope.fromJson("{\"productIds\":\"1-3,9\",\"skus\":[\"A-1\"]}").validated(config);
    assertThat(scope.stores()).containsExactly("shop-a", "shop-b");
    assertThat(ReconcileScope.fromJson(scope.toJson())).isEqualTo(scope);
    assertThat(scope.products()).contains(IdSet.of(1, 2, 3, 9));
    assertThat(ReconcileScope.everything().validated(config).isSubset()).isFalse();
  }

  @Test
  void bad_scopes_say_what_is_wrong() {
    SyncConfig config = config();
    assertThatThrownBy(() -> ReconcileScope.fromJson("{\"productIds\":\"5-1\"}"))
        .hasMessageContaining("productIds")
        .hasMessageContaining("backwards");
    assertThatThrownBy(() -> ReconcileScope.fromJson("{\"store\":[\"x\"]}"))
        .hasMessageContaining("store: unknown field");
    assertThatThrownBy(() -> ReconcileScope.fromJson("{\"stores\":\"shop-a\"}"))
        .hasMessageContaining("stores: must be a list");
    assertThatThrownBy(
            () ->
                new ReconcileScope(List.of("nope"), Optional.empty(), List.of(), false)
                    .validated(config))
        .hasMessageContaining("unknown store 'nope'");
    assertThatThrownBy(() -> ReconcileScope.fullSyncOf("shop-b").validated(config))
        .hasMessageContaining("does not run the products flow");
    assertThatThrownBy(
            () ->
                new ReconcileScope(List.of(), Optional.empty(), List.of(), true).validated(config))
        .hasMessageContaining("exactly one store");
  }

  @Test
  void the_nightly_run_is_due_once_in_the_hour_after_its_time_on_nodes_up_before_it() {
    LocalTime at = LocalTime.of(2, 0);
    long start = Instant.parse("2026-11-21T12:00:00Z").toEpochMilli();
    long before = Instant.parse("2026-11-22T01:59:59Z").toEpochMilli();
    long at0205 = Instant.parse("2026-11-22T02:05:00Z").toEpochMilli();
    long at0310 = Instant.parse("2026-11-22T03:10:00Z").toEpochMilli();
    Map<String, Long> last = new HashMap<>();
    assertThat(ReconcileService.nightlyDue(before, start, at, () -> Optional.empty())).isFalse();
    assertThat(ReconcileService.nightlyDue(at0205, start, at, () -> Optional.empty())).isTrue();
    last.put("schedule", Instant.parse("2026-11-22T02:00:03Z").toEpochMilli());
    assertThat(
            ReconcileService.nightlyDue(at0205, start, at, () -> Optional.of(last.get("schedule"))))
        .isFalse();
    long yesterday = Instant.parse("2026-11-21T02:00:03Z").toEpochMilli();
    assertThat(ReconcileService.nightlyDue(at0205, start, at, () -> Optional.of(yesterday)))
        .isTrue();
    assertThat(ReconcileService.nightlyDue(at0310, start, at, () -> Optional.empty())).isFalse();
    long startedAfter = Instant.parse("2026-11-22T02:01:00Z").toEpochMilli();
    assertThat(ReconcileService.nightlyDue(at0205, startedAfter, at, () -> Optional.empty()))
        .isFalse();
  }

  private static SyncConfig config() {
    String yaml =
        """
        warehouse:
          account: acme
          baseUrl: http://127.0.0.1:1
          appRef: app
          accountToken: t
        stores:
          shop-a:
            accessToken: x
            locations: {Main: [1]}
          shop-b:
            accessToken: x
            locations: {Main: [1]}
            flows: [stock]
          shop-c:
            accessToken: x
            locations: {Main: [1]}
            flows: [products]
        """;
    try {
      return SyncConfig.from(
          new ConfigSource(new ObjectMapper(new YAMLFactory()).readTree(yaml), Map.of()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
