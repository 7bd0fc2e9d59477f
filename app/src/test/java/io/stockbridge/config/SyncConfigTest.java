package io.stockbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connections configuration: what it reads, and that every problem names its field. */
class SyncConfigTest {
  private static final String VALID =
      """
      warehouse:
        account: acme
        datacentre: euw1
        appRef: app
        accountToken: tok
        stockFormula: inStock
      stores:
        uk-store:
          accessToken: shpat_1
          locations: {London: [1, 2], "gid://shopify/Location/9": 3}
          safetyStock: {default: 2, skus: {SKU-1: 0}, tags: {clearance: 5, sale: 1}}
          flows: [stock]
          shadow: true
      products:
        tagRules:
          - {field: brand, tag: "brand:{value}"}
          - {field: customFields.PCF_SEASON, matches: "^SS", tag: "season"}
      """;

  private static SyncConfig read(String yaml, Map<String, String> env) throws Exception {
    ConfigSource source = new ConfigSource(new ObjectMapper(new YAMLFactory()).readTree(yaml), env);
    SyncConfig config = SyncConfig.from(source);
    source.throwIfInvalid();
    return config;
  }

  @Test
  void reads_the_warehouse_stores_and_rules() throws Exception {
    SyncConfig config = read(VALID, Map.of());
    assertThat(config.isConfigured()).isTrue();
    assertThat(config.warehouse().orElseThrow().baseUrl())
        .isEqualTo("https://euw1.brightpearlconnect.com");
    assertThat(config.warehouse().orElseThrow().formula())
        .isEqualTo(SyncConfig.StockFormula.IN_STOCK);
    SyncConfig.Store store = config.stores().get("uk-store");
    assertThat(store.shop()).isEqualTo("uk-store");
    assertThat(store.locations())
        .containsEntry("London", List.of(1L, 2L))
        .containsEntry("gid://shopify/Location/9", List.of(3L));
    assertThat(store.runs(SyncConfig.STOCK)).isTrue();
    assertThat(store.runs(SyncConfig.PRODUCTS)).isFalse();
    assertThat(store.shadow()).isTrue();
    assertThat(config.products().tagRules()).hasSize(2);
  }

  @Test
  void safety_stock_takes_the_sku_first_then_the_largest_tag_then_the_default() throws Exception {
    SyncConfig.SafetyStock safety = read(VALID, Map.of()).stores().get("uk-store").safetyStock();
    assertThat(safety.unitsFor("SKU-1", List.of("clearance"))).isZero();
    assertThat(safety.unitsFor("SKU-2", List.of("sale", "clearance"))).isEqualTo(5);
    assertThat(safety.unitsFor("SKU-2", List.of("other"))).isEqualTo(2);
  }

  @Test
  void secrets_come_from_the_environment() throws Exception {
    String yaml = VALID.replace("    accessToken: shpat_1\n", "");
    SyncConfig config =
        read(yaml, Map.of("STOCKBRIDGE_STORES_UK_STORE_ACCESS_TOKEN", "shpat_from_env"));
    assertThat(config.stores().get("uk-store").accessToken().reveal()).isEqualTo("shpat_from_env");
  }

  @Test
  void every_problem_names_its_field() {
    String broken =
        """
        warehouse:
          account: acme
          appRef: app
          stockFormula: sometimes
        stores:
          uk-store:
            locations: {London: [0]}
            flows: [stock, prices]
            safetyStock: {skus: {SKU-1: -3}}
        products:
          tagRules:
            - {field: colour, tag: x}
            - {field: name, matches: "([", tag: y}
        sync:
          debounceMillis: 5000
          maxWaitMillis: 100
        """;
    assertThatThrownBy(() -> read(broken, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("warehouse: give exactly one of baseUrl or datacentre")
        .hasMessageContaining("warehouse: give exactly one of token")
        .hasMessageContaining("warehouse.stockFormula: must be one of")
        .hasMessageContaining("stores.uk-store.accessToken: is required")
        .hasMessageContaining("stores.uk-store.locations.London: warehouse ids must be positive")
        .hasMessageContaining("stores.uk-store.flows: unknown flow 'prices'")
        .hasMessageContaining("stores.uk-store.safetyStock.skus.SKU-1: must be a whole number")
        .hasMessageContaining("products.tagRules[0].field: must be one of")
        .hasMessageContaining("products.tagRules[1].matches: not a valid regular expression")
        .hasMessageContaining("sync.maxWaitMillis: must be at least sync.debounceMillis");
  }

  @Test
  void stores_without_a_warehouse_are_refused() {
    String yaml =
        """
        stores:
          uk-store:
            accessToken: shpat_1
            locations: {London: [1]}
        """;
    assertThatThrownBy(() -> read(yaml, Map.of()))
        .hasMessageContaining("warehouse: is required when stores are configured");
  }
}
