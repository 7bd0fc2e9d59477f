package io.stockbridge.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockbridge.event.EventQuery;
import io.stockbridge.readmodel.ReadModel.CategoryRow;
import io.stockbridge.readmodel.ReadModel.ProductRow;
import io.stockbridge.readmodel.ReadModelStore.CategoryPage;
import io.stockbridge.readmodel.ReadModelStore.CategoryQuery;
import io.stockbridge.readmodel.ReadModelStore.CategoryView;
import io.stockbridge.store.Storage;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.testhelper.MutableClock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Read models built, swapped and read on each engine (a subclass per engine). */
public abstract class ReadModelContractTest {
  protected static final long T0 = 1_800_000_000_000L;
  private static final int CATEGORIES = 60;
  private static final int PRODUCTS = 1_500;

  protected Storage storage;
  private final MutableClock clock = new MutableClock(T0);
  private volatile Map<Long, ReadModel.Category> tree;

  protected abstract Storage openStorage();

  protected void cleanUp() {}

  @BeforeEach
  void open() {
    storage = openStorage();
    storage.migrate();
    tree = tree(CATEGORIES, "");
    seed("shop-a", PRODUCTS, 0);
    seed("shop-b", 200, 7);
  }

  @AfterEach
  void close() {
    storage.close();
    cleanUp();
  }

  /** Three levels: 6 roots, each with children and grandchildren. */
  private static Map<Long, ReadModel.Category> tree(int count, String suffix) {
    Map<Long, ReadModel.Category> categories = new HashMap<>();
    for (long id = 1; id <= count; id++) {
      long parent = id <= 6 ? 0 : (id <= 24 ? (id - 7) / 3 + 1 : (id - 25) / 2 + 7);
      categories.put(id, new ReadModel.Category(id, "Cat " + id + suffix, parent, id % 11 != 0));
    }
    return categories;
  }

  private void seed(String store, int products, int stockOffset) {
    List<CatalogProduct> catalog = new ArrayList<>();
    List<StoreProduct> listed = new ArrayList<>();
    List<PushedLevel> levels = new ArrayList<>();
    for (long id = 1; id <= products; id++) {
      List<Long> categories = List.of(1 + id % CATEGORIES, 1 + (id * 7) % CATEGORIES, 999L);
      catalog.add(new CatalogProduct(id, "SKU-" + id, List.of(), categories));
      if (id % 10 != 0) {
        String item = "gid://shopify/InventoryItem/" + store + id;
        listed.add(
            new StoreProduct(
                store, id, "SKU-" + id, "p", "v", item, "h", StoreProduct.State.ACTIVE));
        levels.add(new PushedLevel(store, item, "loc-1", (int) ((id * 13 + stockOffset) % 50)));
        levels.add(new PushedLevel(store, item, "loc-2", id % 3 == 0 ? -1 : (int) (id % 5)));
      }
    }
    storage.syncState().putCatalog(catalog, T0);
    storage.syncState().putStoreProducts(listed, T0);
    storage.syncState().putPushedLevels(levels, T0);
  }

  private ReadModelBuilder builder() {
    return new ReadModelBuilder(storage.readModels(), fresh -> tree, clock);
  }

  private CategoryPage readAll(String store, int top) {
    List<CategoryView> all = new ArrayList<>();
    CategoryPage page;
    String afterPath = null;
    Long afterId = null;
    long version = -1;
    do {
      page =
          storage
              .readModels()
              .categories(store, new CategoryQuery(null, null, null, top, afterPath, afterId, 500))
              .orElseThrow();
      all.addAll(page.categories());
      version = page.version();
      if (!page.categories().isEmpty()) {
        CategoryRow last = page.categories().get(page.categories().size() - 1).category();
        afterPath = last.path();
        afterId = last.categoryId();
      }
    } while (page.more());
    return new CategoryPage(version, page.builtAt(), all, false);
  }

  /** The live model's rows as read from the tables. */
  private ReadModel stored(String store) {
    List<CategoryRow> categories = new ArrayList<>();
    List<ProductRow> products = new ArrayList<>();
    for (CategoryView view : readAll(store, 0).categories()) {
      categories.add(view.category());
      int after = 0;
      while (true) {
        ReadModelStore.ProductPage page =
            storage
                .readModels()
                .products(store, view.category().categoryId(), after, 500)
                .orElseThrow();
        products.addAll(page.products());
        if (page.nextAfterRank() == null) {
          break;
        }
        after = page.nextAfterRank();
      }
    }
    return normalised(new ReadModel(categories, products));
  }

