-- The order flows (flow.order). Keep in step with the other engine's V15.
-- order_links: one row per Shopify order and store, the mapping to its Brightpearl sales order.
-- state: accepted (received, not yet in Brightpearl), parked (waiting for a SKU), in_brightpearl,
-- cancelled. reflected_at: when Brightpearl answered with the order (it is allocated there from
-- then on; an availability read begun after this includes it).
CREATE TABLE order_links (
  store TEXT NOT NULL,
  shopify_order_id TEXT NOT NULL,
  order_name TEXT,
  email_hash TEXT,
  state TEXT NOT NULL,
  parked_sku TEXT,
  brightpearl_order_id BIGINT,
  brightpearl_contact_id BIGINT,
  payment_id BIGINT,
  reflected_at BIGINT,
  create_attempts INTEGER NOT NULL DEFAULT 0,
  shopify_updated_at TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (store, shopify_order_id)
);
CREATE INDEX order_links_brightpearl_idx ON order_links (brightpearl_order_id);
CREATE INDEX order_links_state_idx ON order_links (store, state);
CREATE INDEX order_links_name_idx ON order_links (order_name);
-- The lines of an order: what it reserves per SKU until Brightpearl reflects it.
CREATE TABLE order_lines (
  store TEXT NOT NULL,
  shopify_order_id TEXT NOT NULL,
  line_id TEXT NOT NULL,
  sku TEXT,
  quantity INTEGER NOT NULL,
  brightpearl_product_id BIGINT,
  brightpearl_row_id BIGINT,
  PRIMARY KEY (store, shopify_order_id, line_id)
);
CREATE INDEX order_lines_sku_idx ON order_lines (store, sku);
-- Brightpearl contacts by customer email hash: a returning customer costs no lookup.
CREATE TABLE order_contacts (
  email_hash TEXT PRIMARY KEY,
  contact_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
-- Things done once per order: a cancellation, a refund's credit, a shipment's fulfilment.
CREATE TABLE order_actions (
  store TEXT NOT NULL,
  action_key TEXT NOT NULL,
  shopify_order_id TEXT NOT NULL,
  result TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (store, action_key)
);
CREATE INDEX order_actions_order_idx ON order_actions (store, shopify_order_id);
-- The catch-up poll's cursor per store: the newest updated_at seen.
CREATE TABLE order_cursors (
  store TEXT PRIMARY KEY,
  updated_at TEXT NOT NULL
);
