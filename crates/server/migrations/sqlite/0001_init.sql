-- Clientbook schema (SQLite). Money is BIGINT fen, dates ISO TEXT (YYYY-MM-DD),
-- instants BIGINT Unix milliseconds, enums their wire names. Keep in step with
-- ../postgres/0001_init.sql.

CREATE TABLE branches (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    branch_id BIGINT REFERENCES branches(id),
    password_hash TEXT NOT NULL,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE households (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    rm_id BIGINT NOT NULL REFERENCES users(id),
    branch_id BIGINT NOT NULL REFERENCES branches(id),
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    id_type TEXT NOT NULL,
    id_number TEXT NOT NULL,
    gender TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    email TEXT,
    address TEXT NOT NULL,
    occupation TEXT NOT NULL,
    employer TEXT,
    income_band TEXT NOT NULL,
    hobbies TEXT NOT NULL,
    preferred_channel TEXT NOT NULL,
    risk_level TEXT,
    risk_assessed_on TEXT,
    lowest_risk_subcategory BIGINT NOT NULL DEFAULT 0,
    kyc_reviewed_on TEXT NOT NULL,
    since TEXT NOT NULL,
    household_id BIGINT REFERENCES households(id),
    household_role TEXT,
    stated_needs TEXT NOT NULL,
    next_contact_on TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX customers_rm ON customers(rm_id);
CREATE INDEX customers_branch ON customers(branch_id);
CREATE INDEX customers_household ON customers(household_id);
CREATE UNIQUE INDEX customers_id_number ON customers(id_type, id_number);

CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    family TEXT NOT NULL,
    risk TEXT NOT NULL,
    min_amount BIGINT NOT NULL,
    term_months BIGINT,
    yield_bp BIGINT
);

CREATE TABLE holdings (
    id INTEGER PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    balance BIGINT NOT NULL,
    opened_on TEXT NOT NULL,
    matures_on TEXT
);
CREATE INDEX holdings_customer ON holdings(customer_id);

CREATE TABLE monthly_history (
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    month TEXT NOT NULL,
    transactions BIGINT NOT NULL,
    logins BIGINT NOT NULL,
    inflow BIGINT NOT NULL,
    outflow BIGINT NOT NULL,
    aum_end BIGINT NOT NULL,
    margin BIGINT NOT NULL,
    PRIMARY KEY (customer_id, month)
);

CREATE TABLE interactions (
    id INTEGER PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    rm_id BIGINT NOT NULL REFERENCES users(id),
    occurred_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    outcome TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX interactions_customer ON interactions(customer_id);

CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    answered_on TEXT NOT NULL,
    recommend BIGINT NOT NULL,
    overall BIGINT NOT NULL
);
CREATE INDEX surveys_customer ON surveys(customer_id);

CREATE TABLE survey_ratings (
    survey_id BIGINT NOT NULL REFERENCES surveys(id),
    attribute TEXT NOT NULL,
    satisfaction BIGINT NOT NULL,
    importance BIGINT NOT NULL,
    PRIMARY KEY (survey_id, attribute)
);

CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    received_on TEXT NOT NULL,
    channel TEXT NOT NULL,
    content_type TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    summary TEXT NOT NULL,
    resolution TEXT
);
CREATE INDEX complaints_customer ON complaints(customer_id);

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    written_at BIGINT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX notes_customer ON notes(customer_id);

CREATE TABLE policy (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    document TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Append-only: the code has no UPDATE or DELETE path and the triggers refuse one.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    user_id BIGINT,
    username TEXT NOT NULL,
    role TEXT,
    action TEXT NOT NULL,
    customer_id BIGINT,
    fields TEXT NOT NULL,
    detail TEXT,
    client_ip TEXT,
    forwarded_for TEXT,
    user_agent TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_customer ON audit_log(customer_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
