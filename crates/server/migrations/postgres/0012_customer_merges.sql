-- Merging two customers the bank recorded twice (docs/rules.md, Merging customers): the
-- duplicate is retired, never deleted, and stays findable as merged into the kept one.
-- Every scoped read leaves a retired customer out (scope.rs). Keep in step with
-- ../sqlite/0012_customer_merges.sql.
ALTER TABLE customers ADD COLUMN merged_into BIGINT REFERENCES customers(id);
ALTER TABLE customers ADD COLUMN merged_at BIGINT;
