-- How many live customers each scope holds, kept by the database beside every write
-- (docs/rules.md, Big scopes; ARCHITECTURE.md, "A scope's count"). The first page of
-- `GET /api/customers` and `GET /api/scope` read it instead of counting the scope's rows
-- (125,000 index entries for one RM of a million-customer bank, the whole table for the
-- bank). Keep in step with ../sqlite/0018_scope_counts.sql.
--
-- A scope is `rm` (scope_id: the RM's user id), `branch` (the branch's id) or `bank`
-- (scope_id 0); a live customer is one not merged into another (`merged_into IS NULL`),
-- as every scope's condition says. The count of a scope is the SUM of its rows.
--
-- Append-only here: a write adds a delta row per scope it moved (never updates one), so
-- concurrent writers take no lock on the counts and cannot deadlock on them (a counter
-- row updated in place serialises every writer of its scope, and two transactions that
-- touch two scopes in opposite orders deadlock). `fold_scope_counts()` now and then
-- replaces a scope's rows by their sum (the server calls it when a read finds many).
CREATE TABLE scope_counts (
    scope TEXT NOT NULL,
    scope_id BIGINT NOT NULL,
    customers BIGINT NOT NULL
);
CREATE INDEX scope_counts_scope ON scope_counts (scope, scope_id);

INSERT INTO scope_counts (scope, scope_id, customers)
    SELECT 'rm', rm_id, COUNT(*) FROM customers WHERE merged_into IS NULL GROUP BY rm_id;
INSERT INTO scope_counts (scope, scope_id, customers)
    SELECT 'branch', branch_id, COUNT(*) FROM customers WHERE merged_into IS NULL GROUP BY branch_id;
INSERT INTO scope_counts (scope, scope_id, customers)
    SELECT 'bank', 0, COUNT(*) FROM customers WHERE merged_into IS NULL;

-- Inserts and deletes: statement-level over the transition table, so a multi-row INSERT
-- of the demo generator (thousands of customers) adds one delta per scope it touched,
-- not one per customer.
CREATE FUNCTION scope_counts_of_rows() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO scope_counts (scope, scope_id, customers)
            SELECT 'rm', rm_id, COUNT(*) FROM new_rows WHERE merged_into IS NULL GROUP BY rm_id
            UNION ALL
            SELECT 'branch', branch_id, COUNT(*) FROM new_rows WHERE merged_into IS NULL GROUP BY branch_id
            UNION ALL
            SELECT 'bank', 0, COUNT(*) FROM new_rows WHERE merged_into IS NULL HAVING COUNT(*) > 0;
    ELSE
        INSERT INTO scope_counts (scope, scope_id, customers)
            SELECT 'rm', rm_id, -COUNT(*) FROM old_rows WHERE merged_into IS NULL GROUP BY rm_id
            UNION ALL
            SELECT 'branch', branch_id, -COUNT(*) FROM old_rows WHERE merged_into IS NULL GROUP BY branch_id
            UNION ALL
            SELECT 'bank', 0, -COUNT(*) FROM old_rows WHERE merged_into IS NULL HAVING COUNT(*) > 0;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER customers_count_insert AFTER INSERT ON customers
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION scope_counts_of_rows();
CREATE TRIGGER customers_count_delete AFTER DELETE ON customers
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION scope_counts_of_rows();

-- Moves (a reassignment to another RM or branch, a merge retiring a customer or undone):
-- row-level, because only a row-level trigger can name its columns and carry a WHEN,
-- which PostgreSQL checks without calling any function. Every holding written updates its
-- customer's AUM (migration 0011): a statement trigger on every UPDATE of customers would
-- run for each of them; this one never does.
CREATE FUNCTION scope_counts_of_move() RETURNS trigger AS $$
BEGIN
    INSERT INTO scope_counts (scope, scope_id, customers)
        SELECT s, i, SUM(d) FROM (
            SELECT 'rm' AS s, OLD.rm_id AS i, -1 AS d WHERE OLD.merged_into IS NULL
            UNION ALL SELECT 'branch', OLD.branch_id, -1 WHERE OLD.merged_into IS NULL
            UNION ALL SELECT 'bank', 0, -1 WHERE OLD.merged_into IS NULL
            UNION ALL SELECT 'rm', NEW.rm_id, 1 WHERE NEW.merged_into IS NULL
            UNION ALL SELECT 'branch', NEW.branch_id, 1 WHERE NEW.merged_into IS NULL
            UNION ALL SELECT 'bank', 0, 1 WHERE NEW.merged_into IS NULL
        ) moved GROUP BY s, i HAVING SUM(d) <> 0;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER customers_count_update AFTER UPDATE OF rm_id, branch_id, merged_into ON customers
    FOR EACH ROW
    WHEN (OLD.rm_id IS DISTINCT FROM NEW.rm_id OR OLD.branch_id IS DISTINCT FROM NEW.branch_id
        OR (OLD.merged_into IS NULL) <> (NEW.merged_into IS NULL))
    EXECUTE FUNCTION scope_counts_of_move();

-- Replace every scope's deltas by their sum, safe beside concurrent writers and folders:
-- the DELETE takes only the rows this statement's snapshot sees (a delta committed after
-- it stays and is summed next time), writers only ever INSERT (no lock to wait for), and
-- one folder at a time holds the advisory lock (another skips its fold rather than wait).
CREATE FUNCTION fold_scope_counts() RETURNS void AS $$
BEGIN
    IF pg_try_advisory_xact_lock(7218001800) THEN
        WITH d AS (DELETE FROM scope_counts RETURNING scope, scope_id, customers)
        INSERT INTO scope_counts (scope, scope_id, customers)
            SELECT scope, scope_id, SUM(customers) FROM d GROUP BY scope, scope_id
            HAVING SUM(customers) <> 0;
    END IF;
END;
$$ LANGUAGE plpgsql;
