-- Meeting mode (会面模式): meetings with a client on the tablet, the products shown and
-- the risk warnings given during them, the signed summary chained by hash, the
-- advisor's PIN and the session's meeting lock. Keep in step with
-- ../postgres/0007_meetings.sql.

-- The advisor's PIN to leave meeting mode (argon2id), and wrong tries in a row.
ALTER TABLE users ADD COLUMN meeting_pin_hash TEXT;
ALTER TABLE users ADD COLUMN pin_failures BIGINT NOT NULL DEFAULT 0;

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    started_at BIGINT NOT NULL,
    -- Set when the summary is signed.
    ended_at BIGINT,
    -- When the advisor left meeting mode with the PIN.
    left_at BIGINT
);
CREATE INDEX meetings_customer ON meetings(customer_id);

-- A session in meeting mode may only reach the meeting's own endpoints.
ALTER TABLE sessions ADD COLUMN meeting_id BIGINT REFERENCES meetings(id);

CREATE TABLE meeting_products_shown (
    id INTEGER PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    shown_at BIGINT NOT NULL
);
CREATE INDEX meeting_products_shown_meeting ON meeting_products_shown(meeting_id);

CREATE TABLE meeting_risk_acknowledgements (
    id INTEGER PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    product_risk TEXT NOT NULL,
    max_risk TEXT NOT NULL,
    acknowledged_at BIGINT NOT NULL
);
CREATE INDEX meeting_risk_ack_meeting ON meeting_risk_acknowledgements(meeting_id);

-- The signed summary (JSON) and signature (strokes, JSON), with the record hash and the
-- chain hash over the previous signed meeting's: `seq` orders the chain.
CREATE TABLE meeting_signatures (
    meeting_id BIGINT PRIMARY KEY REFERENCES meetings(id),
    seq BIGINT NOT NULL UNIQUE,
    summary TEXT NOT NULL,
    signature TEXT NOT NULL,
    record_hash TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    chain_hash TEXT NOT NULL
);

-- Kano pairs answered with a survey.
CREATE TABLE survey_kano (
    survey_id BIGINT NOT NULL REFERENCES surveys(id),
    attribute TEXT NOT NULL,
    functional TEXT NOT NULL,
    dysfunctional TEXT NOT NULL,
    PRIMARY KEY (survey_id, attribute)
);
