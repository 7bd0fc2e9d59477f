-- Engine core on SQLite. Times are epoch milliseconds (INTEGER). Keep in step with postgres/V1.

CREATE TABLE events (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  source         TEXT    NOT NULL,
  type           TEXT    NOT NULL,
  event_key      TEXT,
  store          TEXT,
  received_at    INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  status         TEXT    NOT NULL,
  attempts       INTEGER NOT NULL DEFAULT 0,
  flow           TEXT,
  trace_id       TEXT    NOT NULL,
  batch_id       INTEGER,
  dedupe_key     TEXT UNIQUE,
  payload_archive TEXT
);
CREATE INDEX events_status_idx   ON events (status, id);
CREATE INDEX events_source_idx   ON events (source, type, id);
CREATE INDEX events_type_idx     ON events (type, id);
CREATE INDEX events_key_idx      ON events (event_key, id);
CREATE INDEX events_store_idx    ON events (store, id);
CREATE INDEX events_received_idx ON events (received_at);
CREATE INDEX events_batch_idx    ON events (batch_id, id) WHERE batch_id IS NOT NULL;
CREATE INDEX events_flow_idx     ON events (flow, id) WHERE flow IS NOT NULL; -- set when processed, not at ingest

CREATE TABLE event_payloads (
  event_id     INTEGER PRIMARY KEY,
  content_type TEXT    NOT NULL,
  body         BLOB    NOT NULL,
  received_at  INTEGER NOT NULL
);
CREATE INDEX event_payloads_received_idx ON event_payloads (received_at);

CREATE TABLE event_history (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id INTEGER NOT NULL,
  at       INTEGER NOT NULL,
  status   TEXT    NOT NULL,
  node     TEXT,
  flow     TEXT,
  attempt  INTEGER,
  detail   TEXT
);
CREATE INDEX event_history_event_idx ON event_history (event_id, id);

CREATE TABLE work_items (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id      INTEGER,
  kind          TEXT    NOT NULL,
  item_key      TEXT,
  store         TEXT,
  priority      INTEGER NOT NULL,
  run_after     INTEGER NOT NULL,
  state         TEXT    NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0,
  max_attempts  INTEGER NOT NULL,
  lease_owner   TEXT,
  lease_expires INTEGER,
  wait_for      TEXT,
  args          TEXT,
  last_error    TEXT,
  error_type    TEXT,
  error_causes  TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX work_items_ready_idx   ON work_items (priority, run_after, id) WHERE state = 'ready';
CREATE INDEX work_items_key_idx     ON work_items (item_key, id) WHERE item_key IS NOT NULL;
CREATE INDEX work_items_lease_idx   ON work_items (lease_expires) WHERE state = 'running';
CREATE INDEX work_items_wait_idx    ON work_items (wait_for) WHERE state = 'waiting';
CREATE INDEX work_items_dead_idx    ON work_items (id) WHERE state = 'dead';
CREATE INDEX work_items_event_idx   ON work_items (event_id);

CREATE TABLE batches (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  total      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE api_keys (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT    NOT NULL UNIQUE,
  role       TEXT    NOT NULL,
  key_hash   TEXT    NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

CREATE TABLE pauses (
  scope      TEXT PRIMARY KEY,
  paused_at  INTEGER NOT NULL,
  paused_by  TEXT
);

CREATE TABLE leader_leases (
  name       TEXT PRIMARY KEY,
  owner      TEXT    NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE TABLE rate_budgets (
  name       TEXT PRIMARY KEY,
  state      TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
