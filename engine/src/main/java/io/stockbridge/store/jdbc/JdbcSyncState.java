package io.stockbridge.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockbridge.StorageException;
import io.stockbridge.change.Change;
import io.stockbridge.change.ChangeEvents;
import io.stockbridge.sync.CatalogProduct;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.sync.ShadowWrite;
import io.stockbridge.sync.StoreProduct;
import io.stockbridge.sync.SyncState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link SyncState} on JDBC; lookups of many ids go in chunks of {@value #CHUNK}. Thread-safe. */
final class JdbcSyncState implements SyncState {
  private static final int CHUNK = 500;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<Long>> LONGS = new TypeReference<>() {};
  private static final String STORE_PRODUCT_COLUMNS =
      "store, product_id, sku, shopify_product, shopify_variant, inventory_item, content_hash,"
          + " state";

  private final Jdbc jdbc;

  JdbcSyncState(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void putCatalog(Collection<CatalogProduct> products, long now) {
    batch(
        "INSERT INTO catalog_products (product_id, sku, tags, category_ids, updated_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (product_id) DO UPDATE SET"
            + " sku = excluded.sku, tags = excluded.tags,"
            + " category_ids = excluded.category_ids, updated_at = excluded.updated_at",
        products,
        p -> new Object[] {p.productId(), p.sku(), json(p.tags()), json(p.categoryIds()), now});
  }

  @Override
  public Map<Long, CatalogProduct> catalog(Collection<Long> productIds) {
    Map<Long, CatalogProduct> found = new HashMap<>();
    for (List<Object> chunk : chunks(productIds)) {
      found.putAll(
          jdbc.read(
              connection ->
                  queryCatalog(
                      connection,
                      "SELECT * FROM catalog_products WHERE product_id IN ("
                          + placeholders(chunk.size())
                          + ")",
                      chunk.toArray())));
    }
    return found;
  }

  @Override
  public Optional<CatalogProduct> catalogBySku(String sku) {
    return jdbc
        .read(
            connection ->
                queryCatalog(
                    connection,
                    "SELECT * FROM catalog_products WHERE sku = ? ORDER BY product_id",
                    sku))
        .values()
        .stream()
        .findFirst();
  }

  @Override
  public List<Long> productsInCategories(Collection<Long> categoryIds) {
    if (categoryIds.isEmpty()) {
      return List.of();
    }
    // Category ids are kept as a JSON list; few rows change category, so a scan of the catalog
    // (thousands of rows) on a category rename is cheap enough and keeps the schema simple.
    List<Long> ids = new ArrayList<>();
    for (CatalogProduct product :
        jdbc.read(
                connection ->
                    queryCatalog(connection, "SELECT * FROM catalog_products ORDER BY product_id"))
            .values()) {
      if (product.categoryIds().stream().anyMatch(categoryIds::contains)) {
        ids.add(product.productId());
      }
    }
    ids.sort(Long::compare);
    return ids;
  }

  @Override
  public List<Long> catalogIds() {
    return jdbc.read(
        connection -> {
          List<Long> ids = new ArrayList<>();
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT product_id FROM catalog_products ORDER BY product_id");
              ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getLong(1));
            }
          }
          return ids;
        });
  }

  private static Map<Long, CatalogProduct> queryCatalog(
      Connection connection, String sql, Object... values) throws SQLException {
    Map<Long, CatalogProduct> found = new java.util.LinkedHashMap<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      Jdbc.bind(select, values);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong("product_id");
          found.put(
              id,
              new CatalogProduct(
                  id,
                  rs.getString("sku"),
                  parse(rs.getString("tags"), STRINGS),
                  parse(rs.getString("category_ids"), LONGS)));
        }
      }
    }
    return found;
  }

  @Override
  public void putStoreProducts(Collection<StoreProduct> products, long now) {
    if (products.isEmpty()) {
      return;
    }
    // The lines' change events (product.upserted, product.deleted) commit with the lines.
    jdbc.transaction(
        connection -> {
          List<Change> changes = new ArrayList<>();
          for (StoreProduct product : products) {
            StoreProduct before = storeProductsIn(connection, product.store(), product.productId());
            Change change = ProductChanges.of(before, product);
            if (change != null) {
              changes.add(change);
            }
          }
          try (PreparedStatement statement = connection.prepareStatement(PUT_STORE_PRODUCT)) {
            for (StoreProduct p : products) {
              Jdbc.bind(
                  statement,
                  p.store(),
                  p.productId(),
                  p.sku(),
                  p.shopifyProduct(),
                  p.shopifyVariant(),
                  p.inventoryItem(),
                  p.contentHash(),
                  p.state().name(),
                  now);
              statement.addBatch();
            }
            statement.executeBatch();
          }
          ChangeEvents.append(connection, changes, now);
          return null;
        });
  }

  private static final String PUT_STORE_PRODUCT =
      "INSERT INTO store_products ("
          + STORE_PRODUCT_COLUMNS
          + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (store, product_id) DO UPDATE SET sku = excluded.sku,"
          + " shopify_product = excluded.shopify_product,"
          + " shopify_variant = excluded.shopify_variant,"
          + " inventory_item = excluded.inventory_item,"
          + " content_hash = excluded.content_hash, state = excluded.state,"
          + " updated_at = excluded.updated_at";

  private static StoreProduct storeProductsIn(Connection connection, String store, long productId)
      throws SQLException {
    List<StoreProduct> found =
        queryStoreProducts(
            connection,
            "SELECT "
                + STORE_PRODUCT_COLUMNS
                + " FROM store_products WHERE store = ? AND product_id = ?",
            store,
            productId);
    return found.isEmpty() ? null : found.get(0);
  }

  @Override
  public Map<Long, StoreProduct> storeProducts(String store, Collection<Long> productIds) {
    Map<Long, StoreProduct> found = new HashMap<>();
    for (List<Object> chunk : chunks(productIds)) {
      List<Object> values = new ArrayList<>();
      values.add(store);
      values.addAll(chunk);
      for (StoreProduct product :
          jdbc.read(
              connection ->
                  queryStoreProducts(
                      connection,
                      "SELECT "
                          + STORE_PRODUCT_COLUMNS
                          + " FROM store_products WHERE store = ? AND product_id IN ("
                          + placeholders(chunk.size())
                          + ")",
                      values.toArray()))) {
        found.put(product.productId(), product);
      }
    }
    return found;
  }

  @Override
  public Map<String, StoreProduct> storeProductsByInventoryItem(String store) {
    Map<String, StoreProduct> byItem = new HashMap<>();
    for (StoreProduct product :
        jdbc.read(
            connection ->
                queryStoreProducts(
                    connection,
                    "SELECT "
                        + STORE_PRODUCT_COLUMNS
                        + " FROM store_products WHERE store = ? AND inventory_item IS NOT NULL",
                    store))) {
      byItem.put(product.inventoryItem(), product);
    }
    return byItem;
  }

  private static List<StoreProduct> queryStoreProducts(
      Connection connection, String sql, Object... values) throws SQLException {
    List<StoreProduct> found = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      Jdbc.bind(select, values);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          found.add(
              new StoreProduct(
                  rs.getString("store"),
                  rs.getLong("product_id"),
                  rs.getString("sku"),
                  rs.getString("shopify_product"),
                  rs.getString("shopify_variant"),
                  rs.getString("inventory_item"),
                  rs.getString("content_hash"),
                  StoreProduct.State.valueOf(rs.getString("state"))));
        }
      }
    }
    return found;
  }

  @Override
  public void forgetStoreProduct(String store, long productId) {
    jdbc.transaction(
        connection ->
            Jdbc.update(
                connection,
                "DELETE FROM store_products WHERE store = ? AND product_id = ?",
                store,
                productId));
  }

  @Override
  public Map<String, Integer> pushedLevels(String store, Collection<String> inventoryItems) {
    Map<String, Integer> levels = new HashMap<>();
    for (List<Object> chunk : chunks(new LinkedHashSet<>(inventoryItems))) {
      List<Object> values = new ArrayList<>();
      values.add(store);
      values.addAll(chunk);
      jdbc.read(
          connection -> {
            try (PreparedStatement select =
                connection.prepareStatement(
                    "SELECT inventory_item, location_id, quantity FROM pushed_levels"
                        + " WHERE store = ? AND inventory_item IN ("
                        + placeholders(chunk.size())
                        + ")")) {
              Jdbc.bind(select, values.toArray());
              try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                  levels.put(SyncState.levelKey(rs.getString(1), rs.getString(2)), rs.getInt(3));
                }
              }
            }
            return null;
          });
    }
    return levels;
  }

  private static final String UPSERT_PUSHED_LEVEL =
      "INSERT INTO pushed_levels (store, inventory_item, location_id, quantity, pushed_at)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (store, inventory_item, location_id)"
          + " DO UPDATE SET quantity = excluded.quantity, pushed_at = excluded.pushed_at";

  @Override
  public void putPushedLevels(Collection<PushedLevel> levels, long now) {
    if (levels.isEmpty()) {
      return;
    }
    // Each level that differs from the one recorded is a stock.changed event, in this transaction.
    jdbc.transaction(
        connection -> {
          // Every Shopify stock write runs this: its statements are kept with the connection.
          List<Change> changes = StockChanges.of(connection, levels);
          PreparedStatement statement = Jdbc.reusable(connection, UPSERT_PUSHED_LEVEL);
          for (PushedLevel l : levels) {
            Jdbc.bind(statement, l.store(), l.inventoryItem(), l.locationId(), l.quantity(), now);
            statement.addBatch();
          }
          statement.executeBatch();
          ChangeEvents.append(connection, changes, now, Jdbc::reusable);
          return null;
        });
  }

  @Override
  public void recordShadowWrites(Collection<ShadowWrite> writes) {
    batch(
        "INSERT INTO shadow_writes (store, event_id, flow, target, body, at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        writes,
        w -> new Object[] {w.store(), w.eventId(), w.flow(), w.target(), w.body(), w.at()});
  }

  @Override
  public List<ShadowWrite> shadowWrites(String store, Long beforeId, int limit) {
    return jdbc.read(
        connection -> {
          List<ShadowWrite> writes = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT id, store, event_id, flow, target, body, at FROM shadow_writes"
                      + " WHERE store = ? AND id < ? ORDER BY id DESC LIMIT ?")) {
            Jdbc.bind(select, store, beforeId == null ? Long.MAX_VALUE : beforeId, limit);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                writes.add(
                    new ShadowWrite(
                        rs.getLong("id"),
                        rs.getString("store"),
                        Jdbc.nullableLong(rs, "event_id"),
                        rs.getString("flow"),
                        rs.getString("target"),
                        rs.getString("body"),
                        rs.getLong("at")));
              }
            }
          }
          return writes;
        });
  }

  /** Binds one row's values for a batched statement. */
  @FunctionalInterface
  private interface Row<T> {
    Object[] values(T row);
  }

  /** Runs {@code sql} once per row in one batch and one transaction. */
  private <T> void batch(String sql, Collection<T> rows, Row<T> row) {
    if (rows.isEmpty()) {
      return;
    }
    jdbc.transaction(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (T each : rows) {
              Jdbc.bind(statement, row.values(each));
              statement.addBatch();
            }
            statement.executeBatch();
          }
          return null;
        });
  }

  private static List<List<Object>> chunks(Collection<?> values) {
    List<List<Object>> chunks = new ArrayList<>();
    List<Object> current = new ArrayList<>();
    for (Object value : values) {
      current.add(value);
      if (current.size() == CHUNK) {
        chunks.add(current);
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T parse(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new StorageException("corrupt JSON in sync state: " + e.getOriginalMessage(), e);
    }
  }
}
