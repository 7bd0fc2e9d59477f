package io.stockbridge.readmodel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A store's read model computed from scratch, as the rows the tables hold: a pure function of the
 * category tree and the store's products, so a rebuilt model can be compared with one computed
 * anew. Paths are the names from the root joined by {@value #SEPARATOR}; roots have depth 0 (a
 * parent id of 0, or one the tree does not hold); a category on a cycle is cut where the cycle
 * closes. Products are listed in the categories they name directly (unknown categories are
 * ignored), ranked in each by stock (most first), then SKU.
 */
public record ReadModel(List<CategoryRow> categories, List<ProductRow> products) {
  public static final String SEPARATOR = " > ";

  public ReadModel {
    categories = List.copyOf(categories);
    products = List.copyOf(products);
  }

  /** A warehouse category: {@code parentId} 0 is the root. */
  public record Category(long id, String name, long parentId, boolean active) {}

  /**
   * A warehouse product as the store sees it: {@code listed} when it is on the store (its id map
   * line is active), {@code stock} the sum of the levels last written to the store's locations.
   */
  public record Product(
      long productId, String sku, List<Long> categoryIds, boolean listed, long stock) {
    public Product {
      categoryIds = List.copyOf(categoryIds);
    }
  }

  /** One category of the flattened tree. {@code parentId} null for a root. */
  public record CategoryRow(
      long categoryId,
      Long parentId,
      String name,
      String path,
      int depth,
      boolean active,
      int productCount,
      long stockTotal) {}

  /** One product in one category; {@code rank} 1 has the most stock. */
  public record ProductRow(
      long categoryId, long productId, String sku, boolean listed, long stock, int rank) {}

  /** Orders products within a category: most stock first, then SKU, then id. */
  static final Comparator<ProductRow> RANKING =
      Comparator.comparingLong(ProductRow::stock)
          .reversed()
          .thenComparing(ProductRow::sku)
          .thenComparingLong(ProductRow::productId);

  public static ReadModel compute(Map<Long, Category> tree, List<Product> products) {
    Map<Long, List<ProductRow>> byCategory = new HashMap<>();
    for (Product product : products) {
      for (long categoryId : new HashSet<>(product.categoryIds())) {
        if (tree.containsKey(categoryId)) {
          byCategory
              .computeIfAbsent(categoryId, id -> new ArrayList<>())
              .add(
                  new ProductRow(
                      categoryId,
                      product.productId(),
                      product.sku(),
                      product.listed(),
                      product.stock(),
                      0));
        }
      }
    }
    List<CategoryRow> categories = new ArrayList<>();
    List<ProductRow> rows = new ArrayList<>();
    for (Category category : tree.values()) {
      List<ProductRow> members = byCategory.getOrDefault(category.id(), List.of());
      List<ProductRow> ranked = rank(members);
      rows.addAll(ranked);
      long stock = ranked.stream().mapToLong(ProductRow::stock).sum();
      List<String> names = new ArrayList<>();
      Long parent = ancestry(tree, category, names);
      categories.add(
          new CategoryRow(
              category.id(),
              parent,
              category.name(),
              String.join(SEPARATOR, names),
              names.size() - 1,
              category.active(),
              ranked.size(),
              stock));
    }
    categories.sort(
        Comparator.comparing(CategoryRow::path).thenComparingLong(CategoryRow::categoryId));
    rows.sort(Comparator.comparingLong(ProductRow::categoryId).thenComparingInt(ProductRow::rank));
    return new ReadModel(categories, rows);
  }

  /** Ranks one category's products 1..n (their rank fields are ignored). */
  public static List<ProductRow> rerank(List<ProductRow> members) {
    return rank(members);
  }

  /** Ranks one category's products 1..n. */
  static List<ProductRow> rank(List<ProductRow> members) {
    List<ProductRow> sorted = new ArrayList<>(members);
    sorted.sort(RANKING);
    List<ProductRow> ranked = new ArrayList<>(sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      ProductRow p = sorted.get(i);
      ranked.add(
          new ProductRow(p.categoryId(), p.productId(), p.sku(), p.listed(), p.stock(), i + 1));
    }
    return ranked;
  }

  /** Fills {@code names} root first; returns the category's parent id in the tree, or null. */
  private static Long ancestry(Map<Long, Category> tree, Category category, List<String> names) {
    List<String> reversed = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    Category at = category;
    while (at != null && seen.add(at.id())) {
      reversed.add(at.name());
      at = tree.get(at.parentId());
    }
    for (int i = reversed.size() - 1; i >= 0; i--) {
      names.add(reversed.get(i));
    }
    Category parent = tree.get(category.parentId());
    return parent == null || parent.id() == category.id() ? null : parent.id();
  }
}
