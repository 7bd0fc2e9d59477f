-- API keys sealed with a per-key salt. Keep in step with postgres/V10.
-- key_id is the public id embedded in generated keys (sbk_<key_id>_<secret>): the row is found by
-- it, then the salted hash in key_hash is compared. NULL for keys without an id (the bootstrap key,
-- keys created before this version); those are verified one by one, and old bare SHA-256 hashes are
-- resealed with a salt on first use.
ALTER TABLE api_keys ADD COLUMN key_id TEXT;
CREATE UNIQUE INDEX api_keys_key_id_idx ON api_keys (key_id);
