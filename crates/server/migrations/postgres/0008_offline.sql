-- Offline work on a tablet (docs/rules.md, Offline): the per-user secret the browser
-- derives its encryption key from, and the idempotency keys of writes queued offline.
-- Keep in step with ../sqlite/0008_offline.sql.

-- One secret per user (32 random bytes, hex). Rotating it replaces the row: data a
-- browser encrypted under the old one can no longer be read.
CREATE TABLE offline_secrets (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- A write sent with an `Idempotency-Key` header, per user: the request's fingerprint
-- (method, path, SHA-256 of the body) and, once answered, the answer. A repeat of the
-- key gets the stored answer and writes nothing; `status` is NULL while the first
-- request is still being handled.
CREATE TABLE idempotency_keys (
    user_id BIGINT NOT NULL REFERENCES users(id),
    idem_key TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    status BIGINT,
    response_body TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
