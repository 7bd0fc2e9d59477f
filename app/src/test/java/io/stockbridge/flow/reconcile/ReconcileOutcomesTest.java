package io.stockbridge.flow.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.cli.Main;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.simulator.shopify.BulkFaults;
import io.stockbridge.simulator.shopify.SimulatedShop;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TestDatabases;
import io.stockbridge.testhelper.TestHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How a reconciliation ends when stores cannot be read, on SQLite and PostgreSQL: {@code partial}
 * when some stores failed, {@code failed} when none could be checked (never {@code completed} with
 * a failed store or 0 checked), each failed store's reason in the stored report and the CLI; a shop
 * whose bulk slots stay taken is read in pages instead. Both simulators over real HTTP.
 */
@EndToEnd
class ReconcileOutcomesTest {
  private static final Map<String, String> KEY = Map.of("X-Api-Key", SyncLab.API_KEY);
  private static final int PRODUCTS = 30;
  private static final String BULK_READS = "bulk: {readThreshold: 1}\n";

  @TempDir Path dir;
  private SyncLab lab;
  private String databaseUrl;
  private String postgresUrl;

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
    if (postgresUrl != null) {
      TestDatabases.dropPostgresSchema(postgresUrl);
    }
  }

  private void start(String engine, List<SyncLab.StoreSpec> stores) {
    if (engine.equals("sqlite")) {
      databaseUrl = TestDatabases.sqliteUrl(dir);
    } else {
      postgresUrl = TestDatabases.createPostgresSchema();
      databaseUrl = postgresUrl;
    }
    lab =
        SyncLab.start(new SyncLab.Spec(PRODUCTS, 2, stores, databaseUrl, dir.resolve("data"), ""));
    for (SyncLab.StoreSpec store : stores) {
      seed(store.name());
    }
  }

  /** Puts every warehouse product on the store at its expected level, with its id map line. */
  private void seed(String store) {
    SimulatedShop shop = lab.shopify().shop(store);
    String location = lab.locationId(store, "Main");
    List<StoreProduct> idMap = new ArrayList<>();
    List<PushedLevel> pushed = new ArrayList<>();
    lab.expectedLevels(store)
        .forEach(
            (key, level) -> {
              String sku = key.substring(0, key.indexOf('@'));
              SimulatedShop.SeededVariant variant =
                  shop.addProduct("Product " + sku, List.of(sku), Map.of(location, level)).get(0);
              pushed.add(new PushedLevel(store, variant.inventoryItemId(), location, level));
              long productId = lab.brightpearl().catalog().productBySku(sku).orElseThrow().id();
              idMap.add(
                  StoreProduct.adopted(
                      store,
                      productId,
                      sku,
                      variant.productId(),
                      variant.variantId(),
                      variant.inventoryItemId()));
            });
    lab.node().storage().syncState().putStoreProducts(idMap, System.currentTimeMillis());
    lab.node().storage().syncState().putPushedLevels(pushed, System.currentTimeMillis());
  }

  private JsonNode run(TestHttp http) {
    TestHttp.Answer accepted = http.postJson("/api/reconciliations", KEY, "{}");
    assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
    return run(http, accepted.json().path("id").asLong());
  }

  private JsonNode run(TestHttp http, long id) {
    JsonNode[] report = new JsonNode[1];
    Eventually.await(
        "reconciliation " + id + " to end",
        Duration.ofSeconds(60),
        () -> {
          report[0] = http.get("/api/reconciliations/" + id, KEY).json();
          return Set.of("completed", "partial", "failed")
              .contains(report[0].path("status").asText());
        });
    return report[0];
  }

  private String cli(String... args) throws Exception {
    Path config = dir.resolve("cli.yaml");
    Files.writeString(
        config,
        """
        database:
          url: '%s'
        warehouse:
          account: acme
          baseUrl: http://127.0.0.1:1
          appRef: app
          accountToken: t
        stores:
          shop-a:
            accessToken: x
            locations: {Main: [1]}
        """
            .formatted(databaseUrl),
        StandardCharsets.UTF_8);
    List<String> all = new ArrayList<>(List.of(args));
    all.add("-c");
    all.add(config.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run(all.toArray(String[]::new))).isZero();
    } finally {
      System.setOut(previous);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void a_run_with_one_store_refused_ends_partial_with_the_reason_in_report_and_cli(String engine)
      throws Exception {
    start(
        engine,
        List.of(
            SyncLab.StoreSpec.of("shop-a", "Main", 1L),
            SyncLab.StoreSpec.of("shop-b", "Main", 1L).with(BULK_READS)));
    lab.shopify().shop("shop-b").setBulkFaults(BulkFaults.NONE.withRefusedStarts(100, "INVALID"));

    JsonNode report = run(new TestHttp(lab.node().port()));

    assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("partial");
    assertThat(report.path("checked").asInt()).isEqualTo(PRODUCTS);
    assertThat(report.path("detail").path("stores").path("shop-a").path("checked").asInt())
        .isEqualTo(PRODUCTS);
    assertThat(report.path("failedStores").path("shop-b").asText())
        .contains("BulkOperationException")
        .contains("INVALID");
    assertThat(report.path("detail").path("failedStores").toString()).isEqualTo("[\"shop-b\"]");
    assertThat(cli("reconcile", "list")).contains("partial").contains("shop-b").contains("INVALID");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void a_run_whose_only_store_cannot_be_read_ends_failed_not_completed_with_nothing_checked(
      String engine) throws Exception {
    start(engine, List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L).with(BULK_READS)));
    lab.shopify().shop("shop-a").setBulkFaults(BulkFaults.NONE.withFailedRuns(1, "ACCESS_DENIED"));

    JsonNode report = run(new TestHttp(lab.node().port()));

    assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("failed");
    assertThat(report.path("checked").asInt()).isZero();
    assertThat(report.path("detail").path("error").asText())
        .contains("no store could be checked")
        .contains("shop-a")
        .contains("ACCESS_DENIED");
    assertThat(report.path("failedStores").path("shop-a").asText()).contains("ACCESS_DENIED");
    assertThat(report.path("finishedAt").isTextual()).isTrue();
    assertThat(cli("reconcile", "list")).contains("failed").contains("ACCESS_DENIED");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void a_shop_whose_bulk_slots_stay_taken_is_read_in_pages_and_the_run_completes(String engine) {
    start(
        engine,
        List.of(
            SyncLab.StoreSpec.of("shop-a", "Main", 1L)
                .with("bulk: {readThreshold: 1, startWaitSeconds: 1}\n")));
    lab.shopify()
        .shop("shop-a")
        .setBulkFaults(BulkFaults.NONE.withRefusedStarts(1000, "LIMIT_REACHED"));

    JsonNode report = run(new TestHttp(lab.node().port()));

    assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("completed");
    assertThat(report.path("checked").asInt()).isEqualTo(PRODUCTS);
    JsonNode store = report.path("detail").path("stores").path("shop-a");
    assertThat(store.path("read").asText()).isEqualTo("pages");
    assertThat(store.path("bulkFallback").asText()).contains("LIMIT_REACHED");
    assertThat(store.path("levelsRead").asInt()).isEqualTo(PRODUCTS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void a_slow_bulk_read_shows_its_progress_in_the_running_report_then_completes(String engine) {
    start(engine, List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L).with(BULK_READS)));
    lab.shopify().shop("shop-a").setBulkFaults(BulkFaults.NONE.withRunMillis(4000));
    TestHttp http = new TestHttp(lab.node().port());
    TestHttp.Answer accepted = http.postJson("/api/reconciliations", KEY, "{}");
    long id = accepted.json().path("id").asLong();

    JsonNode[] running = new JsonNode[1];
    Eventually.await(
        "the running report to show the bulk read's progress",
        Duration.ofSeconds(30),
        () -> {
          running[0] = http.get("/api/reconciliations/" + id, KEY).json();
          JsonNode operations = running[0].path("detail").path("progress").path("shop-a");
          return running[0].path("status").asText().equals("running") && operations.size() == 1;
        });
    JsonNode operation =
        running[0].path("detail").path("progress").path("shop-a").elements().next();
    assertThat(operation.path("status").asText()).isIn("CREATED", "RUNNING");
    assertThat(operation.path("expected").asInt()).isEqualTo(PRODUCTS);

    JsonNode report = run(http, id);
    assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("completed");
    JsonNode store = report.path("detail").path("stores").path("shop-a");
    assertThat(store.path("read").asText()).isEqualTo("bulk");
    assertThat(store.path("levelsRead").asInt()).isEqualTo(PRODUCTS);
    assertThat(report.path("detail").has("failedStores")).isFalse();
    assertThat(report.path("detail").has("progress")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void a_full_sync_whose_stock_read_fails_ends_partial_with_the_reason(String engine)
      throws Exception {
    if (engine.equals("sqlite")) {
      databaseUrl = TestDatabases.sqliteUrl(dir);
    } else {
      postgresUrl = TestDatabases.createPostgresSchema();
      databaseUrl = postgresUrl;
    }
    lab =
        SyncLab.start(
            new SyncLab.Spec(
                PRODUCTS,
                2,
                List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L).with(BULK_READS)),
                databaseUrl,
                dir.resolve("data"),
                ""));
    lab.shopify().shop("shop-a").setBulkFaults(BulkFaults.NONE.withRefusedStarts(100, "INVALID"));
    TestHttp http = new TestHttp(lab.node().port());
    TestHttp.Answer accepted = http.postJson("/api/stores/shop-a/full-sync", KEY, "");
    assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);

    JsonNode report = run(http, accepted.json().path("id").asLong());

    assertThat(report.path("status").asText()).as(report.toString()).isEqualTo("partial");
    assertThat(report.path("detail").path("productsSucceeded").asInt()).isPositive();
    assertThat(report.path("detail").path("productsFailed").asInt()).isZero();
    assertThat(report.path("failedStores").path("shop-a").asText()).contains("INVALID");
    assertThat(cli("reconcile", "list")).contains("partial").contains("INVALID");
  }
}
