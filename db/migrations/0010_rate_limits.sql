-- Fixed-window request counters by key (`reset-email:<address>`, `reset-client:<ip>`): the
-- password-reset request limits. One upsert per request counts it; a row whose window has passed
-- counts from 1 again, and requests sweep a few such rows as they go (the window_start index),
-- so the table holds about one window's keys.
CREATE TABLE rate_limits (
    key          text PRIMARY KEY,
    hits         integer NOT NULL,
    window_start timestamptz NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);

-- At most one live reset token per account, whatever the concurrency: a request that races
-- another replaces its token (ON CONFLICT) rather than adding a second. Earlier duplicates keep
-- only the newest.
UPDATE password_reset_tokens t SET used_at = now()
WHERE used_at IS NULL AND EXISTS (
    SELECT 1 FROM password_reset_tokens n
    WHERE n.user_id = t.user_id AND n.used_at IS NULL
      AND (n.created_at, n.token_hash) > (t.created_at, t.token_hash));
CREATE UNIQUE INDEX password_reset_tokens_live ON password_reset_tokens (user_id) WHERE used_at IS NULL;
