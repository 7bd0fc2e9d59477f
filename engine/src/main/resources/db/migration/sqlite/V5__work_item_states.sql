-- Work item states checked by the database, and the count of retries without progress.
-- Keep in step with postgres/V5. SQLite cannot add a CHECK to a table, so work_items is rebuilt:
-- copy every row into a table with the new definition, keep the id sequence (done items are
-- deleted, so the highest id ever given can be above every row's), then swap and rebuild the
-- indexes of V1 and V2. Flyway runs this in one transaction.

CREATE TABLE work_items_v5 (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id      INTEGER,
  kind          TEXT    NOT NULL,
  item_key      TEXT,
  store         TEXT,
  priority      INTEGER NOT NULL,
  run_after     INTEGER NOT NULL,
  state         TEXT    NOT NULL CHECK (state IN ('ready', 'running', 'waiting', 'dead')),
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
  updated_at    INTEGER NOT NULL,
  retries_without_progress INTEGER NOT NULL DEFAULT 0
);

INSERT INTO work_items_v5 (id, event_id, kind, item_key, store, priority, run_after, state, attempts,
                           max_attempts, lease_owner, lease_expires, wait_for, args, last_error,
                           error_type, error_causes, created_at, updated_at)
SELECT id, event_id, kind, item_key, store, priority, run_after, state, attempts,
       max_attempts, lease_owner, lease_expires, wait_for, args, last_error,
       error_type, error_causes, created_at, updated_at
FROM work_items;

-- The AUTOINCREMENT high-water mark of the old table (its row goes when the table is dropped).
DELETE FROM sqlite_sequence WHERE name = 'work_items_v5';
INSERT INTO sqlite_sequence (name, seq)
SELECT 'work_items_v5', max(seq) FROM (
  SELECT seq FROM sqlite_sequence WHERE name = 'work_items'
  UNION ALL SELECT coalesce(max(id), 0) FROM work_items
);

DROP TABLE work_items;
ALTER TABLE work_items_v5 RENAME TO work_items;

CREATE INDEX work_items_ready_idx   ON work_items (priority, run_after, id) WHERE state = 'ready';
CREATE INDEX work_items_key_idx     ON work_items (item_key, id) WHERE item_key IS NOT NULL;
CREATE INDEX work_items_lease_idx   ON work_items (lease_expires) WHERE state = 'running';
CREATE INDEX work_items_wait_idx    ON work_items (wait_for) WHERE state = 'waiting';
CREATE INDEX work_items_dead_idx    ON work_items (id) WHERE state = 'dead';
CREATE INDEX work_items_event_idx   ON work_items (event_id);
CREATE INDEX work_items_waiting_due_idx ON work_items (run_after) WHERE state = 'waiting';
