-- Items sharing an exclusive key never run on two nodes at once (one node may run several of them
-- together, so its coalescer can merge them): two nodes pushing the same product to the same store
-- would both read and both write the same figure. Keep in step with the other engine's V14.
ALTER TABLE work_items ADD COLUMN exclusive_key TEXT;
CREATE INDEX work_items_exclusive_idx ON work_items (exclusive_key, state) WHERE exclusive_key IS NOT NULL;
