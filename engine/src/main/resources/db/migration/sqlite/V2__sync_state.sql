-- Sync state on SQLite: what the flows know so they never ask an API twice. Keep in step with the other engine's V2.

-- Warehouse-side facts that rarely change, by Brightpearl product id: SKU, computed tags (safety
-- stock by tag), category ids (a renamed category re-tags its products).
CREATE TABLE catalog_products (
  product_id   INTEGER PRIMARY KEY,
  sku          TEXT    NOT NULL,
  tags         TEXT    NOT NULL,
  category_ids TEXT    NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX catalog_products_sku_idx ON catalog_products (sku);

-- The id map per store: a Brightpearl product and its Shopify product, variant and inventory item,
-- with the content hash last written (unchanged products are skipped) and its state there.
CREATE TABLE store_products (
  store             TEXT    NOT NULL,
  product_id        INTEGER NOT NULL,
  sku               TEXT    NOT NULL,
  shopify_product   TEXT,
  shopify_variant   TEXT,
  inventory_item    TEXT,
  content_hash      TEXT,
  state             TEXT    NOT NULL,
  updated_at        INTEGER NOT NULL,
  PRIMARY KEY (store, product_id)
);
CREATE INDEX store_products_sku_idx  ON store_products (store, sku);
CREATE INDEX store_products_item_idx ON store_products (store, inventory_item);

-- The quantity last written per store, inventory item and location: a write of the same value is
-- skipped. Reconciliation overwrites it with what the store really holds.
CREATE TABLE pushed_levels (
  store          TEXT    NOT NULL,
  inventory_item TEXT    NOT NULL,
  location_id    TEXT    NOT NULL,
  quantity       INTEGER NOT NULL,
  pushed_at      INTEGER NOT NULL,
  PRIMARY KEY (store, inventory_item, location_id)
);

-- Writes a store in shadow mode would have sent.
CREATE TABLE shadow_writes (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  store     TEXT    NOT NULL,
  event_id  INTEGER,
  flow      TEXT    NOT NULL,
  target    TEXT    NOT NULL,
  body      TEXT    NOT NULL,
  at        INTEGER NOT NULL
);
CREATE INDEX shadow_writes_store_idx ON shadow_writes (store, id);

-- Reconciliation runs and their reports.
CREATE TABLE reconciliations (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  scope        TEXT    NOT NULL,
  requested_by TEXT    NOT NULL,
  status       TEXT    NOT NULL,
  started_at   INTEGER NOT NULL,
  finished_at  INTEGER,
  batch_id     INTEGER,
  checked      INTEGER NOT NULL DEFAULT 0,
  drifted      INTEGER NOT NULL DEFAULT 0,
  fixed        INTEGER NOT NULL DEFAULT 0,
  failed       INTEGER NOT NULL DEFAULT 0,
  detail       TEXT
);

-- Waiting items are re-checked when their run_after comes (a release may have raced the wait).
CREATE INDEX work_items_waiting_due_idx ON work_items (run_after) WHERE state = 'waiting';
