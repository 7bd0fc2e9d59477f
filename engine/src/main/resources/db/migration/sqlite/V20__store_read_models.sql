-- Per-store read models (issue 13): the warehouse category tree flattened, with each category's
-- products and their stock on the store. Keep in step with the other engine's V20.
-- A model is built beside the live one under a new version and made live by moving the pointer in
-- readmodel_versions in one transaction; readers always read the version the pointer names, so they
-- never see an empty or half-built model. The previous version is kept until the next swap (a
-- reader in the middle of a read still finds it); older ones and abandoned builds are deleted.
CREATE TABLE readmodel_versions (
  store            TEXT    PRIMARY KEY,
  live_version     INTEGER  NOT NULL DEFAULT 0,
  previous_version INTEGER  NOT NULL DEFAULT 0,
  next_version     INTEGER  NOT NULL DEFAULT 0,
  building_version INTEGER,
  building_since   INTEGER,
  built_at         INTEGER,
  categories       INTEGER  NOT NULL DEFAULT 0,
  products         INTEGER  NOT NULL DEFAULT 0,
  build_millis     INTEGER,
  updated_at       INTEGER  NOT NULL
);

CREATE TABLE readmodel_categories (
  store         TEXT    NOT NULL,
  version       INTEGER  NOT NULL,
  category_id   INTEGER  NOT NULL,
  parent_id     INTEGER,
  name          TEXT    NOT NULL,
  path          TEXT    NOT NULL,
  depth         INTEGER NOT NULL,
  active        INTEGER NOT NULL,
  product_count INTEGER NOT NULL,
  stock_total   INTEGER  NOT NULL,
  PRIMARY KEY (store, version, category_id)
);
CREATE INDEX readmodel_categories_path_idx ON readmodel_categories (store, version, path);
CREATE INDEX readmodel_categories_parent_idx ON readmodel_categories (store, version, parent_id);

-- rank: 1 for the product with the most stock in its category (then by SKU); the top N are ranks 1..N.
CREATE TABLE readmodel_category_products (
  store       TEXT    NOT NULL,
  version     INTEGER  NOT NULL,
  category_id INTEGER  NOT NULL,
  product_id  INTEGER  NOT NULL,
  sku         TEXT    NOT NULL,
  listed      INTEGER NOT NULL,
  stock       INTEGER  NOT NULL,
  rank        INTEGER NOT NULL,
  PRIMARY KEY (store, version, category_id, product_id)
);
CREATE INDEX readmodel_category_products_rank_idx
  ON readmodel_category_products (store, version, category_id, rank);
CREATE INDEX readmodel_category_products_product_idx
  ON readmodel_category_products (store, version, product_id);
