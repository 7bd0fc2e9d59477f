-- The dashboard samples the queue every 5 s on each node: how many ready items are retrying. Read
-- from this partial index instead of the ready items' rows (a scan as long as the backlog). Only
-- items being retried have an entry, so enqueueing and claiming new work does not maintain it.
CREATE INDEX work_items_retrying_idx ON work_items (id) WHERE state = 'ready' AND error_type IS NOT NULL;
