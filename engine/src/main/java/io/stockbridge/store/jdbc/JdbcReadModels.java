package io.stockbridge.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.event.NewWork;
import io.stockbridge.readmodel.ReadModel;
import io.stockbridge.readmodel.ReadModel.CategoryRow;
import io.stockbridge.readmodel.ReadModel.ProductRow;
import io.stockbridge.readmodel.ReadModelStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The read-model tables (V20) on JDBC, both engines. A read is made of statements that each see one
 * committed state; a read of several statements checks at its end that the version it read is still
 * kept (live or previous: a version is only ever deleted after two swaps), and starts again
 * otherwise, so a reader never gets a model with rows missing. Thread-safe.
 */
final class JdbcReadModels implements ReadModelStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Long>> LONGS = new TypeReference<>() {};
  private static final String POINTER =
      "store, live_version, previous_version, building_version, built_at, categories, products,"
          + " build_millis";
  private static final String CATEGORY =
      "category_id, parent_id, name, path, depth, active, product_count, stock_total";
  private static final String PRODUCT = "category_id, product_id, sku, listed, stock, rank";
  private static final int READ_ATTEMPTS = 5;

  private final Jdbc jdbc;
  private final Dialect dialect;

  JdbcReadModels(Jdbc jdbc, Dialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
  }

  @Override
  public List<ReadModel.Product> inputs(String store) {
    return jdbc.read(connection -> inputs(connection, store, null));
  }

  @Override
  public List<ReadModel.Product> inputs(String store, Collection<Long> productIds) {
    if (productIds.isEmpty()) {
      return List.of();
    }
    return jdbc.read(connection -> inputs(connection, store, productIds));
  }

  private static List<ReadModel.Product> inputs(
      Connection connection, String store, Collection<Long> productIds) throws SQLException {
    String sql =
        "SELECT c.product_id, c.sku, c.category_ids, sp.state,"
            + " (SELECT COALESCE(SUM(CASE WHEN pl.quantity > 0 THEN pl.quantity ELSE 0 END), 0)"
            + " FROM pushed_levels pl WHERE pl.store = sp.store"
            + " AND pl.inventory_item = sp.inventory_item) AS stock"
            + " FROM catalog_products c LEFT JOIN store_products sp"
            + " ON sp.store = ? AND sp.product_id = c.product_id"
            + (productIds == null ? "" : " WHERE c.product_id = ?")
            + " ORDER BY c.product_id";
    List<ReadModel.Product> products = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (Long only :
          productIds == null ? java.util.Collections.<Long>singletonList(null) : productIds) {
        select.setString(1, store);
        if (only != null) {
          select.setLong(2, only);
        }
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            products.add(
                new ReadModel.Product(
                    rs.getLong(1),
                    rs.getString(2),
                    longs(rs.getString(3)),
                    "ACTIVE".equals(rs.getString(4)),
                    rs.getLong(5)));
          }
        }
      }
    }
    return products;
  }

  @Override
  public OptionalLong beginBuild(String store, long now, long staleAfterMillis) {
    return jdbc.transaction(
        connection -> {
          Jdbc.update(
              connection,
              "INSERT INTO readmodel_versions (store, updated_at) VALUES (?, ?)"
                  + " ON CONFLICT (store) DO NOTHING",
              store,
              now);
          try (PreparedStatement claim =
              connection.prepareStatement(
                  "UPDATE readmodel_versions SET next_version = next_version + 1,"
                      + " building_version = next_version + 1, building_since = ?, updated_at = ?"
                      + " WHERE store = ? AND (building_version IS NULL OR building_since < ?)"
                      + " RETURNING building_version")) {
            Jdbc.bind(claim, now, now, store, now - staleAfterMillis);
            try (ResultSet rs = claim.executeQuery()) {
              return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
          }
        });
  }

  @Override
  public void write(
      String store, long version, List<CategoryRow> categories, List<ProductRow> products) {
    jdbc.transaction(
        connection -> {
          insertCategories(connection, store, version, categories);
          insertProducts(connection, store, version, products);
          return null;
        });
  }

  private static void insertCategories(
      Connection connection, String store, long version, List<CategoryRow> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO readmodel_categories (store, version, "
                + CATEGORY
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (CategoryRow c : rows) {
        Jdbc.bind(
            insert,
            store,
            version,
            c.categoryId(),
            c.parentId(),
            c.name(),
            c.path(),
            c.depth(),
            c.active() ? 1 : 0,
            c.productCount(),
            c.stockTotal());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void insertProducts(
      Connection connection, String store, long version, List<ProductRow> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO readmodel_category_products (store, version, "
                + PRODUCT
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (ProductRow p : rows) {
        Jdbc.bind(
            insert,
            store,
            version,
            p.categoryId(),
            p.productId(),
            p.sku(),
            p.listed() ? 1 : 0,
            p.stock(),
            p.rank());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Override
  public boolean swap(String store, long version, ReadModel model, long buildMillis, long now) {
    return jdbc.transaction(
        connection -> {
          long previous;
          try (PreparedStatement live =
              connection.prepareStatement(
                  "SELECT live_version FROM readmodel_versions WHERE store = ?")) {
            live.setString(1, store);
            try (ResultSet rs = live.executeQuery()) {
              previous = rs.next() ? rs.getLong(1) : 0;
            }
          }
          int swapped =
              Jdbc.update(
                  connection,
                  "UPDATE readmodel_versions SET previous_version = live_version, live_version = ?,"
                      + " building_version = NULL, building_since = NULL, built_at = ?,"
                      + " categories = ?, products = ?, build_millis = ?, updated_at = ?"
                      + " WHERE store = ? AND building_version = ?",
                  version,
                  now,
                  model.categories().size(),
                  model.products().size(),
                  buildMillis,
                  now,
                  store,
                  version);
          if (swapped == 0) {
            return false;
          }
          Map<String, Object> view = new LinkedHashMap<>();
          view.put("store", store);
          view.put("version", version);
          view.put("previousVersion", previous);
          view.put("categories", model.categories().size());
          view.put("products", model.products().size());
          view.put("buildMillis", buildMillis);
          ChangeEventAppend.append(
              connection,
              dialect,
              "readmodel.rebuilt",
              store,
              store,
              "stockbridge:readmodel.rebuilt:" + store + ":" + version,
              Map.of("readModel", view),
              // Recorded as handled at once: subscribers learn of it from the event itself.
              List.of(new NewWork(null, "record", null, store, 100, now, 1, null)),
              now);
          return true;
        });
  }

  @Override
  public void abandon(String store, long version, long now) {
    jdbc.transaction(
        connection ->
            Jdbc.update(
                connection,
                "UPDATE readmodel_versions SET building_version = NULL, building_since = NULL,"
                    + " updated_at = ? WHERE store = ? AND building_version = ?",
                now,
                store,
                version));
  }

  @Override
  public int cleanUp(String store, int maxRows) {
    int deleted = 0;
    for (String table : List.of("readmodel_category_products", "readmodel_categories")) {
      deleted +=
          jdbc.transaction(
              connection ->
                  Jdbc.update(
                      connection,
                      "DELETE FROM "
                          + table
                          + " WHERE store = ? AND version IN (SELECT DISTINCT t.version FROM "
                          + table
                          + " t, readmodel_versions v WHERE t.store = ? AND v.store = t.store"
                          + " AND t.version <> v.live_version AND t.version <> v.previous_version"
                          + " AND t.version <> COALESCE(v.building_version, -1))",
                      store,
                      store));
    }
    return deleted;
  }

  @Override
  public boolean refresh(String store, List<ReadModel.Product> products) {
    if (products.isEmpty()) {
      return true;
    }
    return jdbc.transaction(
        connection -> {
          Optional<ModelInfo> info = info(connection, store);
          if (info.isEmpty() || info.get().liveVersion() == 0) {
            return false;
          }
          long version = info.get().liveVersion();
          Set<Long> touched = new LinkedHashSet<>();
          try (PreparedStatement old =
                  connection.prepareStatement(
                      "SELECT category_id FROM readmodel_category_products"
                          + " WHERE store = ? AND version = ? AND product_id = ?");
              PreparedStatement delete =
                  connection.prepareStatement(
                      "DELETE FROM readmodel_category_products"
                          + " WHERE store = ? AND version = ? AND product_id = ?")) {
            for (ReadModel.Product p : products) {
              Jdbc.bind(old, store, version, p.productId());
              try (ResultSet rs = old.executeQuery()) {
                while (rs.next()) {
                  touched.add(rs.getLong(1));
                }
              }
              Jdbc.bind(delete, store, version, p.productId());
              delete.executeUpdate();
            }
          }
          Set<Long> known = new LinkedHashSet<>();
          List<ProductRow> added = new ArrayList<>();
          try (PreparedStatement exists =
              connection.prepareStatement(
                  "SELECT 1 FROM readmodel_categories WHERE store = ? AND version = ?"
                      + " AND category_id = ?")) {
            for (ReadModel.Product p : products) {
              for (long categoryId : new LinkedHashSet<>(p.categoryIds())) {
                Jdbc.bind(exists, store, version, categoryId);
                boolean present;
                try (ResultSet rs = exists.executeQuery()) {
                  present = rs.next();
                }
                if (present) {
                  known.add(categoryId);
                  added.add(
                      new ProductRow(categoryId, p.productId(), p.sku(), p.listed(), p.stock(), 0));
                }
              }
            }
          }
          insertProducts(connection, store, version, added);
          touched.addAll(known);
          rerank(connection, store, version, touched);
          return true;
        });
  }

  /** Ranks the products of {@code categories} again and updates their counts and stock. */
  private static void rerank(
      Connection connection, String store, long version, Collection<Long> categories)
      throws SQLException {
    try (PreparedStatement members =
            connection.prepareStatement(
                "SELECT "
                    + PRODUCT
                    + " FROM readmodel_category_products WHERE store = ? AND version = ?"
                    + " AND category_id = ?");
        PreparedStatement rank =
            connection.prepareStatement(
                "UPDATE readmodel_category_products SET rank = ? WHERE store = ? AND version = ?"
                    + " AND category_id = ? AND product_id = ? AND rank <> ?");
        PreparedStatement totals =
            connection.prepareStatement(
                "UPDATE readmodel_categories SET product_count = ?, stock_total = ?"
                    + " WHERE store = ? AND version = ? AND category_id = ?")) {
      for (long categoryId : categories) {
        Jdbc.bind(members, store, version, categoryId);
        List<ProductRow> rows = new ArrayList<>();
        try (ResultSet rs = members.executeQuery()) {
          while (rs.next()) {
            rows.add(product(rs));
          }
        }
        List<ProductRow> ranked = ReadModel.rerank(rows);
        long stock = 0;
        for (ProductRow p : ranked) {
          stock += p.stock();
          Jdbc.bind(rank, p.rank(), store, version, categoryId, p.productId(), p.rank());
          rank.addBatch();
        }
        rank.executeBatch();
        Jdbc.bind(totals, ranked.size(), stock, store, version, categoryId);
        totals.executeUpdate();
      }
    }
  }

  @Override
  public Optional<ModelInfo> info(String store) {
    return jdbc.read(connection -> info(connection, store));
  }

  private static Optional<ModelInfo> info(Connection connection, String store) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + POINTER + " FROM readmodel_versions WHERE store = ?")) {
      select.setString(1, store);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(pointer(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public List<ModelInfo> infos() {
    return jdbc.read(
        connection -> {
          List<ModelInfo> all = new ArrayList<>();
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT " + POINTER + " FROM readmodel_versions ORDER BY store");
              ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              all.add(pointer(rs));
            }
          }
          return all;
        });
  }

  @Override
  public Optional<CategoryPage> categories(String store, CategoryQuery query) {
    for (int attempt = 1; ; attempt++) {
      Optional<Optional<CategoryPage>> read =
          jdbc.read(connection -> readCategories(connection, store, query));
      if (read.isPresent() || attempt == READ_ATTEMPTS) {
        return read.orElse(Optional.empty());
      }
    }
  }

  /** The page, or empty when the version read was dropped meanwhile (read again). */
  private static Optional<Optional<CategoryPage>> readCategories(
      Connection connection, String store, CategoryQuery query) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT v.live_version, v.built_at, "
                + prefixed("c.", CATEGORY)
                + " FROM readmodel_versions v LEFT JOIN readmodel_categories c"
                + " ON c.store = v.store AND c.version = v.live_version");
    List<Object> values = new ArrayList<>();
    if (query.parentId() != null) {
      sql.append(query.parentId() == 0 ? " AND c.parent_id IS NULL" : " AND c.parent_id = ?");
      if (query.parentId() != 0) {
        values.add(query.parentId());
      }
    }
    if (query.pathPrefix() != null) {
      sql.append(" AND substr(c.path, 1, ?) = ?");
      values.add(query.pathPrefix().length());
      values.add(query.pathPrefix());
    }
    if (query.maxDepth() != null) {
      sql.append(" AND c.depth <= ?");
      values.add(query.maxDepth());
    }
    if (query.afterPath() != null) {
      sql.append(" AND (c.path > ? OR (c.path = ? AND c.category_id > ?))");
      values.add(query.afterPath());
      values.add(query.afterPath());
      values.add(query.afterId() == null ? Long.MIN_VALUE : query.afterId());
    }
    sql.append(" WHERE v.store = ? ORDER BY c.path, c.category_id LIMIT ?");
    values.add(store);
    values.add(query.limit() + 1);
    long version = 0;
    Long builtAt = null;
    List<CategoryRow> rows = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
      Jdbc.bind(select, values.toArray());
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          version = rs.getLong(1);
          builtAt = Jdbc.nullableLong(rs, "built_at");
          rs.getLong("category_id");
          if (!rs.wasNull()) {
            rows.add(category(rs));
          }
        }
      }
    }
    if (version == 0) {
      return Optional.of(Optional.empty());
    }
    boolean more = rows.size() > query.limit();
    List<CategoryRow> page = more ? rows.subList(0, query.limit()) : rows;
    Map<Long, List<ProductRow>> tops = new HashMap<>();
    if (query.top() > 0 && !page.isEmpty()) {
      try (PreparedStatement top =
          connection.prepareStatement(
              "SELECT "
                  + PRODUCT
                  + " FROM readmodel_category_products WHERE store = ? AND version = ?"
                  + " AND category_id = ? AND rank <= ? ORDER BY rank")) {
        for (CategoryRow c : page) {
          Jdbc.bind(top, store, version, c.categoryId(), query.top());
          List<ProductRow> products = new ArrayList<>();
          try (ResultSet rs = top.executeQuery()) {
            while (rs.next()) {
              products.add(product(rs));
            }
          }
          tops.put(c.categoryId(), products);
        }
      }
      if (!kept(connection, store, version)) {
        return Optional.empty();
      }
    }
    List<CategoryView> views = new ArrayList<>();
    for (CategoryRow c : page) {
      views.add(new CategoryView(c, tops.getOrDefault(c.categoryId(), List.of())));
    }
    return Optional.of(Optional.of(new CategoryPage(version, builtAt, views, more)));
  }

  @Override
  public Optional<ProductPage> products(String store, long categoryId, int afterRank, int limit) {
    for (int attempt = 1; ; attempt++) {
      Optional<Optional<ProductPage>> read =
          jdbc.read(
              connection -> {
                Optional<ModelInfo> info = info(connection, store);
                if (info.isEmpty() || info.get().liveVersion() == 0) {
                  return Optional.of(Optional.<ProductPage>empty());
                }
                long version = info.get().liveVersion();
                CategoryRow category = null;
                try (PreparedStatement select =
                    connection.prepareStatement(
                        "SELECT "
                            + CATEGORY
                            + " FROM readmodel_categories WHERE store = ? AND version = ?"
                            + " AND category_id = ?")) {
                  Jdbc.bind(select, store, version, categoryId);
                  try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                      category = category(rs);
                    }
                  }
                }
                List<ProductRow> rows = new ArrayList<>();
                try (PreparedStatement select =
                    connection.prepareStatement(
                        "SELECT "
                            + PRODUCT
                            + " FROM readmodel_category_products WHERE store = ? AND version = ?"
                            + " AND category_id = ? AND rank > ? ORDER BY rank LIMIT ?")) {
                  Jdbc.bind(select, store, version, categoryId, afterRank, limit + 1);
                  try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                      rows.add(product(rs));
                    }
                  }
                }
                if (!kept(connection, store, version)) {
                  return Optional.<Optional<ProductPage>>empty();
                }
                if (category == null) {
                  return Optional.of(Optional.of(new ProductPage(version, null, List.of(), null)));
                }
                boolean more = rows.size() > limit;
                List<ProductRow> page = more ? rows.subList(0, limit) : rows;
                return Optional.of(
                    Optional.of(
                        new ProductPage(
                            version,
                            category,
                            List.copyOf(page),
                            more ? page.get(page.size() - 1).rank() : null)));
              });
      if (read.isPresent() || attempt == READ_ATTEMPTS) {
        return read.orElse(Optional.empty());
      }
    }
  }

  /** Whether {@code version} is still kept (live or previous): its rows were all there. */
  private static boolean kept(Connection connection, String store, long version)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM readmodel_versions WHERE store = ?"
                + " AND (live_version = ? OR previous_version = ?)")) {
      Jdbc.bind(select, store, version, version);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static ModelInfo pointer(ResultSet rs) throws SQLException {
    return new ModelInfo(
        rs.getString("store"),
        rs.getLong("live_version"),
        rs.getLong("previous_version"),
        Jdbc.nullableLong(rs, "building_version"),
        Jdbc.nullableLong(rs, "built_at"),
        rs.getLong("categories"),
        rs.getLong("products"),
        Jdbc.nullableLong(rs, "build_millis"));
  }

  private static CategoryRow category(ResultSet rs) throws SQLException {
    return new CategoryRow(
        rs.getLong("category_id"),
        Jdbc.nullableLong(rs, "parent_id"),
        rs.getString("name"),
        rs.getString("path"),
        rs.getInt("depth"),
        rs.getInt("active") == 1,
        rs.getInt("product_count"),
        rs.getLong("stock_total"));
  }

  private static ProductRow product(ResultSet rs) throws SQLException {
    return new ProductRow(
        rs.getLong("category_id"),
        rs.getLong("product_id"),
        rs.getString("sku"),
        rs.getInt("listed") == 1,
        rs.getLong("stock"),
        rs.getInt("rank"));
  }

  private static String prefixed(String prefix, String columns) {
    StringBuilder out = new StringBuilder();
    for (String column : columns.split(",\\s*")) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(prefix).append(column);
    }
    return out.toString();
  }

  private static List<Long> longs(String json) {
    try {
      return json == null ? List.of() : JSON.readValue(json, LONGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable catalog_products.category_ids: " + json, e);
    }
  }
}
