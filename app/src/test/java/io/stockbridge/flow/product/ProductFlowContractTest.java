package io.stockbridge.flow.product;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.demo.SyncLab.StoreSpec;
import io.stockbridge.event.EventQuery;
import io.stockbridge.event.EventRecord;
import io.stockbridge.event.HistoryEntry;
import io.stockbridge.idset.IdSet;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulator;
import io.stockbridge.simulator.brightpearl.BrightpearlSimulatorOptions;
import io.stockbridge.simulator.brightpearl.CatalogGenerator;
import io.stockbridge.simulator.brightpearl.SimControl;
import io.stockbridge.simulator.brightpearl.SimCounters;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.simulator.shopify.Counters;
import io.stockbridge.sync.ShadowWrite;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.sync.SyncState;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product flow end to end: Brightpearl simulator webhooks into a real node on a real database,
 * writing to the Shopify simulator over HTTP. Run on SQLite and PostgreSQL by the subclasses.
 */
@EndToEnd
abstract class ProductFlowContractTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String TAG_RULES =
      """
      products:
        tagRules:
          - field: brand
            tag: "brand:{value}"
          - field: customFields.PCF_MATERIAL
            matches: "^(Linen|Wool)$"
            tag: "material-{value}"
      """;
  static final String PRODUCT_QUERY =
      """
      query Product($id: ID!) {
        product(id: $id) {
          id title vendor status tags descriptionHtml
          variants(first: 5) { nodes { id sku price barcode inventoryItem { id } } }
        }
      }
      """;

  @TempDir Path dir;
  private final List<SyncLab> labs = new ArrayList<>();

  /** The database URL the lab's node uses. */
  protected abstract String databaseUrl(Path dataDir);

  protected void dropDatabase() {}

  @AfterEach
  void closeLabs() {
    labs.forEach(SyncLab::close);
    dropDatabase();
  }

  private SyncLab lab(String extraYaml, StoreSpec... stores) {
    SyncLab lab =
        SyncLab.start(
            new SyncLab.Spec(5, 2, List.of(stores), databaseUrl(dir), dir, TAG_RULES + extraYaml));
    labs.add(lab);
    return lab;
  }

  private static StoreSpec productsOnly(String name) {
    return StoreSpec.of(name, "Main", 1L).with("flows: [products]\n");
  }

  @Test
  void created_products_appear_on_each_store_mapped_tagged_priced_and_stocked() {
    StoreSpec twoLocations =
        new StoreSpec(
            "shop-b", Map.of("East", List.of(1L), "West", List.of(2L)), "flows: [products]\n");
    SyncLab lab =
        lab(
            "",
            StoreSpec.of("shop-a", "Main", 1L),
            twoLocations,
            productsOnly("shop-s").with("shadow: true\n"));
    Counters counters = lab.shopify().counters();

    List<Long> ids = lab.brightpearl().control().createProducts(2, true).changed().ids();
    awaitOnStore(lab, "shop-a", ids);
    awaitOnStore(lab, "shop-b", ids);
    Eventually.await(
        "shadow writes of both products",
        WAIT,
        () -> state(lab).shadowWrites("shop-s", null, 10).size() == 2);

    assertThat(counters.callsOf("productSet")).isEqualTo(4);
    for (long id : ids) {
      SimData.Product source = lab.brightpearl().catalog().product(id).orElseThrow();
      JsonNode product = product(lab, "shop-a", id);
      assertThat(product.path("title").asText()).isEqualTo(source.name());
      assertThat(product.path("descriptionHtml").asText()).isEqualTo(source.description());
      assertThat(product.path("vendor").asText()).isEqualTo("Brand " + source.brandId());
      assertThat(product.path("status").asText()).isEqualTo("ACTIVE");
      List<String> tags = new ArrayList<>();
      product.path("tags").forEach(t -> tags.add(t.asText()));
      assertThat(tags).contains("brand:Brand " + source.brandId(), categoryPath(lab, source));
      String material = source.customFields().get("PCF_MATERIAL");
      assertThat(tags.contains("material-" + material))
          .isEqualTo(material.equals("Linen") || material.equals("Wool"));
      JsonNode variant = product.path("variants").path("nodes").path(0);
      assertThat(variant.path("sku").asText()).isEqualTo(source.sku());
      assertThat(variant.path("barcode").asText()).isEqualTo(source.ean());
      BigDecimal listOne = lab.brightpearl().catalog().prices(id).get(1L);
      assertThat(new BigDecimal(variant.path("price").asText())).isEqualByComparingTo(listOne);

      String item = lab.shopify().shop("shop-b").inventoryItemOfSku(source.sku());
      for (String location : List.of("East", "West")) {
        assertThat(lab.shopify().shop("shop-b").available(item, lab.locationId("shop-b", location)))
            .as("stocked at %s", location)
            .isNotNull();
      }
      assertThat(lab.shopify().shop("shop-s").inventoryItemOfSku(source.sku())).isNull();
    }
    List<ShadowWrite> shadow = state(lab).shadowWrites("shop-s", null, 10);
    assertThat(shadow)
        .extracting(ShadowWrite::target)
        .containsExactlyInAnyOrder(
            "productSet " + sku(lab, ids.get(0)), "productSet " + sku(lab, ids.get(1)));
    assertThat(state(lab).storeProducts("shop-s", ids)).isEmpty();
    // shop-a runs the stock flow too: the new products' stock is asked for at once.
    Eventually.await(
        "a stock.sync item for shop-a",
        WAIT,
        () -> stockItems("shop-a").contains(IdSet.of(ids).toString()));
    assertThat(stockItems("shop-b")).isEmpty();
  }

  @Test
  void modified_product_is_updated_without_sku_lookup_and_unchanged_one_is_not_written() {
    SyncLab lab = lab("", productsOnly("shop-a"));
    Counters counters = lab.shopify().counters();
    List<Long> ids = lab.brightpearl().control().createProducts(2, true).changed().ids();
    awaitOnStore(lab, "shop-a", ids);
    long id = ids.get(0);
    counters.reset();
    long brightpearlBefore = lab.brightpearl().counters().get(SimCounters.REQUESTS);

    lab.brightpearl().control().renameProduct(id, "Renamed Shirt");
    Eventually.await(
        "the new title on the store",
        WAIT,
        () -> product(lab, "shop-a", id).path("title").asText().equals("Renamed Shirt"));
    assertThat(counters.callsOf("productSet")).isEqualTo(1);
    assertThat(counters.callsOf("productVariants")).as("SKU lookups").isZero();
    assertThat(lab.brightpearl().counters().get(SimCounters.REQUESTS) - brightpearlBefore)
        .as("Brightpearl requests: the product and its price; the tree is known")
        .isEqualTo(2);

    lab.brightpearl().control().renameProduct(id, "Renamed Shirt");
    Eventually.await(
        "the second modification handled",
        WAIT,
        () -> historyOf(lab, "product.modified", id, 2).contains("unchanged (hash)"));
    assertThat(counters.callsOf("productSet")).isEqualTo(1);
    assertThat(counters.callsOf("productVariants")).isZero();
  }

  @Test
  void product_already_on_the_store_is_found_by_sku_and_updated_not_duplicated() {
    SyncLab lab = lab("", productsOnly("shop-a"));
    long id = 1001;
    String sku = sku(lab, id);
    var seeded =
        lab.shopify()
            .shop("shop-a")
            .addProduct("Old title", List.of(sku), Map.of(lab.locationId("shop-a", "Main"), 4))
            .get(0);

    lab.brightpearl().control().renameProduct(id, "Found By Sku");
    awaitOnStore(lab, "shop-a", List.of(id));
    StoreProduct line = state(lab).storeProducts("shop-a", List.of(id)).get(id);
    assertThat(line.shopifyProduct()).isEqualTo(seeded.productId());
    assertThat(line.inventoryItem()).isEqualTo(seeded.inventoryItemId());
    Eventually.await(
        "the title written",
        WAIT,
        () -> product(lab, "shop-a", id).path("title").asText().equals("Found By Sku"));
    assertThat(lab.shopify().counters().callsOf("productSet")).isEqualTo(1);

    // The id cache warms by SKU only for what it does not know.
    var other =
        lab.shopify().shop("shop-a").addProduct("Other", List.of(sku(lab, 1002)), Map.of()).get(0);
    ProductIdCache cache = new ProductIdCache(lab.node().sync().orElseThrow());
    assertThat(cache.warm("shop-a", List.of(id, 1002L, 1003L))).isEqualTo(1);
    assertThat(cache.known("shop-a", List.of(1002L)).get(1002L).inventoryItem())
        .isEqualTo(other.inventoryItemId());
    long lookups = lab.shopify().counters().callsOf("productVariants");
    assertThat(cache.warm("shop-a", List.of(id, 1002L))).isZero();
    assertThat(lab.shopify().counters().callsOf("productVariants")).isEqualTo(lookups);
  }

  @Test
  void lookups_multiplied_by_retries_regression_sku_found_earlier_is_counted_not_looked_up_again() {
    // A run stopped by a throttle after its lookups used to look every SKU up again on each retry
    // (874 lookups where about 50 were needed): what a lookup found is kept in the id map and
    // only its variants are counted before the write.
    SyncLab lab = lab("", productsOnly("shop-a"));
    long id = 1001;
    String sku = sku(lab, id);
    var seeded =
        lab.shopify()
            .shop("shop-a")
            .addProduct("Old title", List.of(sku), Map.of(lab.locationId("shop-a", "Main"), 4))
            .get(0);
    state(lab)
        .putStoreProducts(
            List.of(
                StoreProduct.adopted(
                    "shop-a",
                    id,
                    sku,
                    seeded.productId(),
                    seeded.variantId(),
                    seeded.inventoryItemId())),
            System.currentTimeMillis());
    lab.shopify().counters().reset();

    lab.brightpearl().control().renameProduct(id, "Found Before");
    Eventually.await(
        "the title written",
        WAIT,
        () -> product(lab, "shop-a", id).path("title").asText().equals("Found Before"));

    assertThat(lab.shopify().counters().callsOf("productVariants")).isZero();
    assertThat(lab.shopify().counters().callsOf("productSet")).isEqualTo(1);
    assertThat(state(lab).storeProducts("shop-a", List.of(id)).get(id).shopifyProduct())
        .isEqualTo(seeded.productId());
  }

  @Test
  void sku_that_is_one_variant_of_a_bigger_product_is_mapped_but_never_rewritten_or_destroyed() {
    SyncLab lab = lab("", productsOnly("shop-a"));
    long id = 1002;
    var tshirt =
        lab.shopify()
            .shop("shop-a")
            .addProduct(
                "T-shirt",
                List.of(sku(lab, id), "OTHER-SIZE"),
                Map.of(lab.locationId("shop-a", "Main"), 1))
            .get(0);

    lab.brightpearl().control().renameProduct(id, "T-shirt Small");
    Eventually.await(
        "the modification handled",
        WAIT,
        () -> historyOf(lab, "product.modified", id, 1).contains("product left alone"));
    StoreProduct line = state(lab).storeProducts("shop-a", List.of(id)).get(id);
    assertThat(line.shopifyProduct()).isEqualTo(tshirt.productId());
    assertThat(line.inventoryItem()).isEqualTo(tshirt.inventoryItemId());

    lab.brightpearl().control().deleteProduct(id);
    Eventually.await(
        "the destroy handled",
        WAIT,
        () -> historyOf(lab, "product.destroyed", id, 1).contains("left alone"));
    JsonNode product = productById(lab, "shop-a", tshirt.productId());
    assertThat(product.path("title").asText()).isEqualTo("T-shirt");
    assertThat(product.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(product.path("variants").path("nodes")).hasSize(2);
    assertThat(lab.shopify().counters().callsOf("productSet")).isZero();
  }

  @Test
  void variant_of_a_bigger_product_found_by_the_stock_flow_is_never_rewritten_or_destroyed() {
    SyncLab lab = lab("", StoreSpec.of("shop-a", "Main", 1L));
    long id = 1002;
    var tshirt =
        lab.shopify()
            .shop("shop-a")
            .addProduct(
                "T-shirt",
                List.of(sku(lab, id), "OTHER-SIZE"),
                Map.of(lab.locationId("shop-a", "Main"), 1))
            .get(0);

    // The stock flow meets the SKU first: it finds it by SKU and remembers its ids.
    lab.brightpearl()
        .control()
        .stockBurst(
            List.of(
                new io.stockbridge.simulator.brightpearl.SimControl.StockUpdate(
                    sku(lab, id), 1, 7)));
    Eventually.await(
        "the stock change handled",
        WAIT,
        () ->
            state(lab).storeProducts("shop-a", List.of(id)).containsKey(id)
                && lab.node().storage().queue().stats().ready() == 0
                && lab.node().dispatcher().inFlightCount() == 0);

    lab.brightpearl().control().renameProduct(id, "T-shirt Small");
    Eventually.await(
        "the modification handled",
        WAIT,
        () -> historyOf(lab, "product.modified", id, 1).contains("product left alone"));
    lab.brightpearl().control().deleteProduct(id);
    Eventually.await(
        "the destroy handled",
        WAIT,
        () -> historyOf(lab, "product.destroyed", id, 1).contains("left alone"));
    JsonNode product = productById(lab, "shop-a", tshirt.productId());
    assertThat(product.path("title").asText()).isEqualTo("T-shirt");
    assertThat(product.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(product.path("variants").path("nodes")).hasSize(2);
    assertThat(lab.shopify().counters().callsOf("productSet")).isZero();
    assertThat(lab.shopify().counters().callsOf("productDelete")).isZero();
  }

  @Test
  void product_deleted_on_the_store_is_forgotten_and_created_again() {
    SyncLab lab = lab("", productsOnly("shop-a"));
    long id = lab.brightpearl().control().createProducts(1, true).changed().ids().get(0);
    awaitOnStore(lab, "shop-a", List.of(id));
    String first = state(lab).storeProducts("shop-a", List.of(id)).get(id).shopifyProduct();
    assertThat(lab.node().sync().orElseThrow().shopify("shop-a").productDelete(first)).isEmpty();

    lab.brightpearl().control().renameProduct(id, "Back Again");
    Eventually.await(
        "a new product on the store",
        WAIT,
        () -> {
          StoreProduct line = state(lab).storeProducts("shop-a", List.of(id)).get(id);
          return line != null && !line.shopifyProduct().equals(first);
        });
    assertThat(product(lab, "shop-a", id).path("title").asText()).isEqualTo("Back Again");
    assertThat(lab.shopify().shop("shop-a").inventoryItemOfSku(sku(lab, id))).isNotNull();
  }

  @Test
  void category_rename_retags_the_products_on_every_store() {
    SyncLab lab = lab("", productsOnly("shop-a"), productsOnly("shop-b"));
    long id = lab.brightpearl().control().createProducts(1, true).changed().ids().get(0);
    awaitOnStore(lab, "shop-a", List.of(id));
    awaitOnStore(lab, "shop-b", List.of(id));
    SimData.Product source = lab.brightpearl().catalog().product(id).orElseThrow();
    String before = categoryPath(lab, source);
    assertThat(tags(lab, "shop-a", id)).contains(before);

    lab.brightpearl().control().renameCategory(source.categoryIds().get(0), "Renamed Category");
    String after = categoryPath(lab, source);
    assertThat(after).endsWith("Renamed Category").isNotEqualTo(before);
    for (String store : List.of("shop-a", "shop-b")) {
      Eventually.await(
          "new category tag on " + store, WAIT, () -> tags(lab, store, id).contains(after));
      assertThat(tags(lab, store, id)).doesNotContain(before);
    }
    assertThat(state(lab).catalog(List.of(id)).get(id).tags()).contains(after);
  }

  @Test
  void stale_safety_stock_after_a_retag_regression_renamed_category_pushes_the_levels_again() {
    // The lab's catalog is generated the same on every start: read a product's category path
    // from a simulator seeded alike, so the store can give that path a safety stock of its own.
    SimData.Product product;
    String path;
    try (BrightpearlSimulator probe =
        BrightpearlSimulator.start(BrightpearlSimulatorOptions.builder().build())) {
      probe.control().seed(new CatalogGenerator.Spec(5, 2, 2, 20, 5, 0, 42));
      product =
          probe.catalog().allProducts().stream()
              .filter(SimData.Product::stockTracked)
              .findFirst()
              .orElseThrow();
      path = categoryPath(probe, product);
    }
    SyncLab lab =
        lab(
            "",
            StoreSpec.of("shop-a", "Main", 1L)
                .with("safetyStock:\n  default: 1\n  tags:\n    '" + path + "': 3\n"));
    assertThat(categoryPath(lab, product)).isEqualTo(path);
    String level = product.sku() + "@Main";
    lab.brightpearl()
        .control()
        .stockBurst(List.of(new SimControl.StockUpdate(product.sku(), 1, 40)));
    Eventually.await(
        "the level on the store with the category's safety stock",
        WAIT,
        () -> {
          Integer want = lab.expectedLevels("shop-a").get(level);
          return want != null && want.equals(lab.actualLevels("shop-a").get(level));
        });
    int withCategorySafety = lab.actualLevels("shop-a").get(level);
    assertThat(withCategorySafety).isGreaterThan(0);

    // The rename changes the product's tags, so its safety stock falls from 3 to the default 1;
    // no stock event follows, yet the store must show the level with the new safety stock.
    lab.brightpearl().control().renameCategory(product.categoryIds().get(0), "Outerwear");
    Eventually.await(
        "the level pushed again with the default safety stock",
        WAIT,
        () ->
            Integer.valueOf(withCategorySafety + 2).equals(lab.expectedLevels("shop-a").get(level))
                && Integer.valueOf(withCategorySafety + 2)
                    .equals(lab.actualLevels("shop-a").get(level)));
  }

  @Test
  void destroyed_product_is_archived_or_deleted_as_each_store_says() {
    SyncLab lab =
        lab(
            "",
            productsOnly("shop-a"),
            productsOnly("shop-b").with("onProductDestroyed: delete\n"));
    long id = lab.brightpearl().control().createProducts(1, true).changed().ids().get(0);
    awaitOnStore(lab, "shop-a", List.of(id));
    awaitOnStore(lab, "shop-b", List.of(id));
    String sku = sku(lab, id);
    String deletedProduct =
        state(lab).storeProducts("shop-b", List.of(id)).get(id).shopifyProduct();

    lab.brightpearl().control().deleteProduct(id);
    Eventually.await(
        "archived on shop-a",
        WAIT,
        () -> stateOf(lab, "shop-a", id) == StoreProduct.State.ARCHIVED);
    Eventually.await(
        "deleted on shop-b", WAIT, () -> stateOf(lab, "shop-b", id) == StoreProduct.State.DELETED);
    assertThat(product(lab, "shop-a", id).path("status").asText()).isEqualTo("ARCHIVED");
    assertThat(lab.shopify().shop("shop-b").inventoryItemOfSku(sku)).isNull();
    assertThat(productById(lab, "shop-b", deletedProduct).isNull()).isTrue();
  }

  @Test
  void products_above_the_bulk_threshold_go_through_one_bulk_operation() {
    SyncLab lab = lab("  bulkThreshold: 2\n", productsOnly("shop-a"));
    Counters counters = lab.shopify().counters();
    List<Long> ids = lab.brightpearl().control().createProducts(3, true).changed().ids();
    awaitOnStore(lab, "shop-a", ids);
    assertThat(counters.callsOf("bulkOperationRunMutation")).isEqualTo(1);
    for (long id : ids) {
      assertThat(product(lab, "shop-a", id).path("title").asText())
          .isEqualTo(lab.brightpearl().catalog().product(id).orElseThrow().name());
      String item = lab.shopify().shop("shop-a").inventoryItemOfSku(sku(lab, id));
      assertThat(lab.shopify().shop("shop-a").available(item, lab.locationId("shop-a", "Main")))
          .isNotNull();
    }
  }

  // --- helpers ---

  private static SyncState state(SyncLab lab) {
    return lab.node().storage().syncState();
  }

  private static String sku(SyncLab lab, long id) {
    return lab.brightpearl().catalog().product(id).orElseThrow().sku();
  }

  private static void awaitOnStore(SyncLab lab, String store, List<Long> ids) {
    Eventually.await(
        ids + " written to " + store,
        WAIT,
        () ->
            state(lab).storeProducts(store, ids).values().stream()
                    .filter(l -> l.contentHash() != null)
                    .count()
                == ids.size());
  }

  private static StoreProduct.State stateOf(SyncLab lab, String store, long id) {
    StoreProduct line = state(lab).storeProducts(store, List.of(id)).get(id);
    return line == null ? null : line.state();
  }

  private static JsonNode product(SyncLab lab, String store, long id) {
    return productById(
        lab, store, state(lab).storeProducts(store, List.of(id)).get(id).shopifyProduct());
  }

  private static JsonNode productById(SyncLab lab, String store, String gid) {
    return lab.node()
        .sync()
        .orElseThrow()
        .shopify(store)
        .client()
        .execute("product", PRODUCT_QUERY, Map.of("id", gid), 3)
        .data()
        .path("product");
  }

  private static List<String> tags(SyncLab lab, String store, long id) {
    List<String> tags = new ArrayList<>();
    product(lab, store, id).path("tags").forEach(t -> tags.add(t.asText()));
    return tags;
  }

  /** The expected category tag, walked from the simulator's tree as it is now. */
  private static String categoryPath(SyncLab lab, SimData.Product product) {
    return categoryPath(lab.brightpearl(), product);
  }

  private static String categoryPath(BrightpearlSimulator brightpearl, SimData.Product product) {
    List<String> names = new ArrayList<>();
    long current = product.categoryIds().get(0);
    while (current != 0) {
      SimData.Category category = brightpearl.catalog().category(current).orElseThrow();
      names.add(0, category.name());
      current = category.parentId();
    }
    return String.join(" > ", names);
  }

  /** The details in the history of the {@code nth} (1-based, oldest first) event of a type. */
  private static String historyOf(SyncLab lab, String type, long id, int nth) {
    List<EventRecord> events =
        lab.node()
            .storage()
            .events()
            .search(
                new EventQuery(
                    null, null, type, String.valueOf(id), null, null, null, null, null, null, 10))
            .events()
            .reversed();
    if (events.size() < nth) {
      return "";
    }
    StringBuilder details = new StringBuilder();
    for (HistoryEntry entry : lab.node().storage().events().history(events.get(nth - 1).id())) {
      details.append(entry.detail()).append('\n');
    }
    return details.toString();
  }

  /** The product ID sets of the stock.sync items queued for {@code store}. */
  private List<String> stockItems(String store) {
    List<String> sets = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(databaseUrl(dir));
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT args FROM work_items WHERE kind = 'stock.sync' AND store = ?")) {
      query.setString(1, store);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          String args = rs.getString(1);
          sets.add(args.replaceAll(".*\"productIds\":\"([^\"]*)\".*", "$1"));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return sets;
  }
}
