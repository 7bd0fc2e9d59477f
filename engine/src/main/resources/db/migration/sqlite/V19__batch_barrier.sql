-- Batches with a completion barrier (issue 13). Keep in step with the other engine's V19.
-- A batch is open (events may still be tagged), closed (its members are known: it completes when
-- every member has ended), completed (batch.completed was appended, once) or reference (a name for
-- a write, such as a stock push's SyncBatch: never a barrier). 'expected' is a size declared up
-- front: a closed batch also waits until that many events are members. total, succeeded, failed and
-- dead are live counts of the members, kept by the triggers below in the transaction that changes
-- an event, whichever code path changes it.
ALTER TABLE batches ADD COLUMN kind TEXT NOT NULL DEFAULT 'engine';
ALTER TABLE batches ADD COLUMN state TEXT NOT NULL DEFAULT 'closed'
  CHECK (state IN ('open', 'closed', 'completed', 'reference'));
ALTER TABLE batches ADD COLUMN expected INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN succeeded INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN dead INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN opened_by TEXT;
ALTER TABLE batches ADD COLUMN on_complete TEXT;
ALTER TABLE batches ADD COLUMN closed_at INTEGER;
ALTER TABLE batches ADD COLUMN completed_at INTEGER;
ALTER TABLE batches ADD COLUMN completion_event_id INTEGER;
CREATE INDEX batches_closed_idx ON batches (id) WHERE state = 'closed';

-- Every event a batch ever held, with the class it is counted in: pending, succeeded, failed
-- (retrying after a failed attempt) or dead (dead, with no live work item left). An event replayed
-- into another batch stays a member of the first one too (events.batch_id names the newest).
CREATE TABLE batch_members (
  event_id INTEGER NOT NULL,
  batch_id INTEGER NOT NULL,
  class    TEXT    NOT NULL,
  PRIMARY KEY (event_id, batch_id)
) WITHOUT ROWID;
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
-- Batches from before: those without events were write references; the rest are closed, and those
-- already over are completed (without an event: nothing waited on them then).
UPDATE batches SET state = CASE
    WHEN total = 0 THEN 'reference'
    WHEN succeeded + dead = total AND total >= expected THEN 'completed'
    ELSE 'closed' END,
  closed_at = created_at;
UPDATE batches SET completed_at = created_at WHERE state = 'completed';

CREATE TRIGGER events_batch_insert AFTER INSERT ON events WHEN NEW.batch_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO batch_members (event_id, batch_id, class) VALUES (NEW.id, NEW.batch_id,
    CASE NEW.status WHEN 'succeeded' THEN 'succeeded' WHEN 'failed' THEN 'failed'
      WHEN 'dead' THEN CASE WHEN EXISTS (SELECT 1 FROM work_items w WHERE w.event_id = NEW.id
        AND w.state <> 'dead') THEN 'pending' ELSE 'dead' END
      ELSE 'pending' END);
END;

CREATE TRIGGER events_batch_tag AFTER UPDATE OF batch_id ON events
  WHEN NEW.batch_id IS NOT NULL AND (OLD.batch_id IS NULL OR OLD.batch_id <> NEW.batch_id)
BEGIN
  INSERT OR IGNORE INTO batch_members (event_id, batch_id, class) VALUES (NEW.id, NEW.batch_id,
    CASE NEW.status WHEN 'succeeded' THEN 'succeeded' WHEN 'failed' THEN 'failed'
      WHEN 'dead' THEN CASE WHEN EXISTS (SELECT 1 FROM work_items w WHERE w.event_id = NEW.id
        AND w.state <> 'dead') THEN 'pending' ELSE 'dead' END
      ELSE 'pending' END);
END;

CREATE TRIGGER events_batch_status AFTER UPDATE OF status ON events WHEN NEW.batch_id IS NOT NULL
BEGIN
  UPDATE batch_members SET class =
    CASE NEW.status WHEN 'succeeded' THEN 'succeeded' WHEN 'failed' THEN 'failed'
      WHEN 'dead' THEN CASE WHEN EXISTS (SELECT 1 FROM work_items w WHERE w.event_id = NEW.id
        AND w.state <> 'dead') THEN 'pending' ELSE 'dead' END
      ELSE 'pending' END
  WHERE event_id = NEW.id;
END;

CREATE TRIGGER batch_members_insert AFTER INSERT ON batch_members
BEGIN
  UPDATE batches SET total = total + 1,
    succeeded = succeeded + (NEW.class = 'succeeded'),
    failed = failed + (NEW.class = 'failed'),
    dead = dead + (NEW.class = 'dead')
  WHERE id = NEW.batch_id;
END;

CREATE TRIGGER batch_members_class AFTER UPDATE OF class ON batch_members
  WHEN NEW.class <> OLD.class
BEGIN
  UPDATE batches SET
    succeeded = succeeded + (NEW.class = 'succeeded') - (OLD.class = 'succeeded'),
    failed = failed + (NEW.class = 'failed') - (OLD.class = 'failed'),
    dead = dead + (NEW.class = 'dead') - (OLD.class = 'dead')
  WHERE id = NEW.batch_id;
END;
