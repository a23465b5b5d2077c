-- Big scopes' figures, cached where every server instance sees them (docs/rules.md, Big
-- scopes; ARCHITECTURE.md, "More than one machine"). Keep in step with
-- ../sqlite/0010_scope_figures.sql.

-- A data version per branch: bumped by the triggers below, in the same transaction as
-- any write to what the figures are computed from (customers, their holdings, history,
-- contacts, surveys and ratings, complaints), whatever code path wrote it. Branch 0 is
-- the bank-wide data (the product shelf). A branch's figures are fresh while its
-- version and branch 0's are unchanged; the bank's (and an RM's) while the sum of all is.
CREATE TABLE data_versions (
    branch_id BIGINT PRIMARY KEY,
    version BIGINT NOT NULL
);

-- The last figures computed for each scope, with what they were computed from: fresh
-- when the business date, the policy's hash and the data version still match.
CREATE TABLE scope_figures (
    scope_key TEXT PRIMARY KEY,
    as_of TEXT NOT NULL,
    policy_version TEXT NOT NULL,
    data_version TEXT NOT NULL,
    figures TEXT NOT NULL,
    computed_at BIGINT NOT NULL
);

-- Every branch has its counter from the start (branch 0: the bank-wide shelf), so a
-- bump is an update of an existing row: two writers never race to insert one.
INSERT INTO data_versions (branch_id, version) SELECT id, 0 FROM branches;
INSERT INTO data_versions (branch_id, version) VALUES (0, 0);

CREATE FUNCTION bump_data_version(branch BIGINT) RETURNS void AS $$
BEGIN
    IF branch IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO data_versions (branch_id, version) VALUES (branch, 1)
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;
$$ LANGUAGE plpgsql;

-- Statement-level, over the statement's transition tables: one bump per branch a
-- statement touched, not one per row. Row-level triggers updated the same counter row once
-- per inserted row, and PostgreSQL keeps every version of a row updated again and again in
-- one transaction, so a batch of the demo bank (tens of thousands of rows) slowed down
-- quadratically. Branches are bumped in id order, so two writers take the counters' locks
-- in the same order.
CREATE FUNCTION data_version_by_customer() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM bump_data_version(x.b) FROM (SELECT DISTINCT c.branch_id AS b FROM old_rows o
            JOIN customers c ON c.id = o.customer_id ORDER BY 1) x;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM bump_data_version(x.b) FROM (SELECT DISTINCT c.branch_id AS b FROM new_rows n
            JOIN customers c ON c.id = n.customer_id ORDER BY 1) x;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION data_version_by_survey() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM bump_data_version(x.b) FROM (SELECT DISTINCT c.branch_id AS b FROM old_rows o
            JOIN surveys s ON s.id = o.survey_id JOIN customers c ON c.id = s.customer_id
            ORDER BY 1) x;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM bump_data_version(x.b) FROM (SELECT DISTINCT c.branch_id AS b FROM new_rows n
            JOIN surveys s ON s.id = n.survey_id JOIN customers c ON c.id = s.customer_id
            ORDER BY 1) x;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION data_version_of_customer() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM bump_data_version(x.b)
            FROM (SELECT DISTINCT branch_id AS b FROM old_rows ORDER BY 1) x;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM bump_data_version(x.b)
            FROM (SELECT DISTINCT branch_id AS b FROM new_rows ORDER BY 1) x;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION data_version_of_bank() RETURNS trigger AS $$
BEGIN
    PERFORM bump_data_version(0);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER holdings_version_insert AFTER INSERT ON holdings REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER holdings_version_update AFTER UPDATE ON holdings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER holdings_version_delete AFTER DELETE ON holdings REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER monthly_history_version_insert AFTER INSERT ON monthly_history REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER monthly_history_version_update AFTER UPDATE ON monthly_history
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER monthly_history_version_delete AFTER DELETE ON monthly_history REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER interactions_version_insert AFTER INSERT ON interactions REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER interactions_version_update AFTER UPDATE ON interactions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER interactions_version_delete AFTER DELETE ON interactions REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER surveys_version_insert AFTER INSERT ON surveys REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER surveys_version_update AFTER UPDATE ON surveys
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER surveys_version_delete AFTER DELETE ON surveys REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER complaints_version_insert AFTER INSERT ON complaints REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER complaints_version_update AFTER UPDATE ON complaints
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER complaints_version_delete AFTER DELETE ON complaints REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER survey_ratings_version_insert AFTER INSERT ON survey_ratings REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_survey();
CREATE TRIGGER survey_ratings_version_update AFTER UPDATE ON survey_ratings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_survey();
CREATE TRIGGER survey_ratings_version_delete AFTER DELETE ON survey_ratings REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_by_survey();
CREATE TRIGGER customers_version_insert AFTER INSERT ON customers REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_of_customer();
CREATE TRIGGER customers_version_update AFTER UPDATE ON customers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_of_customer();
CREATE TRIGGER customers_version_delete AFTER DELETE ON customers REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_of_customer();
CREATE TRIGGER products_version AFTER INSERT OR UPDATE OR DELETE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_of_bank();

CREATE FUNCTION data_version_of_branch() RETURNS trigger AS $$
BEGIN
    INSERT INTO data_versions (branch_id, version) VALUES (NEW.id, 0)
    ON CONFLICT (branch_id) DO NOTHING;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER branches_version AFTER INSERT ON branches
    FOR EACH ROW EXECUTE FUNCTION data_version_of_branch();
