-- Measuring the rules: the recommendations and retention listings an RM was shown, one
-- row per customer, product (or listing) and day. Keep in step with the other database's
-- 0009_rule_measures.sql.

CREATE TABLE recommendations_shown (
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    shown_on TEXT NOT NULL,
    product_family TEXT NOT NULL,
    reason TEXT NOT NULL,
    rm_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (customer_id, product_id, shown_on)
);
CREATE INDEX recommendations_shown_on ON recommendations_shown(shown_on);

-- `listed` 1: on the retention list; 0: among the customers nearest below it (the
-- comparison group).
CREATE TABLE retention_shown (
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    shown_on TEXT NOT NULL,
    churn_score BIGINT NOT NULL,
    listed BIGINT NOT NULL,
    rm_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (customer_id, shown_on)
);
CREATE INDEX retention_shown_on ON retention_shown(shown_on);
