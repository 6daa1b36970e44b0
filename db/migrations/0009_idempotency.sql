-- Idempotent retries: the kept answer of a creating POST sent with an `Idempotency-Key`, per
-- caller ('user:<id>', or 'ip:<address>' when anonymous), for 24 hours.
--
-- A row is written in the same transaction as the handler's own writes (see
-- Sources/AgoraRuntime/Idempotency.swift), so it exists exactly when they committed: a worker
-- killed before COMMIT leaves neither, and a retry runs afresh. While the first request runs it
-- holds a transaction-level advisory lock on the (caller, key) pair; a repeat that cannot take it
-- is 409 `idempotency_in_progress`. Only successful (2xx) answers are kept.
CREATE TABLE idempotency_keys (
    caller      text NOT NULL,
    key         text NOT NULL CHECK (octet_length(key) BETWEEN 1 AND 255),
    -- The caller's account, so that a deleted account's kept answers (bodies with its data) go with it.
    user_id     bigint REFERENCES users (id) ON DELETE CASCADE,
    -- The fingerprint a repeat must match: method, path (with its trailing slash) and the body's SHA-256.
    method      text NOT NULL,
    path        text NOT NULL,
    body_sha256 bytea NOT NULL,
    -- The kept answer: status, the handler's headers as [[name, value], ...], body.
    status      integer NOT NULL,
    headers     jsonb NOT NULL,
    body        bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL DEFAULT now() + interval '24 hours',
    PRIMARY KEY (caller, key)
);
-- The sweep of expired rows (by the workers a few at a time, and `agora idempotency purge`).
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);
-- The cascade from users.
CREATE INDEX idempotency_keys_user ON idempotency_keys (user_id) WHERE user_id IS NOT NULL;
