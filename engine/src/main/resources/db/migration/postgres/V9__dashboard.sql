-- The dashboard: login sessions and the status of failure issues. Keep in step with sqlite/V9.

-- A session is found by the SHA-256 of its cookie value; the cookie itself is never stored.
-- key_hash ties it to its API key, so revoking the key ends its sessions.
CREATE TABLE dashboard_sessions (
  token_hash TEXT PRIMARY KEY,
  key_hash   TEXT    NOT NULL,
  csrf_token TEXT    NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX dashboard_sessions_expires_idx ON dashboard_sessions (expires_at);

-- Failures grouped by cause (flow, store, error type, message shape), keyed by a hash of those.
-- first_seen/last_seen/occurrences grow as failures are seen; status is the operator's word
-- (open, acknowledged, resolved, ignored), changed at status_at; a resolved issue seen failing
-- again after status_at is reopened.
CREATE TABLE dashboard_issues (
  fingerprint   TEXT PRIMARY KEY,
  flow          TEXT    NOT NULL,
  store         TEXT,
  error_type    TEXT    NOT NULL,
  message_shape TEXT    NOT NULL,
  sample        TEXT,
  first_seen    BIGINT NOT NULL,
  last_seen     BIGINT NOT NULL,
  occurrences   BIGINT NOT NULL,
  status        TEXT    NOT NULL,
  status_at     BIGINT NOT NULL,
  status_by     TEXT
);
CREATE INDEX dashboard_issues_last_seen_idx ON dashboard_issues (last_seen);
