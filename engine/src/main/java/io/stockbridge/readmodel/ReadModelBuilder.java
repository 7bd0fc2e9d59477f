package io.stockbridge.readmodel;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one store's read model beside the live one and swaps it in: claims a new version (one
 * build per store at a time, across nodes), computes the model ({@link ReadModel#compute}) from the
 * category tree and the store's products, writes it in chunks of {@value #CHUNK} rows (each its own
 * short transaction, so other stores' builds and the engine's writes are not held up), swaps the
 * pointer, then deletes the versions no reader can still be reading. Thread-safe; builds of
 * different stores run at once.
 */
public final class ReadModelBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(ReadModelBuilder.class);
  static final int CHUNK = 1_000;

  /** A build claimed longer ago than this is taken over (its node died). */
  static final long STALE_AFTER_MILLIS = 10 * 60_000L;

  /** Where the warehouse category tree comes from; {@code fresh} asks past any cache. */
  @FunctionalInterface
  public interface CategorySource {
    Map<Long, ReadModel.Category> categories(boolean fresh);
  }

  /** What a build did: {@code built} false when another build of the store held the claim. */
  public record Result(
      String store, boolean built, long version, int categories, int products, long millis) {}

  private final ReadModelStore store;
  private final CategorySource tree;
  private final Clock clock;

  public ReadModelBuilder(ReadModelStore store, CategorySource tree, Clock clock) {
    this.store = store;
    this.tree = tree;
    this.clock = clock;
  }

  /** Rebuilds {@code storeName}'s model; {@code freshTree} re-reads the category tree first. */
  public Result rebuild(String storeName, boolean freshTree) {
    long started = clock.millis();
    OptionalLong claimed = store.beginBuild(storeName, started, STALE_AFTER_MILLIS);
    if (claimed.isEmpty()) {
      return new Result(storeName, false, 0, 0, 0, 0);
    }
    long version = claimed.getAsLong();
    try {
      ReadModel model = ReadModel.compute(tree.categories(freshTree), store.inputs(storeName));
      List<ReadModel.CategoryRow> categories = model.categories();
      for (int i = 0; i < categories.size(); i += CHUNK) {
        store.write(
            storeName,
            version,
            categories.subList(i, Math.min(categories.size(), i + CHUNK)),
            List.of());
      }
      List<ReadModel.ProductRow> products = model.products();
      for (int i = 0; i < products.size(); i += CHUNK) {
        store.write(
            storeName,
            version,
            List.of(),
            products.subList(i, Math.min(products.size(), i + CHUNK)));
      }
      long millis = clock.millis() - started;
      if (!store.swap(storeName, version, model, millis, clock.millis())) {
        LOG.warn("read model build {} of store {} lost its claim; not swapped", version, storeName);
        return new Result(storeName, false, version, 0, 0, millis);
      }
      store.cleanUp(storeName, Integer.MAX_VALUE);
      LOG.info(
          "read model of store {} rebuilt: version {}, {} categories, {} product rows, {} ms",
          storeName,
          version,
          categories.size(),
          products.size(),
          millis);
      return new Result(storeName, true, version, categories.size(), products.size(), millis);
    } catch (RuntimeException e) {
      store.abandon(storeName, version, clock.millis());
      throw e;
    }
  }

  /** Whether the store has a live model (one swap done). */
  public boolean hasLiveModel(String storeName) {
    return store.info(storeName).map(info -> info.liveVersion() > 0).orElse(false);
  }

  /** Updates some products in the live model in place; false without a live model. */
  public boolean refresh(String storeName, List<Long> productIds) {
    List<ReadModel.Product> inputs = new java.util.ArrayList<>(store.inputs(storeName, productIds));
    java.util.Set<Long> found = new java.util.HashSet<>();
    inputs.forEach(p -> found.add(p.productId()));
    for (long id : productIds) {
      if (!found.contains(id)) {
        // Gone from the catalog: its rows are removed.
        inputs.add(new ReadModel.Product(id, "", List.of(), false, 0));
      }
    }
    return store.refresh(storeName, inputs);
  }
}
