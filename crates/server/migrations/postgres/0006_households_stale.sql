-- Stale fields (docs/rules.md, Stale fields): when each contact field of a customer was
-- last confirmed, and by whom. A field with no row counts from the KYC review date.
-- Households need no new table (0001 has households and customers.household_id/role).
-- Keep in step with ../sqlite/0006_households_stale.sql.

CREATE TABLE field_confirmations (
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    field TEXT NOT NULL,
    confirmed_on TEXT NOT NULL,
    confirmed_by BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (customer_id, field)
);
