-- Importing a bank's own data: the bank's keys on customers and holdings, and the
-- staged batches (in the database, not a server's memory: any instance may show,
-- commit or cancel a batch). Keep in step with ../postgres/0005_import.sql.

-- The bank's customer number (客户号): the key of a customer import. NULL for
-- customers created here (the demo bank); unique when present.
ALTER TABLE customers ADD COLUMN customer_no TEXT;
CREATE UNIQUE INDEX customers_customer_no ON customers(customer_no);

-- The bank's account or contract number: the key of a holdings import.
ALTER TABLE holdings ADD COLUMN account_no TEXT;
CREATE UNIQUE INDEX holdings_account_no ON holdings(account_no);

CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    -- validating, ready, failed, committed, cancelled
    status TEXT NOT NULL,
    encoding TEXT,
    rows_read BIGINT NOT NULL DEFAULT 0,
    rows_valid BIGINT NOT NULL DEFAULT 0,
    rows_invalid BIGINT NOT NULL DEFAULT 0,
    rows_unchanged BIGINT NOT NULL DEFAULT 0,
    -- NULL: the command line.
    created_by BIGINT REFERENCES users(id),
    created_by_name TEXT NOT NULL,
    -- A branch manager's import is limited to their branch; NULL: the whole bank.
    branch_id BIGINT REFERENCES branches(id),
    created_at BIGINT NOT NULL,
    committed_at BIGINT,
    committed_by_name TEXT
);

-- The valid rows, checked and resolved against the bank, waiting for the commit.
CREATE TABLE import_rows (
    batch_id BIGINT NOT NULL REFERENCES import_batches(id),
    row_no BIGINT NOT NULL,
    -- The bank's key of the row (customer or account number).
    row_key TEXT NOT NULL,
    -- Customers: the 18-digit ID number, to find duplicates within the file.
    id_number TEXT,
    -- The checked row (JSON).
    data TEXT NOT NULL,
    -- Resolved at validation: the RM and branch (customers), the customer and product
    -- (holdings).
    ref_a BIGINT,
    ref_b BIGINT,
    -- The record the row updates (the customer of that customer number, the holding of
    -- that account number, or the merge's customer); NULL: a new record.
    target_id BIGINT,
    -- Already in the bank exactly as written.
    unchanged BIGINT NOT NULL DEFAULT 0,
    -- A proposed merge with an existing customer: why, and what the user decided.
    merge_customer_id BIGINT REFERENCES customers(id),
    merge_reason TEXT,
    merge_decision TEXT,
    PRIMARY KEY (batch_id, row_no)
);
CREATE INDEX import_rows_key ON import_rows(batch_id, row_key);
CREATE INDEX import_rows_id_number ON import_rows(batch_id, id_number);

-- The report: problems and notes, row 0 for the file.
CREATE TABLE import_problems (
    batch_id BIGINT NOT NULL REFERENCES import_batches(id),
    seq BIGINT NOT NULL,
    row_no BIGINT NOT NULL,
    column_name TEXT,
    -- Masked where personal.
    cell_value TEXT,
    problem TEXT NOT NULL,
    detail TEXT,
    is_error BIGINT NOT NULL,
    PRIMARY KEY (batch_id, seq)
);
