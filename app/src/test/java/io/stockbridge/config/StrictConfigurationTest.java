package io.stockbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #10's configuration items: unknown keys, YAML errors, environment overrides of every kind,
 * and problems that say where their value came from.
 */
class StrictConfigurationTest {
  private static final String WAREHOUSE =
      """
      warehouse:
        account: acme
        datacentre: euw1
        appRef: app
        accountToken: tok
      """;

  @TempDir Path dir;

  private StockbridgeConfig load(String yaml, Map<String, String> env) throws IOException {
    Path file = dir.resolve("stockbridge.yaml");
    Files.writeString(file, yaml);
    return StockbridgeConfig.from(ConfigSource.load(file, env));
  }

  private String problems(String yaml, Map<String, String> env) {
    try {
      load(yaml, env);
    } catch (ConfigException e) {
      return e.getMessage();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the configuration was accepted:\n" + yaml + "\n" + env);
  }

  @Test
  void htpp_key_is_rejected_with_a_suggestion_not_silently_accepted() {
    String yaml = "database:\n  poolSize: 4\nhtpp:\n  port: 8080\n";
    assertThat(problems(yaml, Map.of()))
        .contains("unknown key 'htpp' at line 3, column 1; did you mean 'http'?");
  }

  @Test
  void a_misspelt_nested_key_names_its_whole_path_and_the_key_it_was_meant_to_be() {
    String yaml =
        WAREHOUSE
            + """
            stores:
              eu:
                accessToken: shpat_1
                locations: {Main: [1]}
                bulk:
                  readTreshold: 10
            """;
    assertThat(problems(yaml, Map.of()))
        .contains(
            "unknown key 'stores.eu.bulk.readTreshold' at line 11, column 7;"
                + " did you mean 'readThreshold'?");
  }

  @Test
  void an_unknown_key_far_from_every_name_lists_the_keys_of_its_section() {
    assertThat(problems("http:\n  colour: blue\n", Map.of()))
        .contains("unknown key 'http.colour' at line 2, column 3; known keys here: ")
        .contains("maxBodyBytes");
  }

  @Test
  void yaml_errors_keep_their_line_and_column() {
    assertThat(problems("http:\n  port: 8080\n  host: [unclosed\n", Map.of()))
        .containsPattern("is not valid YAML at line [34], column \\d+: ")
        .doesNotContain("\tat ");
    assertThat(problems("http:\n  port: 1\nhttp:\n  port: 2\n", Map.of()))
        .containsPattern("is not valid YAML at line 3, column \\d+: Duplicate field 'http'");
  }

  @Test
  void a_value_of_the_wrong_kind_names_its_field_and_line() {
    String message = problems("http:\n  port: eighty\nqueue:\n  enabled: maybe\n", Map.of());
    assertThat(message)
        .contains("http.port: must be a whole number, got 'eighty' (line 2, column 3)")
        .contains("queue.enabled: must be true or false, got 'maybe' (line 4, column 3)");
    assertThat(problems("http:\n  port: 80.5\n  maxBodyBytes: 99999999999999999999\n", Map.of()))
        .contains("http.port: must be a whole number, got 80.5 (line 2, column 3)")
        .contains("http.maxBodyBytes: must be a whole number, got 99999999999999999999");
    assertThat(problems("", Map.of("STOCKBRIDGE_HTTP_PORT", "\u0668\u0660")))
        .contains("http.port: must be a whole number, got '\u0668\u0660'");
    assertThat(problems("http: 8080\n", Map.of()))
        .contains("http: expected a section of keys, found a single value (line 1, column 1)");
    assertThat(problems("stores:\n  uk: shpat_secret\n", Map.of()))
        .contains("stores.uk: expected a section of keys, found a single value")
        .doesNotContain("shpat_secret");
    assertThat(problems("http:\n  port: 99999\n", Map.of()))
        .contains("http.port: must be between 0 and 65535, got 99999 (line 2, column 3)");
  }

  @Test
  void an_environment_variable_overrides_a_single_value() throws IOException {
    StockbridgeConfig config =
        load("http:\n  port: 8080\n", Map.of("STOCKBRIDGE_HTTP_PORT", " 9090 "));
    assertThat(config.http().port()).isEqualTo(9090);
    assertThat(load("", Map.of("STOCKBRIDGE_QUEUE_ENABLED", "off")).queue().enabled()).isFalse();
  }

  @Test
  void an_environment_variable_sets_a_list_as_yaml_or_comma_separated() throws IOException {
    assertThat(
            load("", Map.of("STOCKBRIDGE_SOURCES_GENERIC_TOKENS", "[t1, \"t2,with comma\"]"))
                .sources()
                .genericTokens())
        .extracting(Secret::reveal)
        .containsExactly("t1", "t2,with comma");
    assertThat(
            load(
                    "sources:\n  generic:\n    tokens: [from-file]\n",
                    Map.of("STOCKBRIDGE_SOURCES_GENERIC_TOKENS", "a, b"))
                .sources()
                .genericTokens())
        .extracting(Secret::reveal)
        .containsExactly("a", "b");
  }

  @Test
  void an_environment_variable_sets_a_map_merged_into_the_files() throws IOException {
    String yaml =
        WAREHOUSE
            + """
            stores:
              uk-store:
                accessToken: shpat_1
                locations: {London: [1, 2], Leeds: [4]}
                safetyStock: {skus: {SKU-1: 0}}
            """;
    SyncConfig.Store store =
        load(
                yaml,
                Map.of(
                    "STOCKBRIDGE_STORES_UK_STORE_LOCATIONS", "{Main: [3], Leeds: null}",
                    "STOCKBRIDGE_STORES_UK_STORE_SAFETY_STOCK_SKUS", "{SKU-9: 4}"))
            .sync()
            .stores()
            .get("uk-store");
    assertThat(store.locations())
        .containsEntry("London", List.of(1L, 2L))
        .containsEntry("Main", List.of(3L))
        .doesNotContainKey("Leeds");
    assertThat(store.safetyStock().bySku()).containsEntry("SKU-1", 0).containsEntry("SKU-9", 4);
  }

  @Test
  void an_environment_variable_creates_a_whole_section_the_file_does_not_have() throws IOException {
    String yaml =
        """
        stores:
          uk-store:
            accessToken: shpat_1
            locations: {London: [1]}
        """;
    SyncConfig sync =
        load(
                yaml,
                Map.of(
                    "STOCKBRIDGE_WAREHOUSE",
                    "{account: acme, datacentre: euw1, appRef: app, accountToken: tok}",
                    "STOCKBRIDGE_STORES",
                    "{eu: {shop: acme-eu, accessToken: shpat_eu, locations: {Main: 2}}}",
                    "STOCKBRIDGE_STORES_EU_SHADOW",
                    "true"))
            .sync();
    assertThat(sync.warehouse().orElseThrow().account()).isEqualTo("acme");
    assertThat(sync.stores()).containsOnlyKeys("uk-store", "eu");
    SyncConfig.Store eu = sync.stores().get("eu");
    assertThat(eu.shop()).isEqualTo("acme-eu");
    assertThat(eu.accessToken().reveal()).isEqualTo("shpat_eu");
    assertThat(eu.locations()).containsEntry("Main", List.of(2L));
    assertThat(eu.shadow()).isTrue();
    assertThat(sync.stores().get("uk-store").shadow()).isFalse();
  }

  @Test
  void an_error_caused_by_an_environment_variable_names_the_variable() {
    String fromVariable = "(environment variable STOCKBRIDGE_HTTP_PORT)";
    assertThat(problems("http:\n  port: 8080\n", Map.of("STOCKBRIDGE_HTTP_PORT", "99999")))
        .contains("http.port: must be between 0 and 65535, got 99999 " + fromVariable);
    assertThat(problems("", Map.of("STOCKBRIDGE_HTTP_PORT", "abc")))
        .contains("http.port: must be a whole number, got 'abc' " + fromVariable);
    assertThat(problems("", Map.of("STOCKBRIDGE_STORES", "{eu: {acessToken: x}}")))
        .contains(
            "unknown key 'stores.eu.acessToken' in environment variable STOCKBRIDGE_STORES;"
                + " did you mean 'accessToken'?")
        .contains(
            "stores.eu.accessToken: is required (the Admin API access token)"
                + " (environment variable STOCKBRIDGE_STORES)");
    assertThat(problems("", Map.of("STOCKBRIDGE_STORES", "{eu: {accessToken: shpat_secret")))
        .contains("environment variable STOCKBRIDGE_STORES is not valid YAML at line 1, column ")
        .contains("expected ',' or '}'")
        .doesNotContain("shpat_secret");
  }

  @Test
  void a_misspelt_variable_is_rejected_with_the_variable_it_was_meant_to_be() {
    assertThat(problems("", Map.of("STOCKBRIDGE_HTTP_PROT", "9090")))
        .contains(
            "environment variable STOCKBRIDGE_HTTP_PROT names no setting;"
                + " did you mean STOCKBRIDGE_HTTP_PORT?");
    assertThat(problems("", Map.of("STOCKBRIDGE_STORES_EU_ACCESS_TOKEN", "x")))
        .contains("environment variable STOCKBRIDGE_STORES_EU_ACCESS_TOKEN names no setting")
        .contains("STOCKBRIDGE_STORES='{eu: {...}}'");
  }

  @Test
  void the_processs_own_variables_are_not_settings() throws IOException {
    StockbridgeConfig config =
        load(
            "",
            Map.of(
                "STOCKBRIDGE_CONFIG", "other.yaml",
                "STOCKBRIDGE_DEBUG", "1",
                "STOCKBRIDGE_JAVA_OPTS", "-Xmx1g",
                "STOCKBRIDGE_TEST_POSTGRES_URL", "jdbc:postgresql://x",
                "PATH", "/bin"));
    assertThat(config.http().port()).isEqualTo(8080);
  }

  @Test
  void every_key_of_the_readme_table_is_a_key_the_records_accept() throws IOException {
    String yaml =
        """
        node: {id: n1}
        dataDir: data
        database: {url: "jdbc:sqlite:data/x.db", poolSize: 3}
        http: {host: 127.0.0.1, port: 0, maxBodyBytes: 4096}
        ingest: {maxBatch: 10, writers: 1, maxIdSetIds: 100}
        queue:
          enabled: true
          claimBatch: 5
          pollMillis: 10
          leaseSeconds: 5
          maxAttempts: 3
          backoffBaseMillis: 10
          backoffMaxMillis: 100
          minRetryDelayMillis: 5
          maxRetriesWithoutProgress: 2
          maxInFlight: 100
        retention: {payloadDays: 1, mode: delete, intervalMinutes: 5}
        admin: {bootstrapKey: k}
        sources:
          brightpearl: {accounts: {acme: {webhookSecret: s}}}
          shopify: {appSecret: a, shops: {"x.myshopify.com": {webhookSecret: s}}}
          generic:
            tokens: [t]
            jwt:
              hmacSecret: 0123456789abcdef0123456789abcdef
              audience: aud
              issuer: iss
              clockSkewSeconds: 5
        warehouse:
          account: acme
          baseUrl: http://127.0.0.1:1
          appRef: app
          token: t
          devRef: d
          requestsPerMinute: 10
          availabilityBatch: 10
          stockFormula: onHandPlusInTransit
          priceListId: 2
        stores:
          uk:
            shop: s
            baseUrl: http://127.0.0.1:2
            accessToken: a
            apiVersion: 2025-10
            locations: {Main: 1}
            safetyStock: {default: 1, skus: {A: 0}, tags: {t: 2}}
            flows: stock
            paused: true
            shadow: true
            onProductDestroyed: delete
            bulk: {readThreshold: 0, concurrency: 1, startWaitSeconds: 1}
            orders:
              channelId: 3
              warehouseId: 2
              statusId: 4
              cancelledStatusId: 6
              paymentMethod: PAY
              taxCode: T0
              pollSeconds: 60
        sync: {debounceMillis: 1, maxWaitMillis: 2, batchFillMillis: 3, maxBatchWaitMillis: 4}
        products:
          tagRules: [{field: brand, matches: "^A", tag: "b:{value}"}]
          categoryTags: false
          bulkThreshold: 7
        reconcile: {enabled: false, at: "03:30"}
        fanout:
          pollMillis: 20
          allowNetworks: [127.0.0.0/8]
          subscribers:
            search:
              kind: webhook
              url: http://127.0.0.1:9/hooks
              secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]
              types: [stock.changed]
              stores: [uk]
              sku: "A-*"
              order: perKey
              retrySeconds: [0, 5]
              timeoutMillis: 1000
              ratePerSecond: 10
              concurrency: 4
              roundsInFlight: 2
              disableAfterMinutes: 60
              allowNetworks: [10.0.0.0/8]
            warehouse:
              kind: rabbitmq
              url: amqp://guest:guest@127.0.0.1:5672
              exchange: x
            dr:
              kind: nats
              url: nats://127.0.0.1:4222
              stream: S
              subject: s
        """;
    StockbridgeConfig config = load(yaml, Map.of());
    assertThat(config.fanout().subscribers().get("search").perKey()).isTrue();
    assertThat(config.fanout().subscribers().get("search").schedule()).hasSize(2);
    assertThat(config.fanout().subscribers().get("search").roundsInFlight()).isEqualTo(2);
    assertThat(config.fanout().subscribers().get("warehouse").roundsInFlight()).isEqualTo(1);
    assertThat(config.fanout().subscribers().get("dr").stream()).isEqualTo("S");
    assertThat(config.queue().maxRetriesWithoutProgress()).isEqualTo(2);
    assertThat(config.sources().jwtIssuer()).contains("iss");
    assertThat(config.sync().stores().get("uk").flows()).containsExactly("stock");
    assertThat(config.sync().stores().get("uk").safetyStock().defaultUnits()).isEqualTo(1);
    assertThat(config.sync().products().bulkThreshold()).isEqualTo(7);
    assertThat(config.sync().reconcile().at()).hasToString("03:30");
    assertThat(config.sync().stores().get("uk").orders())
        .isEqualTo(
            new io.stockbridge.config.SyncConfig.Orders(
                3, 2, 4, 6, "PAY", "T0", java.time.Duration.ofSeconds(60)));
  }

  @Test
  void the_variable_names_of_the_old_scheme_still_apply() {
    assertThat(ConfigSource.envName("http.maxBodyBytes"))
        .isEqualTo("STOCKBRIDGE_HTTP_MAX_BODY_BYTES");
    assertThat(ConfigSource.envName("stores.uk-store.accessToken"))
        .isEqualTo("STOCKBRIDGE_STORES_UK_STORE_ACCESS_TOKEN");
    assertThat(ConfigSource.envName("dataDir")).isEqualTo("STOCKBRIDGE_DATA_DIR");
  }

  @Test
  void readers_by_path_see_the_file_and_the_environment_merged() throws IOException {
    Path file = dir.resolve("paths.yaml");
    Files.writeString(file, "http:\n  port: 1\nqueue:\n  enabled: false\n");
    ConfigSource source =
        ConfigSource.load(
            file,
            Map.of("STOCKBRIDGE_HTTP_PORT", "2", "STOCKBRIDGE_SOURCES_GENERIC_TOKENS", "a,b"));
    assertThat(source.number("http.port", 0, 0, 10)).isEqualTo(2);
    assertThat(source.bool("queue.enabled", true)).isFalse();
    assertThat(source.list("sources.generic.tokens")).containsExactly("a", "b");
    assertThat(source.number("http.port", 0, 5, 10)).isZero();
    assertThatThrownBy(source::throwIfInvalid)
        .hasMessageContaining(
            "http.port: must be between 5 and 10, got 2 (environment variable"
                + " STOCKBRIDGE_HTTP_PORT)");
  }

  @Test
  void rounds_in_flight_are_for_webhooks_and_between_1_and_16() {
    String webhook =
        "fanout:\n  subscribers:\n    hook:\n      kind: webhook\n"
            + "      url: https://example.com/h\n"
            + "      secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]\n";
    assertThatThrownBy(() -> load(webhook + "      roundsInFlight: 17\n", Map.of()))
        .hasMessageContaining("fanout.subscribers.hook.roundsInFlight: must be between 1 and 16");
    assertThatThrownBy(
            () ->
                load(
                    "fanout:\n  subscribers:\n    mq:\n      kind: rabbitmq\n"
                        + "      url: amqp://guest:guest@127.0.0.1:5672\n      roundsInFlight: 2\n",
                    Map.of()))
        .hasMessageContaining("fanout.subscribers.mq.roundsInFlight: applies to webhooks only");
  }

  @Test
  void a_configuration_that_is_no_mapping_is_refused() {
    assertThatThrownBy(() -> load("- a\n- b\n", Map.of()))
        .hasMessageContaining("must be a YAML mapping of sections");
  }
}
