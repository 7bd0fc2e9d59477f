-- Orders found by customer and by SKU across stores (GET /api/orders?email=|sku=, stockbridge orders
-- find). Keep in step with the other engine's V23. email_hash is the SHA-256 of the trimmed,
-- lower-cased address (event.EventName.emailHash): no address is stored.
CREATE INDEX order_links_email_idx ON order_links (email_hash);
CREATE INDEX order_lines_by_sku_idx ON order_lines (sku);
