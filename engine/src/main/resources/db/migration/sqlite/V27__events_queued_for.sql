-- The work an event was queued for when it was stored (its items' kinds, comma-separated; '' when
-- no flow subscribes). An event's 'queued' step is read from here, as its 'received' step is read
-- from the row itself, instead of being a history row of its own: ingestion writes one row and one
-- index entry fewer per event. Events stored before this migration keep their 'queued' history row
-- and have NULL here.
ALTER TABLE events ADD COLUMN queued_for TEXT;
