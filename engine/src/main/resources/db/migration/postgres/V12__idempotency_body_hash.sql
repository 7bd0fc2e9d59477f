-- The SHA-256 of the body an Idempotency-Key was first used with. Keep in step with sqlite/V12.
-- A later event with the same key and another body is refused (422, the body differs) instead of
-- being answered as a duplicate; NULL for events without such a key and those stored before V12.
ALTER TABLE events ADD COLUMN body_sha256 TEXT;
