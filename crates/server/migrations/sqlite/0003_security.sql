-- Sign-in throttling and trusted devices. Keep in step with ../postgres/0003_security.sql.

-- Failed sign-ins counted per key: `account:<username as sent>` (known or not, so an
-- unknown name is counted like a real one) and `source:<client address>`. While
-- blocked_until (Unix ms) is in the future, sign-ins under the key are refused unchecked.
CREATE TABLE sign_in_throttle (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_failure BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL
);

-- A browser where the account signed in before: the SHA-256 of its `cb_device` cookie.
-- Its sign-ins pass the throttle (the account's real user is not locked out by an
-- attacker); wrong passwords from it are counted here and revoke it.
CREATE TABLE trusted_devices (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_used BIGINT NOT NULL,
    failures BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX trusted_devices_user ON trusted_devices(user_id);
