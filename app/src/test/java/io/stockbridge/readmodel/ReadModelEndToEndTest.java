package io.stockbridge.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.demo.SyncLab;
import io.stockbridge.simulator.brightpearl.SimData;
import io.stockbridge.testhelper.EndToEnd;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.TestDatabases;
import io.stockbridge.testhelper.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with the Brightpearl and Shopify simulators: a store's read model is rebuilt on demand
 * over the admin API from the warehouse's real category tree, matches a model computed from
 * scratch, and is rebuilt again by a completed batch that names the store and by a warehouse
 * category change; a new product is added to the live model in place.
 */
@EndToEnd
class ReadModelEndToEndTest {
  @TempDir Path dir;

  @Test
  void a_store_model_is_built_on_demand_and_again_when_a_batch_naming_it_completes()
      throws Exception {
    try (SyncLab lab =
        SyncLab.start(
            new SyncLab.Spec(
                40,
                1,
                List.of(SyncLab.StoreSpec.of("shop-a", "Main", 1L)),
                TestDatabases.sqliteUrl(dir),
                dir,
                ""))) {
      lab.seedStoresInSync();
      lab.warmCaches();
      TestHttp http = new TestHttp(lab.node().port());
      Map<String, String> operator = Map.of("Authorization", "Bearer " + SyncLab.API_KEY);

      assertThat(http.get("/api/stores/shop-a/categories", operator).status()).isEqualTo(404);
      assertThat(
              http.send("POST", "/api/stores/shop-a/categories/rebuild", operator, null).status())
          .isEqualTo(202);
      Eventually.await(
          "the model is live",
          Duration.ofSeconds(60),
          () -> http.get("/api/stores/shop-a/categories", operator).status() == 200);

      Map<Long, ReadModel.Category> tree = new HashMap<>();
      for (SimData.Category c : lab.brightpearl().catalog().categories()) {
        tree.put(c.id(), new ReadModel.Category(c.id(), c.name(), c.parentId(), c.active()));
      }
      ReadModel expected =
          ReadModel.compute(tree, lab.node().storage().readModels().inputs("shop-a"));
      JsonNode page = http.get("/api/stores/shop-a/categories?limit=500&top=50", operator).json();
      assertThat(page.path("version").asLong()).isEqualTo(1);
      assertThat(page.path("categories")).hasSize(expected.categories().size());
      assertThat(expected.categories()).isNotEmpty();
      Map<Long, ReadModel.CategoryRow> byId = new HashMap<>();
      expected.categories().forEach(c -> byId.put(c.categoryId(), c));
      for (JsonNode category : page.path("categories")) {
        ReadModel.CategoryRow want = byId.get(category.path("id").asLong());
        assertThat(want).isNotNull();
        assertThat(category.path("path").asText()).isEqualTo(want.path());
        assertThat(category.path("depth").asInt()).isEqualTo(want.depth());
        assertThat(category.path("productCount").asInt()).isEqualTo(want.productCount());
        assertThat(category.path("top").size()).isEqualTo(Math.min(50, want.productCount()));
      }
      assertThat(expected.products()).isNotEmpty();

      // The next stage of a batch: it names the store, so its completion rebuilds the model.
      long batch =
          http.postJson(
                  "/api/batches",
                  operator,
                  "{\"name\":\"import\",\"rebuildReadModels\":[\"shop-a\"]}")
              .json()
              .path("id")
              .asLong();
      assertThat(
              http.send("POST", "/api/batches/" + batch + "/close", operator, null)
                  .json()
                  .path("state")
                  .asText())
          .isEqualTo("completed");
      Eventually.await(
          "the batch rebuilt the model",
          Duration.ofSeconds(60),
          () ->
              http.get("/api/read-models", operator)
                      .json()
                      .path("readModels")
                      .get(0)
                      .path("version")
                      .asLong()
                  == 2);

      // A new warehouse product: updated in place (same version) once the product flow has it.
      long created = lab.brightpearl().control().createProducts(1, true).changed().ids().get(0);
      long home = lab.brightpearl().catalog().product(created).orElseThrow().categoryIds().get(0);
      Eventually.await(
          "the new product is in its category's read model",
          Duration.ofSeconds(60),
          () ->
              http
                  .get("/api/stores/shop-a/categories/" + home + "/products?limit=500", operator)
                  .json()
                  .path("products")
                  .findValues("productId")
                  .stream()
                  .anyMatch(id -> id.asLong() == created));
      assertThat(
              http.get("/api/read-models", operator)
                  .json()
                  .path("readModels")
                  .get(0)
                  .path("version")
                  .asLong())
          .isEqualTo(2);

      // A warehouse category change: the category event rebuilds the model with the new name.
      long renamed = expected.categories().get(0).categoryId();
      lab.brightpearl().control().renameCategory(renamed, "Renamed Category");
      Eventually.await(
          "the category event rebuilt the model",
          Duration.ofSeconds(60),
          () -> {
            JsonNode categories =
                http.get("/api/stores/shop-a/categories?limit=500&top=0", operator)
                    .json()
                    .path("categories");
            for (JsonNode category : categories) {
              if (category.path("id").asLong() == renamed) {
                return category.path("name").asText().equals("Renamed Category");
              }
            }
            return false;
          });
    }
  }
}
