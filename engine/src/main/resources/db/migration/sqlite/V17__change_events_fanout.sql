-- Change events (issue 13): the engine's own events are rows of `events` (source 'stockbridge');
-- each one also gets a `change_outbox` row in the transaction of its cause, which fan-out turns into
-- one delivery per matching subscriber and deletes (so no commit order can make it skip one).
-- Keep in step with the other engine's V17.
CREATE TABLE change_outbox (
  event_id INTEGER PRIMARY KEY
);

-- Operator state of a configured subscriber (the subscriber itself lives in the configuration).
CREATE TABLE fanout_subscribers (
  name            TEXT    PRIMARY KEY,
  paused          INTEGER NOT NULL DEFAULT 0,
  failing_since   INTEGER,
  disabled_at     INTEGER,
  disabled_reason TEXT,
  updated_at      INTEGER NOT NULL
);

-- One row per (subscriber, event) to deliver; delivered and dead rows stay for replay and audit.
CREATE TABLE fanout_deliveries (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  subscriber   TEXT    NOT NULL,
  event_id     INTEGER NOT NULL,
  order_key    TEXT    NOT NULL,
  state        TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_at      INTEGER NOT NULL,
  created_at   INTEGER NOT NULL,
  delivered_at INTEGER,
  last_error   TEXT
);
CREATE INDEX fanout_deliveries_due_idx ON fanout_deliveries (subscriber, next_at, id) WHERE state = 'pending';
CREATE INDEX fanout_deliveries_key_idx ON fanout_deliveries (subscriber, order_key, id) WHERE state = 'pending';
CREATE INDEX fanout_deliveries_state_idx ON fanout_deliveries (subscriber, state, id);
CREATE INDEX fanout_deliveries_event_idx ON fanout_deliveries (event_id);

-- Every attempt of a delivery: outcome, HTTP status (webhooks), latency, a response excerpt.
CREATE TABLE fanout_attempts (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  success     INTEGER NOT NULL,
  status      INTEGER,
  latency_ms  INTEGER NOT NULL,
  excerpt     TEXT
);
CREATE INDEX fanout_attempts_delivery_idx ON fanout_attempts (delivery_id, id);
