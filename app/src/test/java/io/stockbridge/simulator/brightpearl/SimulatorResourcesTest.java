package io.stockbridge.simulator.brightpearl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatorResourcesTest {
  private static BrightpearlSimulator simulator;
  private static SimHttp http;

  @BeforeAll
  static void start() {
    simulator = BrightpearlSimulator.start(BrightpearlSimulatorOptions.builder().build());
    http = new SimHttp(simulator);
  }

  @BeforeEach
  void seed() {
    // Products 1001..1500; every 5th (1005, 1010, ...) is not stock-tracked.
    simulator.control().seed(new CatalogGenerator.Spec(500, 3, 2, 10, 4, 5, 7));
    simulator.resetRateLimit();
    simulator.faults().reset();
    simulator.counters().reset();
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @Test
  void product_get_returns_the_documented_fields_for_an_id_set_of_ranges_and_single_ids() {
    SimHttp.Answer answer = http.api("GET", "/product-service/product/1001-1003,1200");

    JsonNode products = answer.json().path("response");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(products).hasSize(4);
    JsonNode first = products.get(0);
    assertThat(first.path("id").asLong()).isEqualTo(1001);
    assertThat(first.path("identity").path("sku").asText()).isEqualTo("SKU-1001");
    for (String field :
        List.of(
            "brandId",
            "identity",
            "stock",
            "financialDetails",
            "salesChannels",
            "variations",
            "customFields")) {
      assertThat(first.has(field)).as(field).isTrue();
    }
    assertThat(first.path("salesChannels").get(0).path("categories").get(0).has("categoryCode"))
        .isTrue();
  }

  @Test
  void invalid_id_sets_are_refused_with_400_and_an_errors_body() {
    for (String bad : List.of("abc", "5-1", "1,,2", "0", "-3")) {
      SimHttp.Answer answer = http.api("GET", "/product-service/product/" + bad);
      assertThat(answer.status()).as(bad).isEqualTo(400);
      assertThat(answer.json().path("errors").get(0).path("message").asText()).as(bad).isNotBlank();
    }
  }

  @Test
  void product_get_refuses_more_than_200_ids() {
    SimHttp.Answer tooMany = http.api("GET", "/product-service/product/1001-1201");
    SimHttp.Answer justRight = http.api("GET", "/product-service/product/1001-1200");

    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().path("errors").get(0).path("message").asText()).contains("200");
    assertThat(justRight.status()).isEqualTo(200);
    assertThat(justRight.json().path("response")).hasSize(200);
  }

  @Test
  void a_multi_id_get_that_finds_nothing_answers_404_with_errors() {
    SimHttp.Answer products = http.api("GET", "/product-service/product/90000-90010");
    SimHttp.Answer availability =
        http.api("GET", "/warehouse-service/product-availability/90000-90010");

    assertThat(products.status()).isEqualTo(404);
    assertThat(products.json().path("errors").isArray()).isTrue();
    assertThat(availability.status()).isEqualTo(404);
  }

  @Test
  void options_splits_a_large_id_set_into_get_uris_of_at_most_200_existing_ids() {
    SimHttp.Answer answer = http.api("OPTIONS", "/product-service/product/1-1450,5000-6000");

    List<String> uris = new ArrayList<>();
    answer.json().path("response").path("getUris").forEach(uri -> uris.add(uri.asText()));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(uris)
        .containsExactly("/product/1001-1200", "/product/1201-1400", "/product/1401-1450");
    SimHttp.Answer followed = http.api("GET", "/product-service" + uris.get(2));
    assertThat(followed.json().path("response")).hasSize(50);
  }

  @Test
  void
      availability_leaves_out_products_that_are_not_stock_tracked_and_on_hand_excludes_allocated() {
    SimHttp.Answer answer =
        http.api(
            "GET",
            "/warehouse-service/product-availability/1001-1010?includeOptional=breakDownByLocation");

    JsonNode response = answer.json().path("response");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(response.has("1005")).isFalse();
    assertThat(response.has("1010")).isFalse();
    assertThat(response.size()).isEqualTo(8);
    JsonNode total = response.path("1001").path("total");
    assertThat(total.path("onHand").asLong())
        .isEqualTo(total.path("inStock").asLong() - total.path("allocated").asLong());
    assertThat(response.path("1001").path("warehouses").size()).isEqualTo(3);
    assertThat(response.path("1001").path("warehouses").path("1").path("byLocation").isObject())
        .isTrue();
  }

  @Test
  void availability_refuses_more_ids_than_its_configured_cap() {
    SimHttp.Answer answer = http.api("GET", "/warehouse-service/product-availability/1001-1201");

    assertThat(answer.status()).isEqualTo(400);
  }

  @Test
  void prices_categories_and_warehouses_answer_in_the_documented_shapes() {
    JsonNode prices =
        http.api("GET", "/product-service/product-price/1001-1002/price-list/2").json();
    JsonNode categories = http.api("GET", "/product-service/brightpearl-category/1-3").json();
    JsonNode warehouses = http.api("GET", "/warehouse-service/warehouse/").json();

    assertThat(prices.path("response")).hasSize(2);
    JsonNode list = prices.path("response").get(0).path("priceLists");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("priceListId").asLong()).isEqualTo(2);
    assertThat(list.get(0).path("quantityPrice").path("1").asText()).matches("\\d+\\.\\d{4}");
    assertThat(categories.path("response")).hasSize(3);
    assertThat(categories.path("response").get(0).path("parentId").asLong()).isZero();
    assertThat(categories.path("response").get(0).has("active")).isTrue();
    assertThat(warehouses.path("response")).hasSize(3);
  }

  @Test
  void product_search_pages_positional_rows_described_by_columns() {
    JsonNode page1 =
        http.api("GET", "/product-service/product-search?firstResult=1&pageSize=200")
            .json()
            .path("response");
    JsonNode page3 =
        http.api("GET", "/product-service/product-search?firstResult=401&pageSize=200")
            .json()
            .path("response");
    JsonNode bySku =
        http.api("GET", "/product-service/product-search?SKU=SKU-1234").json().path("response");

    assertThat(page1.path("results")).hasSize(200);
    assertThat(page1.path("metaData").path("morePagesAvailable").asBoolean()).isTrue();
    assertThat(page1.path("metaData").path("lastResult").asInt()).isEqualTo(200);
    assertThat(page1.path("metaData").path("resultsAvailable").asInt()).isEqualTo(500);
    assertThat(page1.path("metaData").path("columns").get(0).path("name").asText())
        .isEqualTo("productId");
    assertThat(page3.path("results")).hasSize(100);
    assertThat(page3.path("metaData").path("morePagesAvailable").asBoolean()).isFalse();
    assertThat(bySku.path("results")).hasSize(1);
    assertThat(bySku.path("results").get(0).get(0).asLong()).isEqualTo(1234);
  }

  @Test
  void control_api_seeds_applies_a_csv_stock_burst_and_reports_counters() {
    SimHttp.Answer seeded =
        http.control(
            "POST",
            "/_control/seed",
            "{\"products\":50,\"warehouses\":1,\"seed\":3}",
            "application/json");
    SimHttp.Answer burst =
        http.control(
            "POST", "/_control/stock-burst", "sku,onHand\nSKU-1001,42\nSKU-1002,7\n", "text/csv");
    http.api("GET", "/warehouse-service/product-availability/1001");
    SimHttp.Answer counters = http.control("GET", "/_control/counters", null, "application/json");

    assertThat(seeded.status()).isEqualTo(200);
    assertThat(seeded.json().path("productIds").asText()).isEqualTo("1001-1050");
    assertThat(burst.json().path("changed").asText()).isEqualTo("1001-1002");
    assertThat(simulator.catalog().stock(1001).get(1L).onHand()).isEqualTo(42);
    assertThat(counters.json().path("requests.GET product-availability").asLong()).isEqualTo(1);
  }

  @Test
  void queued_faults_answer_the_next_requests_with_errors_and_malformed_bodies() {
    http.control(
        "POST",
        "/_control/faults/queue",
        "{\"kind\":\"error\",\"status\":502,\"count\":1}",
        "application/json");
    http.control("POST", "/_control/faults/queue", "{\"kind\":\"malformed\"}", "application/json");

    SimHttp.Answer error = http.api("GET", "/warehouse-service/warehouse/");
    SimHttp.Answer malformed = http.api("GET", "/warehouse-service/warehouse/");
    SimHttp.Answer healthy = http.api("GET", "/warehouse-service/warehouse/");

    assertThat(error.status()).isEqualTo(502);
    assertThat(error.json().path("errors").isArray()).isTrue();
    assertThat(malformed.status()).isEqualTo(200);
    assertThat(malformed.raw().body()).startsWith("{\"response\"").doesNotEndWith("}");
    assertThat(healthy.status()).isEqualTo(200);
    assertThat(simulator.counters().get(SimCounters.FAULTS)).isEqualTo(2);
  }

  @Test
  void fault_settings_put_over_the_control_api_merge_into_the_current_ones() {
    http.control("PUT", "/_control/faults", "{\"latencyMaxMs\":5}", "application/json");
    SimHttp.Answer settings =
        http.control(
            "PUT",
            "/_control/faults",
            "{\"errorRate\":1.0,\"errorStatus\":504}",
            "application/json");

    SimHttp.Answer failed = http.api("GET", "/warehouse-service/warehouse/");

    assertThat(settings.json().path("latencyMaxMs").asLong()).isEqualTo(5);
    assertThat(settings.json().path("errorRate").asDouble()).isEqualTo(1.0);
    assertThat(failed.status()).isEqualTo(504);
    assertThat(failed.header("brightpearl-requests-remaining")).isNotNull();
  }

  @Test
  void throttle_all_answers_every_request_as_over_the_limit() {
    http.control("PUT", "/_control/faults", "{\"throttleAll\":true}", "application/json");

    SimHttp.Answer answer = http.api("GET", "/warehouse-service/warehouse/");

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.header("brightpearl-requests-remaining")).isEqualTo("0");
    assertThat(simulator.counters().get(SimCounters.THROTTLED)).isEqualTo(1);
  }
}
