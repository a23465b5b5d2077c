-- The importer finds existing customers by ID number alone (docs/rules.md, Import:
-- de-duplication), across ID types (a 15-digit card is the same person as the 18-digit
-- one). The unique index on (id_type, id_number) cannot serve that lookup, so each
-- chunk of a file scanned every customer: fine on a demo bank, minutes on a bank of a
-- million. Keep in step with ../postgres/0013_import_lookups.sql.
CREATE INDEX customers_by_id_number ON customers(id_number);
