-- A bulk import on PostgreSQL at the issue's scale. Keep in step with
-- ../sqlite/0014_import_scale.sql.

-- The AUM trigger of 0011 ran once per holding row, and each run was its own
-- `UPDATE customers`, which fires the customers' statement trigger of 0010: one bump of
-- the branch's `data_versions` row per holding. PostgreSQL keeps every version of a row
-- updated again and again in one transaction, so the importer's commit (one transaction)
-- slowed quadratically: 78,500 of 200,000 holdings in ten minutes, each statement of 500
-- rows slower than the one before. Now one statement-level trigger per event, over the
-- statement's transition tables: one `UPDATE customers` per holdings statement, each
-- customer's AUM moved once by the sum of its rows (asset families only, as before).
DROP TRIGGER holdings_aum ON holdings;
DROP FUNCTION holdings_aum();

CREATE FUNCTION holdings_aum_of_statement() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE customers c SET aum = c.aum + d.delta FROM (
            SELECT n.customer_id, SUM(n.balance) AS delta FROM new_rows n
            JOIN products p ON p.id = n.product_id
            WHERE p.family NOT IN ('Loan', 'CreditCard') GROUP BY n.customer_id
        ) d WHERE c.id = d.customer_id AND d.delta <> 0;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE customers c SET aum = c.aum - d.delta FROM (
            SELECT o.customer_id, SUM(o.balance) AS delta FROM old_rows o
            JOIN products p ON p.id = o.product_id
            WHERE p.family NOT IN ('Loan', 'CreditCard') GROUP BY o.customer_id
        ) d WHERE c.id = d.customer_id AND d.delta <> 0;
    ELSE
        UPDATE customers c SET aum = c.aum + d.delta FROM (
            SELECT x.customer_id, SUM(x.balance) AS delta FROM (
                SELECT n.customer_id, n.balance FROM new_rows n
                JOIN products p ON p.id = n.product_id
                WHERE p.family NOT IN ('Loan', 'CreditCard')
                UNION ALL
                SELECT o.customer_id, -o.balance FROM old_rows o
                JOIN products p ON p.id = o.product_id
                WHERE p.family NOT IN ('Loan', 'CreditCard')
            ) x GROUP BY x.customer_id
        ) d WHERE c.id = d.customer_id AND d.delta <> 0;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER holdings_aum_insert AFTER INSERT ON holdings REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION holdings_aum_of_statement();
CREATE TRIGGER holdings_aum_update AFTER UPDATE ON holdings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION holdings_aum_of_statement();
CREATE TRIGGER holdings_aum_delete AFTER DELETE ON holdings REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION holdings_aum_of_statement();

-- The import's progress (`GET /api/imports/{id}`, polled while a file is checked) reads
-- the batch's proposed merges; without this index each poll read every staged row of
-- the batch (a million for the holdings file).
CREATE INDEX import_rows_merges ON import_rows(batch_id, row_no)
    WHERE merge_customer_id IS NOT NULL;
