-- A bank of a million customers, after merges (0012): every scope's condition says
-- `c.merged_into IS NULL` (a retired duplicate is in no one's scope), which none of the
-- scope indexes of 0011 holds, so counting a scope (the first page of `GET
-- /api/customers`, `GET /api/scope`) read every customer's row of the scope from the
-- table to check it: 125,000 rows for one RM, the whole table for compliance. The same
-- indexes, partial on the live customers, answer the count from the index alone and
-- walk a page without skipping retired rows. Keep in step with
-- ../sqlite/0016_live_customer_indexes.sql.
CREATE INDEX customers_live_id ON customers(id) WHERE merged_into IS NULL;
CREATE INDEX customers_live_rm_id ON customers(rm_id, id) WHERE merged_into IS NULL;
CREATE INDEX customers_live_branch_id ON customers(branch_id, id) WHERE merged_into IS NULL;
CREATE INDEX customers_live_rm_aum ON customers(rm_id, aum DESC, id) WHERE merged_into IS NULL;
CREATE INDEX customers_live_branch_aum ON customers(branch_id, aum DESC, id) WHERE merged_into IS NULL;
CREATE INDEX customers_live_aum ON customers(aum DESC, id) WHERE merged_into IS NULL;
