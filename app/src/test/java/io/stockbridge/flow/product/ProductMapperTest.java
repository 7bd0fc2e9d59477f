package io.stockbridge.flow.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockbridge.connector.brightpearl.BrightpearlCategory;
import io.stockbridge.connector.brightpearl.BrightpearlProduct;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProductMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static BrightpearlProduct product(String name, String status, boolean tracked) {
    ObjectNode raw = JSON.createObjectNode();
    raw.put("id", 7).put("brandId", 3).put("status", status);
    raw.putObject("identity").put("sku", "SKU-7").put("ean", "5000000000007").put("barcode", "");
    raw.putObject("stock").put("stockTracked", tracked).putObject("weight").put("magnitude", 0.5);
    ObjectNode channel = raw.putArray("salesChannels").addObject();
    channel.put("productName", name);
    channel.putObject("description").put("text", "<p>" + name + "</p>");
    raw.putArray("variations").addObject().put("optionName", "Colour").put("optionValue", "Red");
    return new BrightpearlProduct(
        7,
        3,
        name,
        new BrightpearlProduct.Identity("SKU-7", "5000000000007", "", "", ""),
        tracked,
        List.of(2L),
        raw);
  }

  @Test
  @SuppressWarnings("unchecked")
  void maps_title_description_vendor_status_tags_and_the_variant() {
    ProductMapper.Mapped mapped =
        ProductMapper.map(
            product("Linen Shirt", "LIVE", true), "Acme", new BigDecimal("12.5000"), List.of("a"));

    Map<String, Object> input = mapped.input();
    assertThat(input)
        .containsEntry("title", "Linen Shirt")
        .containsEntry("descriptionHtml", "<p>Linen Shirt</p>")
        .containsEntry("vendor", "Acme")
        .containsEntry("status", "ACTIVE")
        .containsEntry("tags", List.of("a"));
    Map<String, Object> variant = ((List<Map<String, Object>>) input.get("variants")).get(0);
    assertThat(variant)
        .containsEntry("sku", "SKU-7")
        .containsEntry("barcode", "5000000000007")
        .containsEntry("price", "12.50")
        .containsEntry("optionValues", List.of(Map.of("optionName", "Colour", "name", "Red")));
    assertThat(variant.get("inventoryItem"))
        .isEqualTo(
            Map.of(
                "tracked",
                true,
                "measurement",
                Map.of("weight", Map.of("unit", "KILOGRAMS", "value", 0.5))));
    assertThat(input.get("productOptions"))
        .isEqualTo(List.of(Map.of("name", "Colour", "values", List.of(Map.of("name", "Red")))));
  }

  @Test
  void a_product_that_is_not_live_is_a_draft_and_no_price_sends_none() {
    ProductMapper.Mapped mapped =
        ProductMapper.map(product("Old", "DISCONTINUED", false), null, null, List.of());

    assertThat(mapped.input()).containsEntry("status", "DRAFT").doesNotContainKey("vendor");
    assertThat(ProductMapper.json(mapped.input())).doesNotContain("price");
  }

  @Test
  void the_hash_is_stable_and_changes_with_tags_price_or_title() {
    BrightpearlProduct shirt = product("Shirt", "LIVE", true);
    String hash = ProductMapper.map(shirt, "Acme", BigDecimal.TEN, List.of("a")).hash();

    assertThat(ProductMapper.map(shirt, "Acme", new BigDecimal("10.00"), List.of("a")).hash())
        .isEqualTo(hash);
    assertThat(
            Set.of(
                ProductMapper.map(shirt, "Acme", BigDecimal.TEN, List.of("b")).hash(),
                ProductMapper.map(shirt, "Acme", BigDecimal.ONE, List.of("a")).hash(),
                ProductMapper.map(
                        product("Blouse", "LIVE", true), "Acme", BigDecimal.TEN, List.of("a"))
                    .hash()))
        .hasSize(3)
        .doesNotContain(hash);
  }

  @Test
  @SuppressWarnings("unchecked")
  void create_stocks_a_tracked_variant_at_every_location_and_update_names_the_variant() {
    ProductMapper.Mapped mapped =
        ProductMapper.map(product("Shirt", "LIVE", true), "Acme", BigDecimal.TEN, List.of());

    Map<String, Object> create =
        ((List<Map<String, Object>>)
                ProductMapper.forCreate(
                        mapped, List.of("gid://shopify/Location/1", "gid://shopify/Location/2"))
                    .get("variants"))
            .get(0);
    Map<String, Object> update =
        ((List<Map<String, Object>>)
                ProductMapper.forUpdate(mapped, "gid://shopify/ProductVariant/9").get("variants"))
            .get(0);

    assertThat((List<Map<String, Object>>) create.get("inventoryQuantities"))
        .extracting(q -> q.get("locationId"))
        .containsExactly("gid://shopify/Location/1", "gid://shopify/Location/2");
    assertThat(update).containsEntry("id", "gid://shopify/ProductVariant/9");
    assertThat(update).doesNotContainKey("inventoryQuantities");
    assertThat(ProductMapper.handle(mapped)).isEqualTo("shirt-sku-7");
  }

  @Test
  void a_category_change_covers_its_sub_categories() {
    Map<Long, BrightpearlCategory> tree =
        Map.of(
            1L, new BrightpearlCategory(1, "Clothing", 0, true),
            2L, new BrightpearlCategory(2, "Shirts", 1, true),
            3L, new BrightpearlCategory(3, "Linen", 2, true),
            4L, new BrightpearlCategory(4, "Bags", 0, true));

    assertThat(CategorySyncHandler.withDescendants(List.of(1L), tree)).containsExactly(1L, 2L, 3L);
    assertThat(CategorySyncHandler.withDescendants(List.of(4L), tree)).containsExactly(4L);
  }

  @Test
  void a_summary_of_many_products_counts_them_and_shows_samples() {
    List<ProductResult> results =
        List.of(
            new ProductResult(1, "A", ProductResult.Action.CREATED, "p1", "created p1 for SKU A"),
            new ProductResult(2, "B", ProductResult.Action.UNCHANGED, "p2", "unchanged (hash)"),
            new ProductResult(3, "C", ProductResult.Action.UNCHANGED, "p3", "unchanged (hash)"),
            new ProductResult(4, "D", ProductResult.Action.UNCHANGED, "p4", "unchanged (hash)"),
            new ProductResult(5, "E", ProductResult.Action.UNCHANGED, "p5", "unchanged (hash)"),
            new ProductResult(6, null, ProductResult.Action.MISSING, null, "not in Brightpearl"));

    assertThat(ResultSummary.of(results))
        .isEqualTo(
            "6 products: 1 created, 4 unchanged, 1 missing; e.g. created p1 for SKU A; not in"
                + " Brightpearl");
    assertThat(ResultSummary.of(results.subList(0, 2)))
        .isEqualTo("created p1 for SKU A; unchanged (hash)");
  }
}
