-- What each event names, for search by product id, SKU or order name. Keep in step with postgres/V11.
-- event_names: exact names (kind 'product' with the id in decimal, 'sku', 'order', or a Brightpearl
-- resource), one row per id of an ID set's short ranges; newest first straight from the key.
-- event_name_ranges: an ID set's long ranges, one row per 1,024-id bucket they touch (bucket -1: one
-- row holding the first and last id of an ID set too scattered for buckets; its hits are checked
-- against the event's key). A lookup reads one bucket newest first and checks the range's ends.
-- event_names_backfill: events with an id below 'below' were stored before this migration and are
-- indexed by a background job, newest first; 0 when done.
CREATE TABLE event_names (
  kind     TEXT    NOT NULL,
  value    TEXT    NOT NULL,
  event_id INTEGER NOT NULL,
  PRIMARY KEY (kind, value, event_id)
) WITHOUT ROWID;
CREATE TABLE event_name_ranges (
  kind        TEXT    NOT NULL,
  bucket      INTEGER NOT NULL,
  event_id    INTEGER NOT NULL,
  range_start INTEGER NOT NULL,
  range_end   INTEGER NOT NULL,
  PRIMARY KEY (kind, bucket, event_id, range_start)
) WITHOUT ROWID;
CREATE TABLE event_names_backfill (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  below INTEGER NOT NULL
);
INSERT INTO event_names_backfill (id, below) SELECT 1, COALESCE(MAX(id), 0) + 1 FROM events;
