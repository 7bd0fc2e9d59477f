package io.stockbridge.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CatalogOperationsTest {
  private final ShopifyFixture fixture = new ShopifyFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void finds_variants_by_many_skus_in_batches_of_100_and_leaves_unknown_skus_out() {
    fixture.seed(250, 1);
    List<String> skus = IntStream.rangeClosed(1, 260).mapToObj(i -> "SKU-" + i).toList();
    ShopifyConnector connector = fixture.connector();

    Map<String, VariantRef> found = connector.findVariantsBySku(skus);

    assertThat(found).hasSize(250).doesNotContainKey("SKU-251");
    VariantRef first = found.get("SKU-1");
    assertThat(first.inventoryItemId()).isEqualTo(fixture.shop.inventoryItemOfSku("SKU-1"));
    assertThat(first.productId()).startsWith("gid://shopify/Product/");
    assertThat(fixture.simulator.counters().callsOf("productVariants")).isEqualTo(3);
  }

  @Test
  void finds_inventory_items_by_sku_with_quoted_search_terms() {
    fixture.seedOne("A \"quoted\" sku", 1);
    fixture.seedOne("PLAIN-1", 1);

    Map<String, String> items =
        fixture.connector().findInventoryItemsBySku(List.of("A \"quoted\" sku", "PLAIN-1", "NONE"));

    assertThat(items).containsOnlyKeys("A \"quoted\" sku", "PLAIN-1");
  }

  @Test
  void reads_all_inventory_levels_of_a_location_in_pages() {
    fixture.seed(260, 4);
    ShopifyConnector connector = fixture.connector();

    List<InventoryLevel> levels = connector.allInventoryLevels(fixture.location);

    assertThat(levels).hasSize(260).allMatch(l -> l.available() == 4 && l.onHand() == 4);
    assertThat(levels.get(0).sku()).isEqualTo("SKU-1");
    assertThat(fixture.simulator.counters().callsOf("location")).isEqualTo(2);
    assertThat(connector.locations()).extracting(LocationRef::id).containsExactly(fixture.location);
  }

  @Test
  void product_set_upserts_by_handle_and_replaces_variants_as_a_whole() {
    ShopifyConnector connector = fixture.connector();
    Map<String, Object> input =
        Map.of(
            "title",
            "Tee",
            "handle",
            "tee",
            "productOptions",
            List.of(
                Map.of(
                    "name", "Size", "values", List.of(Map.of("name", "S"), Map.of("name", "M")))),
            "variants",
            List.of(variant("TEE-S", "S"), variant("TEE-M", "M")));

    ProductSetResult created = connector.productSet(input, null);
    assertThat(created.ok()).isTrue();
    assertThat(created.variants()).extracting(VariantRef::sku).containsExactly("TEE-S", "TEE-M");

    Map<String, Object> onlyLarge =
        Map.of(
            "title",
            "Tee",
            "productOptions",
            List.of(Map.of("name", "Size", "values", List.of(Map.of("name", "L")))),
            "variants",
            List.of(variant("TEE-L", "L")));
    ProductSetResult updated = connector.productSet(onlyLarge, "tee");

    assertThat(updated.productId()).isEqualTo(created.productId());
    assertThat(updated.variants()).extracting(VariantRef::sku).containsExactly("TEE-L");
    assertThat(connector.findVariantsBySku(List.of("TEE-S", "TEE-L"))).containsOnlyKeys("TEE-L");
  }

  @Test
  void product_set_for_an_unknown_id_comes_back_as_user_errors() {
    ProductSetResult result =
        ProductUpsert.run(
            fixture.connector().client(),
            Map.of("id", "gid://shopify/Product/424242", "title", "x"),
            null);

    assertThat(result.ok()).isFalse();
    assertThat(result.userErrors().get(0).code()).isEqualTo("PRODUCT_DOES_NOT_EXIST");
  }

  @Test
  void connectors_of_two_shops_see_their_own_catalogs_and_keep_separate_budgets() {
    fixture.seedOne("FIRST-1", 1);
    fixture.simulator.addShop("second").addLocation("Second warehouse");
    fixture.simulator.shop("second").drainBucket(0);
    ShopifySettings second =
        new ShopifySettings(
            "second",
            java.net.URI.create(fixture.simulator.shopBaseUrl("second")),
            fixture.settings().accessToken(),
            "2026-10",
            java.time.Duration.ofSeconds(2),
            java.time.Duration.ofSeconds(5),
            5,
            java.time.Duration.ofMillis(20),
            java.time.Duration.ofMillis(200),
            1);

    assertThat(fixture.connector().locations())
        .extracting(LocationRef::name)
        .containsExactly("Main warehouse");
    assertThat(fixture.connector(second).locations())
        .extracting(LocationRef::name)
        .containsExactly("Second warehouse");
    assertThat(second.budgetName()).isNotEqualTo(fixture.settings().budgetName());
    assertThat(fixture.shop.bucketAvailable()).isGreaterThan(1900);
  }

  @Test
  void tags_are_added_and_removed() {
    String product = fixture.seedOne("TAG-1", 1).productId();
    ShopifyConnector connector = fixture.connector();

    assertThat(connector.tagsAdd(product, List.of("sale", "summer"))).isEmpty();
    assertThat(connector.tagsRemove(product, List.of("sale"))).isEmpty();
    assertThat(connector.tagsAdd("gid://shopify/Product/1", List.of("x"))).hasSize(1);
    assertThat(
            connector
                .runBulkQuery(
                    "{ products(query: \"handle:product-tag-1\") { edges { node { id tags } } } }",
                    1)
                .lines())
        .singleElement()
        .satisfies(line -> assertThat(line.path("tags").toString()).isEqualTo("[\"summer\"]"));
  }

  private static Map<String, Object> variant(String sku, String size) {
    return Map.of(
        "sku",
        sku,
        "price",
        "10.00",
        "optionValues",
        List.of(Map.of("optionName", "Size", "name", size)));
  }
}
