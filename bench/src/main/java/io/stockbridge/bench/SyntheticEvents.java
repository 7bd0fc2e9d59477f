package io.stockbridge.bench;

import io.stockbridge.store.Engine;
import io.stockbridge.store.jdbc.JdbcStorage;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

/**
 * Fills the event log with synthetic metadata in one SQL statement per engine (millions of rows in
 * seconds), spread like production: 3 sources, 6 types, 50,000 keys, 4 stores, 1% dead, 2% failed,
 * one batch per 1,000 events, 100 ms apart. Brightpearl events are keyed by ID sets of products
 * 1-50,000: a single id, or for one in three a range of 200 ids (as the connector's chunks); the
 * others by SKUs. The index of what they name (V11) is filled the same way, a few statements: the
 * Shopify events' SKUs and each range's one or two 1,024-id buckets (single ids and generic SKU
 * keys need no row: the key index finds them). Used by the query benchmark and the index test.
 */
public final class SyntheticEvents {
  /** Epoch milliseconds of the first synthetic event. */
  public static final long START = 1_790_000_000_000L;

  private static final String COLUMNS =
      "source, type, event_key, store, received_at, updated_at, status, attempts, flow, trace_id, batch_id";

  // Each source has its own two types, as in production (n %% 6 decides both source and type).
  private static final String VALUES =
      """
      CASE n %% 3 WHEN 0 THEN 'brightpearl' WHEN 1 THEN 'shopify' ELSE 'generic' END,
      CASE n %% 6 WHEN 0 THEN 'product.modified.on-hand-modified' WHEN 3 THEN 'product.modified'
                  WHEN 1 THEN 'inventory_levels/update' WHEN 4 THEN 'products/update'
                  WHEN 2 THEN 'stock.changed' ELSE 'price.changed' END,
      CASE WHEN n %% 3 <> 0 THEN 'SKU-' || (n %% 50000)
           WHEN n %% 9 = 0 THEN CAST(n %% 50000 + 1 AS TEXT) || '-' || CAST(n %% 50000 + 200 AS TEXT)
           ELSE CAST(n %% 50000 + 1 AS TEXT) END,
      'store-' || (n %% 4), %d + n * 100, %d + n * 100,
      CASE WHEN n %% 100 = 0 THEN 'dead' WHEN n %% 50 = 1 THEN 'failed' ELSE 'succeeded' END,
      1, CASE n %% 2 WHEN 0 THEN 'stock' ELSE 'record' END, 'trace-' || n,
      CASE WHEN n %% 1000 = 0 THEN n / 1000 ELSE NULL END""";

  /** The name index of the events above (ids are 1..n in a fresh database). */
  private static final List<String> NAMES =
      List.of(
          // Generic SKU keys and single product ids are found by the events' key index.
          "INSERT INTO event_names (kind, value, event_id)"
              + " SELECT 'sku', event_key, id FROM events WHERE source = 'shopify'",
          "INSERT INTO event_name_ranges (kind, bucket, event_id, range_start, range_end)"
              + " SELECT 'product', (id % 50000 + 1) / 1024, id, id % 50000 + 1, id % 50000 + 200"
              + " FROM events WHERE source = 'brightpearl' AND id % 9 = 0",
          "INSERT INTO event_name_ranges (kind, bucket, event_id, range_start, range_end)"
              + " SELECT 'product', (id % 50000 + 200) / 1024, id, id % 50000 + 1, id % 50000 + 200"
              + " FROM events WHERE source = 'brightpearl' AND id % 9 = 0"
              + " AND (id % 50000 + 200) / 1024 <> (id % 50000 + 1) / 1024");

  private SyntheticEvents() {}

  public static void load(JdbcStorage storage, int count) {
    String values = VALUES.formatted(START, START);
    String sql =
        storage.engine() == Engine.POSTGRES
            ? "INSERT INTO events ("
                + COLUMNS
                + ") SELECT "
                + values
                + " FROM generate_series(1, ?) AS g(n)"
            : "INSERT INTO events ("
                + COLUMNS
                + ") WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
                + " WHERE n < ?) SELECT "
                + values
                + " FROM seq";
    storage
        .jdbc()
        .transaction(
            connection -> {
              try (PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setInt(1, count);
                insert.executeUpdate();
              }
              return null;
            });
    storage
        .jdbc()
        .transaction(
            connection -> {
              try (Statement names = connection.createStatement()) {
                for (String statement : NAMES) {
                  names.executeUpdate(statement);
                }
              }
              return null;
            });
    storage
        .jdbc()
        .transaction(
            connection -> {
              try (Statement analyze = connection.createStatement()) {
                analyze.execute("ANALYZE");
              }
              return null;
            });
  }
}
