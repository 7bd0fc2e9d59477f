-- Batches with a completion barrier (issue 13). Keep in step with the other engine's V19.
-- A batch is open (events may still be tagged), closed (its members are known: it completes when
-- every member has ended), completed (batch.completed was appended, once) or reference (a name for
-- a write, such as a stock push's SyncBatch: never a barrier). 'expected' is a size declared up
-- front: a closed batch also waits until that many events are members. total, succeeded, failed and
-- dead are live counts of the members, kept by the triggers below in the transaction that changes
-- an event, whichever code path changes it; the row lock on the batch orders concurrent nodes.
ALTER TABLE batches ADD COLUMN kind TEXT NOT NULL DEFAULT 'engine';
ALTER TABLE batches ADD COLUMN state TEXT NOT NULL DEFAULT 'closed'
  CHECK (state IN ('open', 'closed', 'completed', 'reference'));
ALTER TABLE batches ADD COLUMN expected INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN succeeded INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN dead INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN opened_by TEXT;
ALTER TABLE batches ADD COLUMN on_complete TEXT;
ALTER TABLE batches ADD COLUMN closed_at BIGINT;
ALTER TABLE batches ADD COLUMN completed_at BIGINT;
ALTER TABLE batches ADD COLUMN completion_event_id BIGINT;
CREATE INDEX batches_closed_idx ON batches (id) WHERE state = 'closed';

-- Every event a batch ever held, with the class it is counted in: pending, succeeded, failed
-- (retrying after a failed attempt) or dead (dead, with no live work item left). An event replayed
-- into another batch stays a member of the first one too (events.batch_id names the newest).
CREATE TABLE batch_members (
  event_id BIGINT NOT NULL,
  batch_id BIGINT NOT NULL,
  class    TEXT   NOT NULL,
  PRIMARY KEY (event_id, batch_id)
);
CREATE INDEX batch_members_batch_idx ON batch_members (batch_id, class);

UPDATE batches SET expected = total, total = 0;
INSERT INTO batch_members (event_id, batch_id, class)
  SELECT id, batch_id,
         CASE status WHEN 'succeeded' THEN 'succeeded' WHEN 'failed' THEN 'failed'
                     WHEN 'dead' THEN 'dead' ELSE 'pending' END
  FROM events WHERE batch_id IS NOT NULL AND batch_id IN (SELECT id FROM batches);
UPDATE batches SET
  total = (SELECT count(*) FROM batch_members m WHERE m.batch_id = batches.id),
  succeeded = (SELECT count(*) FROM batch_members m WHERE m.batch_id = batches.id AND m.class = 'succeeded'),
  failed = (SELECT count(*) FROM batch_members m WHERE m.batch_id = batches.id AND m.class = 'failed'),
  dead = (SELECT count(*) FROM batch_members m WHERE m.batch_id = batches.id AND m.class = 'dead');
UPDATE batches SET state = CASE
    WHEN total = 0 THEN 'reference'
    WHEN succeeded + dead = total AND total >= expected THEN 'completed'
    ELSE 'closed' END,
  closed_at = created_at;
UPDATE batches SET completed_at = created_at WHERE state = 'completed';

-- The class an event is counted in, from its status and whether any of its items still lives.
CREATE FUNCTION batch_member_class(event_status TEXT, member_event BIGINT) RETURNS TEXT AS $$
  SELECT CASE event_status WHEN 'succeeded' THEN 'succeeded' WHEN 'failed' THEN 'failed'
    WHEN 'dead' THEN CASE WHEN EXISTS (SELECT 1 FROM work_items w WHERE w.event_id = member_event
      AND w.state <> 'dead') THEN 'pending' ELSE 'dead' END
    ELSE 'pending' END
$$ LANGUAGE sql STABLE;

CREATE FUNCTION events_batch_member() RETURNS trigger AS $$
DECLARE
  member_class TEXT := batch_member_class(NEW.status, NEW.id);
BEGIN
  IF TG_OP = 'INSERT' OR OLD.batch_id IS DISTINCT FROM NEW.batch_id THEN
    INSERT INTO batch_members (event_id, batch_id, class) VALUES (NEW.id, NEW.batch_id, member_class)
      ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    UPDATE batch_members SET class = member_class WHERE event_id = NEW.id AND class <> member_class;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER events_batch_insert AFTER INSERT ON events
  FOR EACH ROW WHEN (NEW.batch_id IS NOT NULL) EXECUTE FUNCTION events_batch_member();
CREATE TRIGGER events_batch_update AFTER UPDATE OF status, batch_id ON events
  FOR EACH ROW WHEN (NEW.batch_id IS NOT NULL) EXECUTE FUNCTION events_batch_member();

CREATE FUNCTION batch_members_count() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE batches SET total = total + 1,
      succeeded = succeeded + (NEW.class = 'succeeded')::int,
      failed = failed + (NEW.class = 'failed')::int,
      dead = dead + (NEW.class = 'dead')::int
    WHERE id = NEW.batch_id;
  ELSIF NEW.class <> OLD.class THEN
    UPDATE batches SET
      succeeded = succeeded + (NEW.class = 'succeeded')::int - (OLD.class = 'succeeded')::int,
      failed = failed + (NEW.class = 'failed')::int - (OLD.class = 'failed')::int,
      dead = dead + (NEW.class = 'dead')::int - (OLD.class = 'dead')::int
    WHERE id = NEW.batch_id;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER batch_members_insert AFTER INSERT ON batch_members
  FOR EACH ROW EXECUTE FUNCTION batch_members_count();
CREATE TRIGGER batch_members_class AFTER UPDATE OF class ON batch_members
  FOR EACH ROW EXECUTE FUNCTION batch_members_count();
