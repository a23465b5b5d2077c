-- A bulk import at the issue's scale. Keep in step with ../postgres/0014_import_scale.sql.
-- There, the AUM trigger of 0011 becomes statement-level: a row-level trigger bumped one
-- `data_versions` row once per holding, and PostgreSQL keeps every version of a row
-- updated again and again in one transaction. SQLite has neither transition tables nor
-- that cost (a row is updated in place), so its row-level triggers stay.

-- The import's progress (`GET /api/imports/{id}`, polled while a file is checked) reads
-- the batch's proposed merges; without this index each poll read every staged row of
-- the batch (a million for the holdings file).
CREATE INDEX import_rows_merges ON import_rows(batch_id, row_no)
    WHERE merge_customer_id IS NOT NULL;
