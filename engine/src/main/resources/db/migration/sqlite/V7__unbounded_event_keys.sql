-- Event keys are stored whole, however long (a Brightpearl ID set can name thousands of scattered
-- ids). Their index holds the first 256 characters: a whole key could exceed PostgreSQL's b-tree
-- row limit (about 2,700 bytes), and the prefix is as selective. Searches compare the prefix (to use
-- the index) and then the whole key. Keep in step with the other engine's V7.
DROP INDEX events_key_idx;
CREATE INDEX events_key_idx ON events (substr(event_key, 1, 256), id);
