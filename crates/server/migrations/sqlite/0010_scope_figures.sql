-- Big scopes' figures, cached where every server instance sees them (docs/rules.md, Big
-- scopes; ARCHITECTURE.md, "More than one machine"). Keep in step with
-- ../postgres/0010_scope_figures.sql.

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

CREATE TRIGGER holdings_version_insert AFTER INSERT ON holdings
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = NEW.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER holdings_version_update AFTER UPDATE ON holdings
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = OLD.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = NEW.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER holdings_version_delete AFTER DELETE ON holdings
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = OLD.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER monthly_history_version_insert AFTER INSERT ON monthly_history
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = NEW.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER monthly_history_version_update AFTER UPDATE ON monthly_history
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = OLD.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = NEW.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER monthly_history_version_delete AFTER DELETE ON monthly_history
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = OLD.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER interactions_version_insert AFTER INSERT ON interactions
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = NEW.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER interactions_version_update AFTER UPDATE ON interactions
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = OLD.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = NEW.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER interactions_version_delete AFTER DELETE ON interactions
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = OLD.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER surveys_version_insert AFTER INSERT ON surveys
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = NEW.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER surveys_version_update AFTER UPDATE ON surveys
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = OLD.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = NEW.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER surveys_version_delete AFTER DELETE ON surveys
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = OLD.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER complaints_version_insert AFTER INSERT ON complaints
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = NEW.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER complaints_version_update AFTER UPDATE ON complaints
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = OLD.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = NEW.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER complaints_version_delete AFTER DELETE ON complaints
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT branch_id FROM customers WHERE id = OLD.customer_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER survey_ratings_version_insert AFTER INSERT ON survey_ratings
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT c.branch_id FROM surveys s JOIN customers c ON c.id = s.customer_id WHERE s.id = NEW.survey_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER survey_ratings_version_update AFTER UPDATE ON survey_ratings
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT c.branch_id FROM surveys s JOIN customers c ON c.id = s.customer_id WHERE s.id = OLD.survey_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT c.branch_id FROM surveys s JOIN customers c ON c.id = s.customer_id WHERE s.id = NEW.survey_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER survey_ratings_version_delete AFTER DELETE ON survey_ratings
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT (SELECT c.branch_id FROM surveys s JOIN customers c ON c.id = s.customer_id WHERE s.id = OLD.survey_id) AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER customers_version_insert AFTER INSERT ON customers
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT NEW.branch_id AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER customers_version_update AFTER UPDATE ON customers
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT OLD.branch_id AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT NEW.branch_id AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER customers_version_delete AFTER DELETE ON customers
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT OLD.branch_id AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER products_version_insert AFTER INSERT ON products
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT 0 AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER products_version_update AFTER UPDATE ON products
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT 0 AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER products_version_delete AFTER DELETE ON products
BEGIN
    INSERT INTO data_versions (branch_id, version) SELECT b, 1 FROM (SELECT 0 AS b) WHERE b IS NOT NULL
    ON CONFLICT (branch_id) DO UPDATE SET version = data_versions.version + 1;
END;

CREATE TRIGGER branches_version_insert AFTER INSERT ON branches
BEGIN
    INSERT INTO data_versions (branch_id, version) VALUES (NEW.id, 0)
    ON CONFLICT (branch_id) DO NOTHING;
END;
