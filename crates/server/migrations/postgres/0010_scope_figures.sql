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

-- A row of a table with a customer_id: the customer's branch, before and after.
CREATE FUNCTION data_version_by_customer() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM bump_data_version((SELECT branch_id FROM customers WHERE id = OLD.customer_id));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM bump_data_version((SELECT branch_id FROM customers WHERE id = NEW.customer_id));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION data_version_by_survey() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM bump_data_version((SELECT c.branch_id FROM surveys s JOIN customers c ON c.id = s.customer_id WHERE s.id = OLD.survey_id));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM bump_data_version((SELECT c.branch_id FROM surveys s JOIN customers c ON c.id = s.customer_id WHERE s.id = NEW.survey_id));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION data_version_of_customer() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM bump_data_version(OLD.branch_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM bump_data_version(NEW.branch_id);
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

CREATE TRIGGER holdings_version AFTER INSERT OR UPDATE OR DELETE ON holdings
    FOR EACH ROW EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER monthly_history_version AFTER INSERT OR UPDATE OR DELETE ON monthly_history
    FOR EACH ROW EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER interactions_version AFTER INSERT OR UPDATE OR DELETE ON interactions
    FOR EACH ROW EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER surveys_version AFTER INSERT OR UPDATE OR DELETE ON surveys
    FOR EACH ROW EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER complaints_version AFTER INSERT OR UPDATE OR DELETE ON complaints
    FOR EACH ROW EXECUTE FUNCTION data_version_by_customer();
CREATE TRIGGER survey_ratings_version AFTER INSERT OR UPDATE OR DELETE ON survey_ratings
    FOR EACH ROW EXECUTE FUNCTION data_version_by_survey();
CREATE TRIGGER customers_version AFTER INSERT OR UPDATE OR DELETE ON customers
    FOR EACH ROW EXECUTE FUNCTION data_version_of_customer();
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
