-- A bank of a million customers: what `GET /api/customers` needs to cost the same per
-- page whatever the scope. Keep in step with ../postgres/0011_scale_indexes.sql.

-- The customer's AUM (docs/rules.md, Tiers: asset families only, in fen), kept by the
-- triggers below from the holdings, so that a page sorted or filtered by AUM reads an
-- index instead of summing every holding in scope.
ALTER TABLE customers ADD COLUMN aum BIGINT NOT NULL DEFAULT 0;

UPDATE customers SET aum = COALESCE((
    SELECT SUM(h.balance) FROM holdings h JOIN products p ON p.id = h.product_id
    WHERE h.customer_id = customers.id AND p.family NOT IN ('Loan', 'CreditCard')
), 0);

CREATE TRIGGER holdings_aum_insert AFTER INSERT ON holdings
WHEN NEW.product_id IN (SELECT id FROM products WHERE family NOT IN ('Loan', 'CreditCard'))
BEGIN
    UPDATE customers SET aum = aum + NEW.balance WHERE id = NEW.customer_id;
END;

CREATE TRIGGER holdings_aum_delete AFTER DELETE ON holdings
WHEN OLD.product_id IN (SELECT id FROM products WHERE family NOT IN ('Loan', 'CreditCard'))
BEGIN
    UPDATE customers SET aum = aum - OLD.balance WHERE id = OLD.customer_id;
END;

CREATE TRIGGER holdings_aum_update AFTER UPDATE ON holdings
BEGIN
    UPDATE customers SET aum = aum - OLD.balance
    WHERE id = OLD.customer_id
      AND OLD.product_id IN (SELECT id FROM products WHERE family NOT IN ('Loan', 'CreditCard'));
    UPDATE customers SET aum = aum + NEW.balance
    WHERE id = NEW.customer_id
      AND NEW.product_id IN (SELECT id FROM products WHERE family NOT IN ('Loan', 'CreditCard'));
END;

-- Keyset pages in each scope (RM, branch, bank) and order (id, AUM descending).
CREATE INDEX customers_rm_id ON customers(rm_id, id);
CREATE INDEX customers_branch_id ON customers(branch_id, id);
CREATE INDEX customers_rm_aum ON customers(rm_id, aum DESC, id);
CREATE INDEX customers_branch_aum ON customers(branch_id, aum DESC, id);
CREATE INDEX customers_aum ON customers(aum DESC, id);
-- The customer page's lists, newest first.
CREATE INDEX interactions_customer_on ON interactions(customer_id, occurred_on);
CREATE INDEX complaints_customer_on ON complaints(customer_id, received_on);
