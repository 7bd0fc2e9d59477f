package io.stockbridge.flow.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.cli.Main;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.simulator.brightpearl.SimControl;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.simulator.brightpearl.SimFaults;
import io.stockbridge.simulator.shopify.SimulatedShop;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TestDatabases;
import io.stockbridge.testhelper.TestHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reconciliation end to end: both simulators over real HTTP, a node on a real SQLite file or the
 * real PostgreSQL. The store is seeded in step with the warehouse, then drifts three ways (the
 * store changed behind our back, a stock change whose webhook was dropped, a product missing on the
 * store); a reconciliation finds exactly those, records what the store really shows, and sends one
 * correction event each, in one batch, routed to the stock flow.
 */
@io.stockbridge.testhelper.EndToEnd
class ReconcileEndToEndTest {
  private static final String STORE = "shop-a";
  private static final Map<String, String> KEY = Map.of("X-Api-Key", SyncLab.API_KEY);
  private static final int PRODUCTS = 40;

  @TempDir Path dir;
  private SyncLab lab;
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

  private SyncLab start(String engine) {
    return start(engine, List.of(SyncLab.StoreSpec.of(STORE, "Main", 1L)));
  }

  private SyncLab start(String engine, List<SyncLab.StoreSpec> stores) {
    String url;
    if (engine.equals("sqlite")) {
      url = TestDatabases.sqliteUrl(dir);
    } else {
      postgresUrl = TestDatabases.createPostgresSchema();
      url = postgresUrl;
    }
    lab = SyncLab.start(new SyncLab.Spec(PRODUCTS, 2, stores, url, dir.resolve("data"), ""));
    return lab;
  }

