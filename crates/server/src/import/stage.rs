//! The staged batch in the database: its row in `import_batches`, the checked rows in
//! `import_rows` and the report in `import_problems`. Any server instance can read,
//! commit or cancel a batch another one validated.

use crate::error::{AppError, AppResult};
use crate::storage::{col, Storage};
use clientbook_domain::import::{FileEncoding, ImportKind, ImportStatus, MergeDecision, Problem};
use sqlx::Row;

/// Who imports, and where they may: `branch_id` limits a branch manager's import.
#[derive(Clone, Debug)]
pub struct Importer {
    /// `None`: the command line.
    pub user_id: Option<i64>,
    pub username: String,
    pub branch_id: Option<i64>,
}

/// A batch's row.
#[derive(Clone, Debug)]
pub struct BatchRow {
    pub id: i64,
    pub kind: ImportKind,
    pub file_name: String,
    pub status: ImportStatus,
    pub encoding: Option<FileEncoding>,
    pub rows_read: i64,
    pub rows_valid: i64,
    pub rows_invalid: i64,
    pub rows_unchanged: i64,
    pub created_by: Option<i64>,
    pub created_by_name: String,
    pub branch_id: Option<i64>,
    pub created_at: i64,
    pub committed_by_name: Option<String>,
}

/// A line of the report as stored.
#[derive(Clone, Debug)]
pub struct StoredProblem {
    pub row: i64,
    pub column: Option<String>,
    pub value: Option<String>,
    pub problem: Problem,
    pub detail: Option<String>,
    pub error: bool,
}

/// A valid row waiting for the commit.
#[derive(Clone, Debug)]
pub struct StagedRow {
    pub row: i64,
    pub key: String,
    pub id_number: Option<String>,
    /// The checked row as JSON.
    pub data: String,
    pub ref_a: Option<i64>,
    pub ref_b: Option<i64>,
    pub target_id: Option<i64>,
    pub unchanged: bool,
    pub merge: Option<(i64, Problem)>,
}

fn code<T: serde::Serialize>(v: &T) -> String {
    crate::storage::enum_code(v)
}