  private static ReadModel normalised(ReadModel model) {
    List<CategoryRow> categories = new ArrayList<>(model.categories());
    categories.sort(Comparator.comparingLong(CategoryRow::categoryId));
    List<ProductRow> products = new ArrayList<>(model.products());
    products.sort(
        Comparator.comparingLong(ProductRow::categoryId).thenComparingInt(ProductRow::rank));
    return new ReadModel(categories, products);
  }

  private ReadModel fromScratch(String store) {
    return normalised(ReadModel.compute(tree, storage.readModels().inputs(store)));
  }

  @Test
  void a_built_model_is_the_tree_flattened_with_each_categorys_products_ranked_by_stock() {
    ReadModelBuilder.Result result = builder().rebuild("shop-a", false);
    assertThat(result.built()).isTrue();
    assertThat(result.categories()).isEqualTo(CATEGORIES);
    ReadModel stored = stored("shop-a");
    assertThat(stored).isEqualTo(fromScratch("shop-a"));
    CategoryRow grandchild =
        stored.categories().stream().filter(c -> c.categoryId() == 25).findFirst().orElseThrow();
    assertThat(grandchild.path()).isEqualTo("Cat 1 > Cat 7 > Cat 25");
    assertThat(grandchild.depth()).isEqualTo(2);
    assertThat(grandchild.parentId()).isEqualTo(7L);
    CategoryRow root =
        stored.categories().stream().filter(c -> c.categoryId() == 1).findFirst().orElseThrow();
    assertThat(root.parentId()).isNull();
    assertThat(root.depth()).isZero();
    // Product 31 is in categories 32 and 38; stock = loc-1 (31*13 % 50 = 3) + loc-2 (31 % 5 = 1).
    ProductRow p31 =
        stored.products().stream()
            .filter(p -> p.productId() == 31 && p.categoryId() == 32)
            .findFirst()
            .orElseThrow();
    assertThat(p31.stock()).isEqualTo(4);
    assertThat(p31.listed()).isTrue();
    // Unlisted products (every tenth) are in the model with no stock.
    assertThat(stored.products())
        .filteredOn(p -> p.productId() == 30)
        .allMatch(p -> !p.listed() && p.stock() == 0);
    // Top products: the highest stock first.
    CategoryView top =
        storage
            .readModels()
            .categories("shop-a", new CategoryQuery(0L, null, null, 3, null, null, 10))
            .orElseThrow()
            .categories()
            .get(0);
    assertThat(top.category().parentId()).isNull();
    assertThat(top.top()).hasSize(3);
    assertThat(top.top().get(0).stock()).isGreaterThanOrEqualTo(top.top().get(2).stock());
    // Each store has its own model; the other store has none yet.
    assertThat(
            storage
                .readModels()
                .categories("shop-b", new CategoryQuery(null, null, null, 0, null, null, 10)))
        .isEmpty();
    // The swap appended readmodel.rebuilt.
    assertThat(
            storage
                .events()
                .count(
                    new EventQuery(
                        null,
                        "stockbridge",
                        "readmodel.rebuilt",
                        null,
                        "shop-a",
                        null,
                        null,
                        null,
                        null,
                        null,
                        10)))
        .isEqualTo(1);
  }

  @Test
  void filters_by_parent_path_prefix_and_depth() {
    builder().rebuild("shop-a", false);
    List<CategoryView> children =
        storage
            .readModels()
            .categories("shop-a", new CategoryQuery(1L, null, null, 0, null, null, 100))
            .orElseThrow()
            .categories();
    assertThat(children)
        .extracting(v -> v.category().categoryId())
        .containsExactlyInAnyOrder(7L, 8L, 9L);
    List<CategoryView> under =
        storage
            .readModels()
            .categories(
                "shop-a", new CategoryQuery(null, "Cat 1 > Cat 7", null, 0, null, null, 100))
            .orElseThrow()
            .categories();
    assertThat(under)
        .extracting(v -> v.category().categoryId())
        .containsExactlyInAnyOrder(7L, 25L, 26L);
    List<CategoryView> shallow =
        storage
            .readModels()
            .categories("shop-a", new CategoryQuery(null, null, 0, 0, null, null, 100))
            .orElseThrow()
            .categories();
    assertThat(shallow).hasSize(6);
  }

