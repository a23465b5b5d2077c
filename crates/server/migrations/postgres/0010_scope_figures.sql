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

-- Three statement triggers per table (transition tables allow one event each).
DO $$
DECLARE
    t TEXT[];
BEGIN
    FOREACH t SLICE 1 IN ARRAY ARRAY[
        ['holdings', 'data_version_by_customer'],
        ['monthly_history', 'data_version_by_customer'],
        ['interactions', 'data_version_by_customer'],
        ['surveys', 'data_version_by_customer'],
        ['complaints', 'data_version_by_customer'],
        ['survey_ratings', 'data_version_by_survey'],
        ['customers', 'data_version_of_customer']
    ] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
            'FOR EACH STATEMENT EXECUTE FUNCTION %I()', t[1] || '_version_insert', t[1], t[2]);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows '
            'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()',
            t[1] || '_version_update', t[1], t[2]);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
            'FOR EACH STATEMENT EXECUTE FUNCTION %I()', t[1] || '_version_delete', t[1], t[2]);
    END LOOP;
END;
$$;
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
