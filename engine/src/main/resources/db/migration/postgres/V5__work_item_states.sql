-- Work item states checked by the database, and the count of retries without progress.
-- Keep in step with sqlite/V5. The CHECK is validated against the rows already there.

ALTER TABLE work_items ADD COLUMN retries_without_progress INTEGER NOT NULL DEFAULT 0;
ALTER TABLE work_items ADD CONSTRAINT work_items_state_check
  CHECK (state IN ('ready', 'running', 'waiting', 'dead'));
