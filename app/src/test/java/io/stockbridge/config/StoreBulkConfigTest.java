package io.stockbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.stockbridge.sync.SyncContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A store's bulk settings: defaults that follow Shopify's limits, overrides, named problems. */
class StoreBulkConfigTest {
  private static SyncConfig.Store store(String extra) throws Exception {
    String yaml =
        """
        warehouse: {account: acme, datacentre: euw1, appRef: app, accountToken: tok}
        stores:
          uk-store:
            accessToken: shpat_1
            locations: {London: [1]}
        """
            + extra;
    ConfigSource source =
        new ConfigSource(new ObjectMapper(new YAMLFactory()).readTree(yaml), Map.of());
    SyncConfig config = SyncConfig.from(source);
    source.throwIfInvalid();
    return config.stores().get("uk-store");
  }

  @Test
  void defaults_read_in_bulk_above_two_thousand_items_with_five_operations_since_2026_01()
      throws Exception {
    SyncConfig.Bulk bulk = store("").bulk();
    assertThat(bulk.readThreshold()).isEqualTo(2000);
    assertThat(bulk.concurrency()).isEqualTo(BulkSettings.SHOPIFY_CONCURRENCY);
    assertThat(bulk.startWait()).isEqualTo(Duration.ofMinutes(5));
    assertThat(SyncContext.bulkSettings(store("")).concurrency()).isEqualTo(5);
  }

  @Test
  void an_api_version_before_2026_01_runs_one_bulk_operation_of_a_kind_at_once() throws Exception {
    assertThat(store("    apiVersion: 2025-10\n").bulk().concurrency()).isEqualTo(1);
  }

  @Test
  void threshold_concurrency_and_start_wait_are_read_per_store() throws Exception {
    SyncConfig.Bulk bulk =
        store("    bulk: {readThreshold: 500, concurrency: 2, startWaitSeconds: 30}\n").bulk();
    assertThat(bulk.readThreshold()).isEqualTo(500);
    assertThat(bulk.concurrency()).isEqualTo(2);
    assertThat(bulk.startWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(SyncContext.bulkSettings(store("    bulk: {concurrency: 2}\n")).concurrency())
        .isEqualTo(2);
  }

  @Test
  void a_bad_bulk_setting_is_named() {
    assertThatThrownBy(() -> store("    bulk: {concurrency: 0, readThreshold: -1}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("stores.uk-store.bulk.concurrency")
        .hasMessageContaining("stores.uk-store.bulk.readThreshold");
  }
}