pub async fn create_batch(
    storage: &Storage,
    kind: ImportKind,
    file_name: &str,
    who: &Importer,
) -> AppResult<i64> {
    let row = sqlx::query(
        "INSERT INTO import_batches (kind, file_name, status, created_by, created_by_name, \
         branch_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(kind.as_str())
    .bind(file_name)
    .bind(ImportStatus::Validating.as_str())
    .bind(who.user_id)
    .bind(&who.username)
    .bind(who.branch_id)
    .bind(crate::storage::now_ms())
    .fetch_one(storage.writer())
    .await?;
    col(&row, "id")
}

pub async fn set_encoding(storage: &Storage, id: i64, encoding: FileEncoding) -> AppResult<()> {
    sqlx::query("UPDATE import_batches SET encoding = $1 WHERE id = $2")
        .bind(code(&encoding))
        .bind(id)
        .execute(storage.writer())
        .await?;
    Ok(())
}

/// Store one chunk of checked rows and their problems, and the counts so far, in one
/// transaction (a reader never sees a count without its rows).
pub async fn write_chunk(
    storage: &Storage,
    id: i64,
    first_seq: i64,
    rows: &[StagedRow],
    problems: &[StoredProblem],
    counts: (i64, i64, i64, i64),
) -> AppResult<()> {
    let mut tx = storage.begin_write().await?;
    for part in rows.chunks(200) {
        let mut sql = String::from(
            "INSERT INTO import_rows (batch_id, row_no, row_key, id_number, data, ref_a, ref_b, \
             target_id, unchanged, merge_customer_id, merge_reason, merge_decision) VALUES ",
        );
        let mut n = 0;
        for (i, _) in part.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            sql.push('(');
            for j in 0..12 {
                n += 1;
                if j > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("${n}"));
            }
            sql.push(')');
        }
        let mut q = sqlx::query(&sql);
        for r in part {
            q = q
                .bind(id)
                .bind(r.row)
                .bind(&r.key)
                .bind(&r.id_number)
                .bind(&r.data)
                .bind(r.ref_a)
                .bind(r.ref_b)
                .bind(r.target_id)
                .bind(i64::from(r.unchanged))
                .bind(r.merge.map(|m| m.0))
                .bind(r.merge.map(|m| code(&m.1)))
                .bind(r.merge.map(|_| MergeDecision::Pending.as_str()));
        }
        q.execute(&mut *tx).await?;
    }
    for (i, p) in problems.iter().enumerate() {
        sqlx::query(
            "INSERT INTO import_problems (batch_id, seq, row_no, column_name, cell_value, \
             problem, detail, is_error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(first_seq + i as i64)
        .bind(p.row)
        .bind(&p.column)
        .bind(&p.value)
        .bind(code(&p.problem))
        .bind(&p.detail)
        .bind(i64::from(p.error))
        .execute(&mut *tx)
        .await?;
    }
    let (read, valid, invalid, unchanged) = counts;
    sqlx::query(
        "UPDATE import_batches SET rows_read = $1, rows_valid = $2, rows_invalid = $3, \
         rows_unchanged = $4 WHERE id = $5",
    )
    .bind(read)
    .bind(valid)
    .bind(invalid)
    .bind(unchanged)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// PostgreSQL's planner statistics for the staged rows, refreshed while a batch grows.
///
/// Every lookup of a chunk is `batch_id = $1 AND …`. The statistics describe the table
/// as autovacuum last sampled it, before this batch existed (or when it was tiny): the
/// new `batch_id` is estimated at one row, both `(batch_id, …)` indexes then cost the
/// same, and the planner took `(batch_id, id_number)` for the `row_key` lookup, reading
/// every row of the batch so far per chunk (quadratic: the 100,000-customer check took
/// ten times SQLite's; the commit's pages were sorted from a scan of the whole batch).
/// `ANALYZE` samples a bounded number of rows, so refreshing after chunks 1, 2, 4, 8, …
/// and once before the commit costs little. `SKIP_LOCKED`: a concurrent `ANALYZE` (another
/// import, autovacuum) is as good. SQLite's planner has no such statistics unless asked.
pub async fn refresh_statistics(storage: &Storage) -> AppResult<()> {
    if storage.kind() == crate::storage::DbKind::Postgres {
        sqlx::query("ANALYZE (SKIP_LOCKED) import_rows")
            .execute(storage.writer())
            .await?;
    }
    Ok(())
}

/// Move a batch from validating to `status` (ready or failed); a batch cancelled while
/// it was being validated stays cancelled.
pub async fn finish(storage: &Storage, id: i64, status: ImportStatus) -> AppResult<()> {
    sqlx::query("UPDATE import_batches SET status = $1 WHERE id = $2 AND status = $3")
        .bind(status.as_str())
        .bind(id)
        .bind(ImportStatus::Validating.as_str())
        .execute(storage.writer())
        .await?;
    Ok(())
}

pub async fn batch(storage: &Storage, id: i64) -> AppResult<Option<BatchRow>> {
    let row = sqlx::query(
        "SELECT id, kind, file_name, status, encoding, rows_read, rows_valid, rows_invalid, \
         rows_unchanged, created_by, created_by_name, branch_id, created_at, committed_by_name \
         FROM import_batches WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(storage.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let bad = |what: &str| AppError::internal(format!("bad stored import {what}"));
    Ok(Some(BatchRow {
        id: col(&row, "id")?,
        kind: ImportKind::parse(&col::<String>(&row, "kind")?).ok_or_else(|| bad("kind"))?,
        file_name: col(&row, "file_name")?,
        status: ImportStatus::parse(&col::<String>(&row, "status")?)
            .ok_or_else(|| bad("status"))?,
        encoding: col::<Option<String>>(&row, "encoding")?
            .map(|e| crate::storage::parse_enum(&e))
            .transpose()?,
        rows_read: col(&row, "rows_read")?,
        rows_valid: col(&row, "rows_valid")?,
        rows_invalid: col(&row, "rows_invalid")?,
        rows_unchanged: col(&row, "rows_unchanged")?,
        created_by: col(&row, "created_by")?,
        created_by_name: col(&row, "created_by_name")?,
        branch_id: col(&row, "branch_id")?,
        created_at: col(&row, "created_at")?,
        committed_by_name: col(&row, "committed_by_name")?,
    }))
}

/// The report's lines in order, `limit` of them from `offset`; and how many there are.
pub async fn problems(
    storage: &Storage,
    id: i64,
    offset: i64,
    limit: i64,
) -> AppResult<(Vec<StoredProblem>, i64)> {
    let rows = sqlx::query(
        "SELECT row_no, column_name, cell_value, problem, detail, is_error FROM import_problems \
         WHERE batch_id = $1 ORDER BY seq LIMIT $2 OFFSET $3",
    )
    .bind(id)
    .bind(limit)
    .bind(offset)
    .fetch_all(storage.pool())
    .await?;
    let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM import_problems WHERE batch_id = $1")
        .bind(id)
        .fetch_one(storage.pool())
        .await?
        .try_get("n")?;
    let lines = rows
        .iter()
        .map(|r| {
            Ok(StoredProblem {
                row: col(r, "row_no")?,
                column: col(r, "column_name")?,
                value: col(r, "cell_value")?,
                problem: crate::storage::parse_enum(&col::<String>(r, "problem")?)?,
                detail: col(r, "detail")?,
                error: col::<i64>(r, "is_error")? != 0,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok((lines, total))
}

/// Staged rows from `after_row` on, in file order: the commit pages through them.
pub async fn staged_rows(
    exec: impl sqlx::Executor<'_, Database = sqlx::Any>,
    id: i64,
    after_row: i64,
    limit: i64,
    merges_only: bool,
) -> AppResult<Vec<StagedRow>> {
    let filter = if merges_only {
        " AND merge_customer_id IS NOT NULL"
    } else {
        ""
    };
    let rows = sqlx::query(&format!(
        "SELECT row_no, row_key, id_number, data, ref_a, ref_b, target_id, unchanged, \
         merge_customer_id, merge_reason, merge_decision FROM import_rows \
         WHERE batch_id = $1 AND row_no > $2{filter} ORDER BY row_no LIMIT $3"
    ))
    .bind(id)
    .bind(after_row)
    .bind(limit)
    .fetch_all(exec)
    .await?;
    rows.iter()
        .map(|r| {
            let merge_id: Option<i64> = col(r, "merge_customer_id")?;
            let reason: Option<String> = col(r, "merge_reason")?;
            let merge = match (merge_id, reason) {
                (Some(c), Some(reason)) => Some((c, crate::storage::parse_enum(&reason)?)),
                _ => None,
            };
            Ok(StagedRow {
                row: col(r, "row_no")?,
                key: col(r, "row_key")?,
                id_number: col(r, "id_number")?,
                data: col(r, "data")?,
                ref_a: col(r, "ref_a")?,
                ref_b: col(r, "ref_b")?,
                target_id: col(r, "target_id")?,
                unchanged: col::<i64>(r, "unchanged")? != 0,
                merge,
            })
        })
        .collect()
}

/// The decision stored for each proposed merge, by row.
pub async fn merge_decisions(storage: &Storage, id: i64) -> AppResult<Vec<(i64, MergeDecision)>> {
    let rows = sqlx::query(
        "SELECT row_no, merge_decision FROM import_rows WHERE batch_id = $1 \
         AND merge_customer_id IS NOT NULL ORDER BY row_no",
    )
    .bind(id)
    .fetch_all(storage.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let d: String = col(r, "merge_decision")?;
            Ok((
                col(r, "row_no")?,
                MergeDecision::parse(&d).ok_or_else(|| AppError::internal("bad merge decision"))?,
            ))
        })
        .collect()
}

/// Record the user's decision on a proposed merge; false when the row proposes none.
pub async fn decide_merge(
    storage: &Storage,
    id: i64,
    row: i64,
    decision: MergeDecision,
) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE import_rows SET merge_decision = $1 WHERE batch_id = $2 AND row_no = $3 \
         AND merge_customer_id IS NOT NULL",
    )
    .bind(decision.as_str())
    .bind(id)
    .bind(row)
    .execute(storage.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Cancel a batch that is not committed: its staged rows go, its report stays.
pub async fn cancel(storage: &Storage, id: i64) -> AppResult<bool> {
    let mut tx = storage.begin_write().await?;
    let done = sqlx::query(
        "UPDATE import_batches SET status = $1 WHERE id = $2 AND status IN ($3, $4, $5)",
    )
    .bind(ImportStatus::Cancelled.as_str())
    .bind(id)
    .bind(ImportStatus::Validating.as_str())
    .bind(ImportStatus::Ready.as_str())
    .bind(ImportStatus::Failed.as_str())
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM import_rows WHERE batch_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the batch is still being validated (not cancelled meanwhile).
pub async fn still_validating(storage: &Storage, id: i64) -> AppResult<bool> {
    let row = sqlx::query("SELECT status FROM import_batches WHERE id = $1")
        .bind(id)
        .fetch_optional(storage.pool())
        .await?;
    Ok(match row {
        Some(r) => col::<String>(&r, "status")? == ImportStatus::Validating.as_str(),
        None => false,
    })
}