  /** Puts every warehouse product on the store at its expected level, except {@code skip}. */
  private void seedStore(Set<String> skip, Set<String> withoutIdMap) {
    SimulatedShop shop = lab.shopify().shop(STORE);
    String location = lab.locationId(STORE, "Main");
    List<StoreProduct> idMap = new ArrayList<>();
    List<PushedLevel> pushed = new ArrayList<>();
    lab.expectedLevels(STORE)
        .forEach(
            (key, level) -> {
              String sku = key.substring(0, key.indexOf('@'));
              if (skip.contains(sku)) {
                return;
              }
              SimulatedShop.SeededVariant variant =
                  shop.addProduct("Product " + sku, List.of(sku), Map.of(location, level)).get(0);
              // As if the stock flow had written them: an equal write would be skipped.
              pushed.add(new PushedLevel(STORE, variant.inventoryItemId(), location, level));
              if (!withoutIdMap.contains(sku)) {
                long productId = lab.brightpearl().catalog().productBySku(sku).orElseThrow().id();
                idMap.add(
                    StoreProduct.adopted(
                        STORE,
                        productId,
                        sku,
                        variant.productId(),
                        variant.variantId(),
                        variant.inventoryItemId()));
              }
            });
    lab.node().storage().syncState().putStoreProducts(idMap, System.currentTimeMillis());
    lab.node().storage().syncState().putPushedLevels(pushed, System.currentTimeMillis());
    assertThat(lab.drift(STORE)).hasSize(skip.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void reconciliation_finds_the_drift_and_sends_one_batch_of_corrections(String engine)
      throws Exception {
    start(engine);
    List<SimData.Product> products = lab.brightpearl().catalog().allProducts();
    SimData.Product changedOnStore = products.get(0);
    SimData.Product droppedWebhook = products.get(1);
    SimData.Product missing = products.get(2);
    SimData.Product foundBySku = products.get(3);
    seedStore(Set.of(missing.sku()), Set.of(foundBySku.sku()));

    SimulatedShop shop = lab.shopify().shop(STORE);
    String location = lab.locationId(STORE, "Main");
    String changedItem = shop.inventoryItemOfSku(changedOnStore.sku());
    int storeShows = shop.available(changedItem, location) + 5;
    shop.setAvailable(changedItem, location, storeShows);
    lab.brightpearl()
        .faults()
        .set(new SimFaults.Settings(0, 500, 0, 0, 0, 0, 0, false, 1.0, 0, 0, 1));
    String droppedItem = shop.inventoryItemOfSku(droppedWebhook.sku());
    int beforeChange = shop.available(droppedItem, location);
    lab.brightpearl()
        .control()
        .stockBurst(List.of(new SimControl.StockUpdate(droppedWebhook.sku(), 1, beforeChange + 7)));
    assertThat(lab.drift(STORE)).hasSize(3);

    TestHttp http = new TestHttp(lab.node().port());
    TestHttp.Answer accepted = http.postJson("/api/reconciliations", KEY, "{}");
    assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
    long id = accepted.json().path("id").asLong();

    JsonNode report = awaitReport(http, id, "completed", "correcting");
    assertThat(report.path("checked").asInt()).isEqualTo(PRODUCTS);
    assertThat(report.path("drifted").asInt()).isEqualTo(3);
    JsonNode storeDetail = report.path("detail").path("stores").path(STORE);
    assertThat(storeDetail.path("missing").asInt()).isEqualTo(1);
    assertThat(storeDetail.path("levelsRead").asInt()).isEqualTo(PRODUCTS - 1);
    assertThat(storeDetail.path("read").asText()).isEqualTo("pages");
    assertThat(storeDetail.path("shopifyCalls").asInt()).isEqualTo(1);
    // 1 product search page, 1 availability call, and the catalog facts the sync state did not
    // know yet (products of 40 ids, the category tree and brands for tags): 1 call each.
    assertThat(report.path("detail").path("brightpearlCalls").asInt()).isEqualTo(5);
    long batchId = report.path("batchId").asLong();

    JsonNode events = http.get("/api/events?batch=" + batchId, KEY).json().path("events");
    Set<String> keys = new HashSet<>();
    for (JsonNode event : events) {
      assertThat(event.path("source").asText()).isEqualTo("stockbridge");
      assertThat(event.path("type").asText()).isEqualTo("stock.correction");
      assertThat(event.path("store").asText()).isEqualTo(STORE);
      keys.add(event.path("key").asText());
    }
    assertThat(keys)
        .containsExactlyInAnyOrder(
            String.valueOf(changedOnStore.id()),
            String.valueOf(droppedWebhook.id()),
            String.valueOf(missing.id()));

    // The stock flow repairs the two levels (the one changed behind our back only because the
    // reconciliation recorded what the store really shows: the last pushed quantity was the
    // expected one, so the write would have been skipped); the missing product's correction parks,
    // has the product flow create the product, and resumes by itself once it exists.
    Eventually.await(
        "the stock flow to repair every level",
        Duration.ofSeconds(60),
        () -> lab.drift(STORE).isEmpty());
    JsonNode repaired =
        awaitReport(http, id, r -> r.path("fixed").asInt() == 3, "fixed to reach 3");
    assertThat(repaired.path("failed").asInt()).isZero();
    for (JsonNode event : http.get("/api/events?batch=" + batchId, KEY).json().path("events")) {
      assertThat(event.path("status").asText()).as("event " + event).isEqualTo("succeeded");
    }
    JsonNode missingEvent =
        http.get("/api/events?batch=" + batchId + "&key=" + missing.id(), KEY)
            .json()
            .path("events")
            .get(0);
    JsonNode history =
        http.get("/api/events/" + missingEvent.path("id").asLong(), KEY).json().path("history");
    assertThat(history.toString()).contains("waiting").contains("product.sync");

    // The store drifts again behind our back: a subset run repairs it and completes its report.
    shop.setAvailable(changedItem, location, 999);
    TestHttp.Answer again =
        http.postJson(
            "/api/reconciliations",
            KEY,
            "{\"productIds\":\"" + changedOnStore.id() + "," + droppedWebhook.id() + "\"}");
    assertThat(again.status()).as(again.raw()).isEqualTo(202);
    JsonNode againReport = awaitReport(http, again.json().path("id").asLong(), "completed");
    assertThat(againReport.path("checked").asInt()).isEqualTo(2);
    assertThat(againReport.path("drifted").asInt()).isEqualTo(1);
    assertThat(againReport.path("fixed").asInt()).isEqualTo(1);
    assertThat(againReport.path("failed").asInt()).isZero();
    assertThat(againReport.path("finishedAt").isTextual()).isTrue();
    Eventually.await("repaired again", Duration.ofSeconds(30), () -> lab.drift(STORE).isEmpty());

    // A subset: one product, found by SKU with no id map line, shows no drift.
    TestHttp.Answer subset =
        http.postJson(
            "/api/reconciliations",
            KEY,
            "{\"stores\":[\"" + STORE + "\"],\"skus\":[\"" + foundBySku.sku() + "\"]}");
    assertThat(subset.status()).as(subset.raw()).isEqualTo(202);
    JsonNode subsetReport = awaitReport(http, subset.json().path("id").asLong(), "completed");
    assertThat(subsetReport.path("checked").asInt()).isEqualTo(1);
    assertThat(subsetReport.path("drifted").asInt()).isZero();

    JsonNode list = http.get("/api/reconciliations", KEY).json().path("reconciliations");
    assertThat(list).hasSize(3);
    assertThat(list.get(0).path("id").asLong()).isEqualTo(subset.json().path("id").asLong());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite"})
  void bad_requests_are_refused_with_a_reason_and_the_cli_requests_runs_the_service_starts(
      String engine) throws Exception {
    start(
        engine,
        List.of(
            SyncLab.StoreSpec.of(STORE, "Main", 1L),
            SyncLab.StoreSpec.of("stock-only", "Main", 1L, 2L).with("flows: [stock]\n")));
    seedStore(Set.of(), Set.of());
    TestHttp http = new TestHttp(lab.node().port());
    assertThat(http.postJson("/api/reconciliations", KEY, "{\"stores\":[\"nope\"]}").message())
        .contains("unknown store 'nope'");
    TestHttp.Answer backwards =
        http.postJson("/api/reconciliations", KEY, "{\"productIds\":\"9-1\"}");
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.message()).contains("productIds");
    assertThat(http.postJson("/api/reconciliations", Map.of(), "{}").status()).isEqualTo(401);
    assertThat(http.get("/api/reconciliations/12345", KEY).status()).isEqualTo(404);
    assertThat(http.get("/api/reconciliations/x", KEY).status()).isEqualTo(400);
    assertThat(http.postJson("/api/stores/nope/full-sync", KEY, "").status()).isEqualTo(400);

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
          %s:
            accessToken: x
            locations: {Main: [1]}
        """
            .formatted(TestDatabases.sqliteUrl(dir), STORE),
        StandardCharsets.UTF_8);
    assertThat(Main.run("reconcile", "run", "-c", config.toString(), "--store", "nope"))
        .isNotZero();
    assertThat(Main.run("reconcile", "run", "-c", config.toString(), "--products", "1-x"))
        .isNotZero();
    String firstFive =
        io.stockbridge.idset.IdSet.of(
                lab.brightpearl().catalog().allProducts().stream()
                    .limit(5)
                    .map(SimData.Product::id)
                    .toList())
            .toString();
    assertThat(
            Main.run(
                "reconcile",
                "run",
                "-c",
                config.toString(),
                "--store",
                STORE,
                "--products",
                firstFive))
        .isZero();
    long id = lab.node().storage().reconciliations().list(null, 1).get(0).id();
    JsonNode report = awaitReport(http, id, "completed");
    assertThat(report.path("checked").asInt()).isEqualTo(5);
    assertThat(report.path("drifted").asInt()).isZero();
    assertThat(report.path("requestedBy").asText()).startsWith("cli user");
    assertThat(Main.run("reconcile", "list", "-c", config.toString())).isZero();

    // A store without the product flow: products missing there are reported, not sent.
    TestHttp.Answer stockOnly =
        http.postJson("/api/reconciliations", KEY, "{\"stores\":[\"stock-only\"]}");
    assertThat(stockOnly.status()).as(stockOnly.raw()).isEqualTo(202);
    JsonNode stockOnlyReport = awaitReport(http, stockOnly.json().path("id").asLong(), "completed");
    assertThat(stockOnlyReport.path("checked").asInt()).isEqualTo(PRODUCTS);
    assertThat(stockOnlyReport.path("drifted").asInt()).isZero();
    assertThat(
            stockOnlyReport
                .path("detail")
                .path("stores")
                .path("stock-only")
                .path("missingWithoutProductFlow")
                .asInt())
        .isEqualTo(PRODUCTS);
    assertThat(http.postJson("/api/stores/stock-only/full-sync", KEY, "").message())
        .contains("does not run the products flow");
    assertThat(Main.run("sync", "full", "-c", config.toString(), "--store", "nope")).isNotZero();
    assertThat(Main.run("reconcile", "show", "-c", config.toString(), String.valueOf(id))).isZero();
    assertThat(Main.run("reconcile", "show", "-c", config.toString(), "999")).isNotZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void a_full_sync_queues_every_product_as_one_batch_then_reconciles_the_stock(String engine) {
    start(engine);
    TestHttp http = new TestHttp(lab.node().port());
    TestHttp.Answer accepted = http.postJson("/api/stores/" + STORE + "/full-sync", KEY, "");
    assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
    long id = accepted.json().path("id").asLong();

    JsonNode report = awaitReport(http, id, "correcting", "completed");
    long productsBatch = report.path("detail").path("productsBatch").asLong();
    assertThat(report.path("detail").path("productsQueued").asInt()).isEqualTo(PRODUCTS);
    JsonNode productEvents =
        http.get("/api/events?batch=" + productsBatch, KEY).json().path("events");
    assertThat(productEvents).hasSize(1);
    JsonNode productEvent = productEvents.get(0);
    assertThat(productEvent.path("type").asText()).isEqualTo("product.full-sync");
    assertThat(productEvent.path("store").asText()).isEqualTo(STORE);
    assertThat(productEvent.path("key").asText())
        .isEqualTo(lab.brightpearl().catalog().allProductIds().toString());
    // The product flow ran it, then queued the new products' stock under the same event.
    assertThat(productEvent.path("flow").asText()).isIn("product.sync", "stock.sync");
    // The stock stage started after the product batch: every product was checked.
    assertThat(report.path("checked").asInt()).isEqualTo(PRODUCTS);
    assertThat(report.path("scope").path("fullSync").asBoolean()).isTrue();
  }

  private static JsonNode awaitReport(
      TestHttp http, long id, java.util.function.Predicate<JsonNode> condition, String what) {
    JsonNode[] report = new JsonNode[1];
    Eventually.await(
        "reconciliation " + id + ": " + what,
        Duration.ofSeconds(60),
        () -> {
          report[0] = http.get("/api/reconciliations/" + id, KEY).json();
          return condition.test(report[0]);
        });
    return report[0];
  }

  private static JsonNode awaitReport(TestHttp http, long id, String... statuses) {
    JsonNode[] report = new JsonNode[1];
    Eventually.await(
        "reconciliation " + id + " to be " + String.join(" or ", statuses),
        Duration.ofSeconds(60),
        () -> {
          report[0] = http.get("/api/reconciliations/" + id, KEY).json();
          String status = report[0].path("status").asText();
          if (status.equals("failed")) {
            throw new AssertionError("reconciliation failed: " + report[0]);
          }
          return List.of(statuses).contains(status);
        });
    return report[0];
  }
}