  @Test
  void a_single_product_updated_in_place_matches_a_model_computed_from_scratch() {
    builder().rebuild("shop-a", false);
    long version = storage.readModels().info("shop-a").orElseThrow().liveVersion();
    // Product 31 moves from categories 32 and 38 to category 5, and its stock jumps.
    storage
        .syncState()
        .putCatalog(List.of(new CatalogProduct(31, "SKU-31", List.of(), List.of(5L))), T0 + 1);
    storage
        .syncState()
        .putPushedLevels(
            List.of(
                new PushedLevel("shop-a", "gid://shopify/InventoryItem/shop-a31", "loc-1", 900)),
            T0 + 1);
    assertThat(builder().refresh("shop-a", List.of(31L))).isTrue();
    assertThat(storage.readModels().info("shop-a").orElseThrow().liveVersion()).isEqualTo(version);
    assertThat(stored("shop-a")).isEqualTo(fromScratch("shop-a"));
    ReadModelStore.ProductPage five =
        storage.readModels().products("shop-a", 5, 0, 1).orElseThrow();
    assertThat(five.products().get(0).productId()).isEqualTo(31);
  }

  @Test
  void readers_querying_during_rebuilds_never_see_a_missing_or_partial_model() throws Exception {
    builder().rebuild("shop-a", false);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong reads = new AtomicLong();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      readers.add(
          pool.submit(
              () -> {
                while (!stop.get()) {
                  Optional<CategoryPage> page =
                      storage
                          .readModels()
                          .categories(
                              "shop-a", new CategoryQuery(null, null, null, 5, null, null, 500));
                  reads.incrementAndGet();
                  if (page.isEmpty()) {
                    problems.add("no model");
                    continue;
                  }
                  List<CategoryView> views = page.get().categories();
                  if (views.size() != CATEGORIES) {
                    problems.add(
                        "version " + page.get().version() + ": " + views.size() + " categories");
                  }
                  for (CategoryView view : views) {
                    int expectedTop = Math.min(5, view.category().productCount());
                    if (view.top().size() != expectedTop) {
                      problems.add(
                          "version "
                              + page.get().version()
                              + " category "
                              + view.category().categoryId()
                              + ": "
                              + view.top().size()
                              + " top products of "
                              + view.category().productCount());
                    }
                  }
                }
                return null;
              }));
    }
    // Rebuild several times while the readers read; the tree's names change each time.
    for (int i = 1; i <= 4; i++) {
      tree = tree(CATEGORIES, " v" + i);
      clock.advance(java.time.Duration.ofSeconds(1));
      assertThat(builder().rebuild("shop-a", true).built()).isTrue();
    }
    io.stockbridge.testhelper.Eventually.await(
        "readers read at least 20 times",
        java.time.Duration.ofSeconds(60),
        () -> reads.get() >= 20);
    stop.set(true);
    for (Future<?> reader : readers) {
      reader.get();
    }
    pool.shutdown();
    assertThat(problems).isEmpty();
    assertThat(stored("shop-a")).isEqualTo(fromScratch("shop-a"));
    assertThat(stored("shop-a").categories().get(0).name()).endsWith(" v4");
    // Old versions are gone: only the live and previous ones are kept.
    ReadModelStore.ModelInfo info = storage.readModels().info("shop-a").orElseThrow();
    assertThat(info.liveVersion()).isEqualTo(5);
    assertThat(info.previousVersion()).isEqualTo(4);
  }

  @Test
  void one_build_per_store_at_a_time_and_stores_apart() {
    var claimed = storage.readModels().beginBuild("shop-a", T0, 60_000);
    assertThat(claimed).isPresent();
    assertThat(storage.readModels().beginBuild("shop-a", T0 + 1, 60_000)).isEmpty();
    // Another store builds meanwhile.
    assertThat(builder().rebuild("shop-b", false).built()).isTrue();
    // A claim older than the stale limit is taken over.
    assertThat(storage.readModels().beginBuild("shop-a", T0 + 120_000, 60_000)).isPresent();
  }
}
