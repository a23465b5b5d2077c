-- How many live customers each scope holds, kept by the database beside every write
-- (docs/rules.md, Big scopes; ARCHITECTURE.md, "A scope's count"). The first page of
-- `GET /api/customers` and `GET /api/scope` read it instead of counting the scope's rows
-- (125,000 index entries for one RM of a million-customer bank, the whole table for the
-- bank). Keep in step with ../postgres/0018_scope_counts.sql.
--
-- A scope is `rm` (scope_id: the RM's user id), `branch` (the branch's id) or `bank`
-- (scope_id 0); a live customer is one not merged into another (`merged_into IS NULL`),
-- as every scope's condition says. The count of a scope is the SUM of its rows: one row
-- here (SQLite has one writer, so a row updated in place cannot deadlock), a few
-- append-only deltas on PostgreSQL. A scope without rows holds nobody.
CREATE TABLE scope_counts (
    scope TEXT NOT NULL,
    scope_id BIGINT NOT NULL,
    customers BIGINT NOT NULL,
    PRIMARY KEY (scope, scope_id)
);

INSERT INTO scope_counts (scope, scope_id, customers)
    SELECT 'rm', rm_id, COUNT(*) FROM customers WHERE merged_into IS NULL GROUP BY rm_id;
INSERT INTO scope_counts (scope, scope_id, customers)
    SELECT 'branch', branch_id, COUNT(*) FROM customers WHERE merged_into IS NULL GROUP BY branch_id;
INSERT INTO scope_counts (scope, scope_id, customers)
    SELECT 'bank', 0, COUNT(*) FROM customers WHERE merged_into IS NULL;

-- Triggers, so no code path (a handler, an import, a merge, the demo generator, a
-- script) can write a customer without its scopes' counts in the same transaction.
CREATE TRIGGER customers_count_insert AFTER INSERT ON customers
WHEN NEW.merged_into IS NULL
BEGIN
    INSERT INTO scope_counts (scope, scope_id, customers)
        VALUES ('rm', NEW.rm_id, 1), ('branch', NEW.branch_id, 1), ('bank', 0, 1)
    ON CONFLICT (scope, scope_id) DO UPDATE SET customers = scope_counts.customers + 1;
END;

CREATE TRIGGER customers_count_delete AFTER DELETE ON customers
WHEN OLD.merged_into IS NULL
BEGIN
    UPDATE scope_counts SET customers = customers - 1
        WHERE (scope = 'rm' AND scope_id = OLD.rm_id)
           OR (scope = 'branch' AND scope_id = OLD.branch_id)
           OR (scope = 'bank' AND scope_id = 0);
END;

-- Only an update naming one of the three columns fires it (the AUM kept by the
-- holdings' triggers does not), and only a change moves a count.
CREATE TRIGGER customers_count_update AFTER UPDATE OF rm_id, branch_id, merged_into ON customers
WHEN OLD.rm_id IS NOT NEW.rm_id OR OLD.branch_id IS NOT NEW.branch_id
    OR (OLD.merged_into IS NULL) <> (NEW.merged_into IS NULL)
BEGIN
    UPDATE scope_counts SET customers = customers - 1
        WHERE OLD.merged_into IS NULL
          AND ((scope = 'rm' AND scope_id = OLD.rm_id)
            OR (scope = 'branch' AND scope_id = OLD.branch_id)
            OR (scope = 'bank' AND scope_id = 0));
    INSERT INTO scope_counts (scope, scope_id, customers)
        SELECT s, i, 1 FROM (SELECT 'rm' AS s, NEW.rm_id AS i UNION ALL
            SELECT 'branch', NEW.branch_id UNION ALL SELECT 'bank', 0)
        WHERE NEW.merged_into IS NULL
    ON CONFLICT (scope, scope_id) DO UPDATE SET customers = scope_counts.customers + 1;
END;
