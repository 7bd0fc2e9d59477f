package io.stockbridge.store.jdbc;

import io.stockbridge.change.Change;
import io.stockbridge.change.StockChanged;
import io.stockbridge.sync.PushedLevel;
import io.stockbridge.sync.SyncState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code stock.changed} events a write of pushed levels makes: one per level whose quantity
 * differs from the recorded one, with the SKU and product from the store's id map. Reads inside the
 * writing transaction, so the old level is the one this write replaces. Stateless.
 */
final class StockChanges {
  private static final int CHUNK = 400;

  private StockChanges() {}

  static List<Change> of(Connection connection, Collection<PushedLevel> levels)
      throws SQLException {
    // The last value per level wins, as the batched upsert applies them in order.
    Map<String, Map<String, PushedLevel>> byStore = new LinkedHashMap<>();
    for (PushedLevel level : levels) {
      byStore
          .computeIfAbsent(level.store(), s -> new LinkedHashMap<>())
          .put(SyncState.levelKey(level.inventoryItem(), level.locationId()), level);
    }
    List<Change> changes = new ArrayList<>();
    for (Map.Entry<String, Map<String, PushedLevel>> store : byStore.entrySet()) {
      Set<String> items = new LinkedHashSet<>();
      store.getValue().values().forEach(l -> items.add(l.inventoryItem()));
      Map<String, Integer> old = new HashMap<>();
      Map<String, Object[]> products = new HashMap<>();
      for (List<String> chunk : chunks(items)) {
        readOld(connection, store.getKey(), chunk, old);
        readProducts(connection, store.getKey(), chunk, products);
      }
      for (Map.Entry<String, PushedLevel> entry : store.getValue().entrySet()) {
        PushedLevel level = entry.getValue();
        Integer before = old.get(entry.getKey());
        if (before != null && before == level.quantity()) {
          continue;
        }
        Object[] product = products.get(level.inventoryItem());
        changes.add(
            new StockChanged(
                level.store(),
                product == null ? null : (String) product[0],
                product == null ? null : (Long) product[1],
                level.inventoryItem(),
                level.locationId(),
                before,
                level.quantity()));
      }
    }
    return changes;
  }

  private static void readOld(
      Connection connection, String store, List<String> items, Map<String, Integer> into)
      throws SQLException {
    PreparedStatement select =
        Jdbc.reusable(
            connection,
            "SELECT inventory_item, location_id, quantity FROM pushed_levels WHERE store = ?"
                + " AND inventory_item IN ("
                + placeholders(padded(items.size()))
                + ")");
    bind(select, store, items);
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        into.put(SyncState.levelKey(rs.getString(1), rs.getString(2)), rs.getInt(3));
      }
    }
  }

  private static void readProducts(
      Connection connection, String store, List<String> items, Map<String, Object[]> into)
      throws SQLException {
    PreparedStatement select =
        Jdbc.reusable(
            connection,
            "SELECT inventory_item, sku, product_id FROM store_products WHERE store = ?"
                + " AND inventory_item IN ("
                + placeholders(padded(items.size()))
                + ")");
    bind(select, store, items);
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        into.put(rs.getString(1), new Object[] {rs.getString(2), rs.getLong(3)});
      }
    }
  }

  /**
   * Binds {@code items} to a statement of {@link #padded} placeholders, the last item repeated in
   * the rest (a duplicate in an IN list changes nothing).
   */
  private static void bind(PreparedStatement select, String store, List<String> items)
      throws SQLException {
    select.setString(1, store);
    int slots = padded(items.size());
    for (int i = 0; i < slots; i++) {
      select.setString(i + 2, items.get(Math.min(i, items.size() - 1)));
    }
  }

  /**
   * The placeholders of a lookup of {@code count} items: the next power of two, at most {@link
   * #CHUNK}. So each connection keeps a few lookups prepared ({@link Jdbc#reusable}) instead of
   * compiling one of every size on each stock write.
   */
  static int padded(int count) {
    return Math.min(CHUNK, Integer.highestOneBit(Math.max(1, count - 1)) << 1);
  }

  private static List<List<String>> chunks(Set<String> items) {
    List<List<String>> chunks = new ArrayList<>();
    List<String> all = new ArrayList<>(items);
    for (int i = 0; i < all.size(); i += CHUNK) {
      chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
    }
    return chunks;
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }
}
