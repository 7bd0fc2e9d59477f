package io.stockbridge.connector.brightpearl;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.config.Secret;
import io.stockbridge.idset.IdSet;
import io.stockbridge.simulator.brightpearl.CatalogGenerator;
import io.stockbridge.simulator.brightpearl.SimCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrightpearlClientOperationsTest {
  private static ConnectorFixture fixture;
  private static BrightpearlClient client;

  @BeforeAll
  static void start() {
    fixture = new ConnectorFixture();
    client = fixture.client();
  }

  @BeforeEach
  void seed() {
    // Products 1001..1700; every 10th (1010, 1020, ...) is not stock-tracked.
    fixture.simulator.control().seed(new CatalogGenerator.Spec(700, 2, 3, 12, 3, 10, 11));
    fixture.simulator.counters().reset();
  }

  @AfterAll
  static void stop() {
    client.close();
    fixture.close();
  }

  private long requests(String method, String resource) {
    return fixture.simulator.counters().endpoint(method, resource);
  }

  @Test
  void products_of_up_to_200_ids_are_read_in_one_get() {
    List<BrightpearlProduct> products = client.products(IdSet.parse("1001-1005,1600"));

    assertThat(products)
        .extracting(BrightpearlProduct::id)
        .containsExactly(1001L, 1002L, 1003L, 1004L, 1005L, 1600L);
    assertThat(products.get(0).identity().sku()).isEqualTo("SKU-1001");
    assertThat(products.get(0).stockTracked()).isTrue();
    assertThat(products.get(0).name()).isNotBlank();
    assertThat(products.get(0).raw().has("financialDetails")).isTrue();
    assertThat(requests("GET", "product")).isEqualTo(1);
    assertThat(requests("OPTIONS", "product")).isZero();
  }

  @Test
  void products_of_more_than_200_ids_follow_the_options_get_uris_skipping_missing_ids() {
    List<Long> wanted = new ArrayList<>();
    for (long id = 1; id <= 3000; id += 2) {
      wanted.add(id); // 1500 ids, of which the odd ones in 1001..1699 exist (350)
    }

    List<BrightpearlProduct> products = client.products(IdSet.of(wanted));

    assertThat(products).hasSize(350);
    assertThat(requests("OPTIONS", "product")).isGreaterThanOrEqualTo(1);
    assertThat(requests("GET", "product")).isEqualTo(2);
  }

  @Test
  void a_read_that_finds_nothing_is_an_empty_result_not_an_error() {
    assertThat(client.products(IdSet.parse("50000-50010"))).isEmpty();
    assertThat(client.availability(IdSet.parse("50000-50010"))).isEmpty();
    assertThat(client.prices(IdSet.parse("50000"), IdSet.of(1))).isEmpty();
    assertThat(client.categories(IdSet.parse("900-901"))).isEmpty();
  }

  @Test
  void availability_is_read_in_compact_chunks_of_at_most_200_ids_and_skips_untracked_products() {
    Map<Long, ProductAvailability> availability = client.availability(IdSet.parse("1001-1700"));

    assertThat(availability).hasSize(630);
    assertThat(availability).doesNotContainKeys(1010L, 1700L);
    ProductAvailability first = availability.get(1001L);
    assertThat(first.total().onHand())
        .isEqualTo(first.total().inStock() - first.total().allocated());
    assertThat(first.warehouses()).containsOnlyKeys(1L, 2L);
    assertThat(first.byLocation()).isEmpty();
    assertThat(requests("GET", "product-availability")).isEqualTo(4);
  }

  @Test
  void availability_by_location_adds_per_location_figures() {
    Map<Long, ProductAvailability> availability = client.availability(IdSet.of(1001), true);

    assertThat(availability.get(1001L).byLocation()).containsOnlyKeys(1L, 2L);
  }

  @Test
  void the_availability_chunk_size_is_configurable() {
    try (BrightpearlClient small =
        fixture.client(fixture.settings().maxIdsPerAvailabilityCall(50))) {
      small.availability(IdSet.parse("1001-1200"));
    }

    assertThat(requests("GET", "product-availability")).isEqualTo(4);
  }

  @Test
  void stock_changed_in_the_simulator_is_what_the_connector_reads() {
    fixture
        .simulator
        .control()
        .stockBurst(
            List.of(
                new io.stockbridge.simulator.brightpearl.SimControl.StockUpdate(
                    "SKU-1002", 2, 77)));

    ProductAvailability read = client.availability(IdSet.of(1002)).get(1002L);

    assertThat(read.warehouses().get(2L).onHand()).isEqualTo(77);
  }

  @Test
  void prices_are_read_per_product_and_price_list() {
    List<ProductPrice> prices = client.prices(IdSet.parse("1001-1250"), IdSet.parse("1,3"));

    assertThat(prices).hasSize(500);
    assertThat(prices).extracting(ProductPrice::priceListId).containsOnly(1L, 3L);
    assertThat(prices.get(0).unitPrice()).isPresent();
    assertThat(prices.get(0).currencyCode()).isEqualTo("GBP");
    assertThat(requests("GET", "product-price")).isEqualTo(2);
  }

  @Test
  void categories_and_warehouses_are_read() {
    List<BrightpearlCategory> some = client.categories(IdSet.parse("1-3"));
    List<BrightpearlCategory> all = client.allCategories();
    List<BrightpearlWarehouse> warehouses = client.warehouses();

    assertThat(some).extracting(BrightpearlCategory::id).containsExactly(1L, 2L, 3L);
    assertThat(some.get(0).parentId()).isZero();
    assertThat(all).hasSize(12);
    assertThat(all).anySatisfy(c -> assertThat(c.parentId()).isPositive());
    assertThat(warehouses).extracting(BrightpearlWarehouse::id).containsExactly(1L, 2L);
  }

  @Test
  void product_search_reads_every_page_and_filters_by_column() {
    List<Map<String, Object>> all = client.searchAllProducts(Map.of());
    ProductSearchPage bySku = client.searchProducts(Map.of("SKU", "SKU-1234"), 1, 10);

    assertThat(all).hasSize(700);
    assertThat(all.get(699).get("productId")).isEqualTo(1700);
    assertThat(requests("GET", "product-search")).isEqualTo(5);
    assertThat(bySku.rowsAsMaps())
        .singleElement()
        .satisfies(row -> assertThat(row.get("SKU")).isEqualTo("SKU-1234"));
  }

  @Test
  void a_private_app_token_authenticates_too() {
    BrightpearlSettings.Builder settings =
        fixture
            .settings()
            .auth(new BrightpearlAuth.PrivateApp("stockbridge", Secret.of("sim-account-token")));
    try (BrightpearlClient privateApp = fixture.client(settings)) {
      assertThat(privateApp.warehouses()).hasSize(2);
    }
    assertThat(fixture.simulator.counters().get(SimCounters.AUTH_REJECTED)).isZero();
  }

  @Test
  void wrong_credentials_are_reported_as_a_non_retryable_request_error_without_the_token() {
    BrightpearlSettings.Builder settings =
        fixture
            .settings()
            .auth(new BrightpearlAuth.PrivateApp("stockbridge", Secret.of("wrong-token")));
    try (BrightpearlClient wrong = fixture.client(settings)) {
      BrightpearlRequestException error =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              BrightpearlRequestException.class, wrong::warehouses);
      assertThat(error.status()).isEqualTo(401);
      assertThat(error.retryable()).isFalse();
      assertThat(error.getMessage()).doesNotContain("wrong-token");
    }
  }
}
