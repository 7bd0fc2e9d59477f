package io.stockbridge.readmodel;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The read-model tables of every store. A build takes a new version ({@link #beginBuild}), writes
 * its rows beside the live version in transactions of its own ({@link #write}), then moves the
 * store's version pointer in one transaction ({@link #swap}), which appends {@code
 * readmodel.rebuilt}. Readers read the version the pointer names ({@link #categories}), so they
 * never see a model half written. Thread-safe.
 */
public interface ReadModelStore {
  /** The inputs of a store's model: every catalog product, with its listing and stock there. */
  List<ReadModel.Product> inputs(String store);

  /** The inputs for some products only (an incremental update). */
  List<ReadModel.Product> inputs(String store, Collection<Long> productIds);

  /**
   * Claims a build of {@code store}: its new version, or empty while another build of the store
   * (begun less than {@code staleAfterMillis} ago, on any node) has the claim.
   */
  OptionalLong beginBuild(String store, long now, long staleAfterMillis);

  /** Writes rows of a version being built; one transaction per call (callers write in chunks). */
  void write(
      String store,
      long version,
      List<ReadModel.CategoryRow> categories,
      List<ReadModel.ProductRow> products);

  /**
   * Makes {@code version} live, if this build still holds the claim, and appends {@code
   * readmodel.rebuilt} in the same transaction; false when the claim was lost (taken over as
   * stale): the rows are then left for {@link #cleanUp}.
   */
  boolean swap(String store, long version, ReadModel model, long buildMillis, long now);

  /** Gives up a build's claim (the build failed); its rows are left for {@link #cleanUp}. */
  void abandon(String store, long version, long now);

  /**
   * Deletes up to {@code maxRows} rows of versions that are neither live, previous nor being built;
   * returns how many.
   */
  int cleanUp(String store, int maxRows);

  /**
   * Updates some products in the live model in place, in one transaction (their rows, their
   * categories' ranks, counts and stock): cheaper than a rebuild for a single product. Categories
   * the live model does not hold are skipped. False when the store has no live model yet.
   */
  boolean refresh(String store, List<ReadModel.Product> products);

  /** What the store's pointer says, or empty before its first build. */
  Optional<ModelInfo> info(String store);

  /** Every store that has a pointer, by name. */
  List<ModelInfo> infos();

  /** A page of the live model's categories; empty when the store has no live model yet. */
  Optional<CategoryPage> categories(String store, CategoryQuery query);

  /** A page of one category's products in the live model, by rank; empty without a live model. */
  Optional<ProductPage> products(String store, long categoryId, int afterRank, int limit);

  /** A store's pointer. {@code liveVersion} 0 before the first swap. */
  record ModelInfo(
      String store,
      long liveVersion,
      long previousVersion,
      Long buildingVersion,
      Long builtAt,
      long categories,
      long products,
      Long buildMillis) {}

  /**
   * Which categories to read: {@code parentId} (0: the roots; null: any), {@code pathPrefix} (null:
   * any), {@code maxDepth} (null: any), the {@code top} products of each (0: none), a page of
   * {@code limit} after the category ({@code afterPath}, {@code afterId}) in (path, id) order
   * (null: from the start).
   */
  record CategoryQuery(
      Long parentId,
      String pathPrefix,
      Integer maxDepth,
      int top,
      String afterPath,
      Long afterId,
      int limit) {}

  /** One category with its top products. */
  record CategoryView(ReadModel.CategoryRow category, List<ReadModel.ProductRow> top) {}

  /** {@code more}: another page follows the last category. */
  record CategoryPage(long version, Long builtAt, List<CategoryView> categories, boolean more) {}

  record ProductPage(
      long version,
      ReadModel.CategoryRow category,
      List<ReadModel.ProductRow> products,
      Integer nextAfterRank) {}
}
