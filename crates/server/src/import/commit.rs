//! Committing a validated batch: ONE transaction in which every valid row lands (new
//! records inserted, changed ones updated, accepted merges applied) or none does, with
//! the audit entries of the commit and of each merge. A second commit answers 409.

use super::stage::{self, BatchRow, StagedRow};
use crate::error::{AppError, AppResult};
use crate::storage::{audit_merge, enum_code, DbKind, MergedFrom, NewAuditEntry, Storage};
use chrono::NaiveDate;
use clientbook_domain::api::AuditAction;
use clientbook_domain::error_code::ErrorCode;
use clientbook_domain::import::rows::{CustomerRow, HoldingRow, ImportRow};
use clientbook_domain::import::{ImportStatus, MergeDecision};
use clientbook_domain::stale::ContactField;
use clientbook_domain::Channel;
use sqlx::{Any, Row, Transaction};
use std::collections::HashMap;

mod history;

/// What a commit did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Committed {
    pub inserted: i64,
    pub updated: i64,
    pub merged: i64,
    pub unchanged: i64,
    /// Rows of rejected merges, left out.
    pub rejected: i64,
}

/// Staged rows read per page inside the transaction.
const PAGE: i64 = 500;

fn conflict(code: ErrorCode, message: &str, batch: &BatchRow) -> AppError {
    AppError::Conflict {
        code,
        message: message.to_owned(),
        current: serde_json::json!({ "id": batch.id, "status": batch.status }),
    }
}

/// Commit `batch`; `audit` is the entry to record it under (its action and detail are
/// filled in here).
pub async fn commit(
    storage: &Storage,
    batch: &BatchRow,
    by_name: &str,
    audit: NewAuditEntry,
    today: NaiveDate,
) -> AppResult<Committed> {
    match batch.status {
        ImportStatus::Ready => {}
        ImportStatus::Committed => {
            return Err(conflict(ErrorCode::ImportCommitted, "This import is already committed.", batch))
        }
        _ => {
            return Err(conflict(
                ErrorCode::ImportNotReady,
                "This import is not ready to commit: it is still being checked, failed or was cancelled.",
                batch,
            ))
        }
    }
    let decisions: HashMap<i64, MergeDecision> = stage::merge_decisions(storage, batch.id)
        .await?
        .into_iter()
        .collect();
    if decisions.values().any(|d| *d == MergeDecision::Pending) {
        return Err(conflict(
            ErrorCode::MergesUndecided,
            "Accept or reject every proposed merge before committing.",
            batch,
        ));
    }
    let mut tx = storage.begin_write().await?;
    if storage.kind() == DbKind::Postgres {
        // Commits allocate ids from MAX(id): one at a time.
        sqlx::query("SELECT pg_advisory_xact_lock(70050)")
            .execute(&mut *tx)
            .await?;
    }
    // First statement a write: SQLite takes its write lock here, before MAX(id) is read.
    let claimed = sqlx::query(
        "UPDATE import_batches SET status = $1, committed_at = $2, committed_by_name = $3 \
         WHERE id = $4 AND status = $5",
    )
    .bind(ImportStatus::Committed.as_str())
    .bind(crate::storage::now_ms())
    .bind(by_name)
    .bind(batch.id)
    .bind(ImportStatus::Ready.as_str())
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        tx.rollback().await?;
        return Err(conflict(
            ErrorCode::ImportCommitted,
            "This import is already committed.",
            batch,
        ));
    }
    // Customers and holdings take ids from MAX(id); history rows from their tables.
    let table = match batch.kind {
        clientbook_domain::import::ImportKind::Customers => "customers",
        clientbook_domain::import::ImportKind::Holdings => "holdings",
        _ => "import_batches",
    };
    let mut next_id: i64 = sqlx::query(&format!("SELECT COALESCE(MAX(id), 0) AS m FROM {table}"))
        .fetch_one(&mut *tx)
        .await?
        .try_get("m")?;
    let mut done = Committed::default();
    let mut merged_customers = vec![];
    let mut after = 0;
    loop {
        let page = stage::staged_rows(&mut *tx, batch.id, after, PAGE, false).await?;
        let Some(last) = page.last() else { break };
        after = last.row;
        let mut inserts = vec![];
        for s in page {
            if s.unchanged {
                done.unchanged += 1;
                continue;
            }
            if batch.kind.is_customer_history() {
                match s.target_id {
                    Some(_) => done.updated += 1,
                    None => done.inserted += 1,
                }
                history::write(&mut tx, &s, parsed(&s)?).await?;
                continue;
            }
            if s.merge.is_some() {
                match (decisions.get(&s.row), s.target_id) {
                    (Some(MergeDecision::Accepted), Some(kept)) => {
                        done.merged += 1;
                        let taken = taken_from_file(&mut tx, kept, &s).await?;
                        merged_customers.push((kept, s.row, taken));
                    }
                    _ => {
                        done.rejected += 1;
                        continue;
                    }
                }
            } else if s.target_id.is_some() {
                done.updated += 1;
            }
            match s.target_id {
                Some(id) => update(&mut tx, &s, id, audit.user_id, today).await?,
                None => {
                    next_id += 1;
                    done.inserted += 1;
                    inserts.push((next_id, s));
                }
            }
        }
        insert(&mut tx, &inserts, today).await?;
    }
    // Audited as every merge is (the customer page's too): storage::audit_merge.
    for (kept, row, taken) in merged_customers {
        let from = MergedFrom::ImportRow {
            import: batch.id,
            row,
            file: batch.file_name.clone(),
        };
        audit_merge(&mut tx, &audit, kept, &from, &taken).await?;
    }
    sqlx::query("DELETE FROM import_rows WHERE batch_id = $1")
        .bind(batch.id)
        .execute(&mut *tx)
        .await?;
    let entry = NewAuditEntry {
        action: enum_code(&AuditAction::ImportCommit),
        detail: Some(format!(
            "import={} kind={} file={} rows_read={} valid={} invalid={} inserted={} updated={} \
             merged={} unchanged={} rejected={}",
            batch.id,
            batch.kind.as_str(),
            batch.file_name,
            batch.rows_read,
            batch.rows_valid,
            batch.rows_invalid,
            done.inserted,
            done.updated,
            done.merged,
            done.unchanged,
            done.rejected
        )),
        ..audit
    };
    crate::storage::insert_audit_entry(&mut *tx, &entry).await?;
    tx.commit().await?;
    Ok(done)
}

/// The columns of customer `kept` whose value an accepted merge takes from the file:
/// those the row gives and that differ from the stored ones (read before the update).
async fn taken_from_file(
    tx: &mut Transaction<'static, Any>,
    kept: i64,
    s: &StagedRow,
) -> AppResult<Vec<String>> {
    let ImportRow::Customer(c) = parsed(s)? else {
        return Ok(vec![]);
    };
    let row = sqlx::query(&format!(
        "SELECT {} FROM customers WHERE id = $1",
        super::existing::CUSTOMER_FIELDS
    ))
    .bind(kept)
    .fetch_one(&mut **tx)
    .await?;
    let stored = super::existing::existing_from(&row)?;
    let mut taken: Vec<String> = super::existing::incoming_fields(&c)
        .into_iter()
        .filter(|(column, v)| v.is_some() && stored.get(column) != v.as_deref())
        .map(|(column, _)| column.to_owned())
        .collect();
    if stored.customer_no.as_deref() != Some(c.customer_no.as_str()) {
        taken.insert(0, "customer_no".to_owned());
    }
    Ok(taken)
}

fn parsed(s: &StagedRow) -> AppResult<ImportRow> {
    serde_json::from_str(&s.data).map_err(AppError::internal)
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The contact fields an import writes (docs/rules.md, Stale fields), as stored.
const CONTACT_FIELDS: [(ContactField, &str); 5] = [
    (ContactField::Phone, "phone"),
    (ContactField::Address, "address"),
    (ContactField::Occupation, "occupation"),
    (ContactField::IncomeBand, "income_band"),
    (ContactField::Email, "email"),
];

/// Saving a changed contact field confirms it (docs/rules.md, Stale fields): the fields
/// of customer `id` that `c` changes are confirmed `on`, by `by` (a person: the command
/// line's nightly load confirms nothing).
async fn confirm_changed(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    c: &CustomerRow,
    by: Option<i64>,
    on: NaiveDate,
) -> AppResult<()> {
    let Some(by) = by else { return Ok(()) };
    let old = sqlx::query(
        "SELECT phone, address, occupation, income_band, email FROM customers WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    let incoming = [
        Some(c.phone.clone()),
        c.address.clone(),
        c.occupation.clone(),
        Some(enum_code(&c.income_band)),
        c.email.clone(),
    ];
    for ((field, column), new) in CONTACT_FIELDS.iter().zip(incoming) {
        let stored: Option<String> = old.try_get(*column)?;
        if new.is_some() && new != stored {
            sqlx::query(
                "INSERT INTO field_confirmations (customer_id, field, confirmed_on, confirmed_by) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (customer_id, field) DO UPDATE SET \
                 confirmed_on = excluded.confirmed_on, confirmed_by = excluded.confirmed_by",
            )
            .bind(id)
            .bind(field.as_str())
            .bind(date(on))
            .bind(by)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

async fn update(
    tx: &mut Transaction<'static, Any>,
    s: &StagedRow,
    id: i64,
    by: Option<i64>,
    today: NaiveDate,
) -> AppResult<()> {
    match parsed(s)? {
        ImportRow::Customer(c) => {
            confirm_changed(tx, id, &c, by, today).await?;
            sqlx::query(
                "UPDATE customers SET rm_id = $1, branch_id = $2, customer_no = $3, name = $4, \
                 phone = $5, id_type = $6, id_number = $7, gender = $8, birth_date = $9, \
                 email = COALESCE($10, email), address = COALESCE($11, address), \
                 occupation = COALESCE($12, occupation), income_band = $13, \
                 risk_level = COALESCE($14, risk_level), \
                 risk_assessed_on = COALESCE($15, risk_assessed_on), since = COALESCE($16, since), \
                 version = version + 1 WHERE id = $17",
            )
            .bind(s.ref_a)
            .bind(s.ref_b)
            .bind(&c.customer_no)
            .bind(&c.name)
            .bind(&c.phone)
            .bind(enum_code(&c.id_type))
            .bind(&c.id_number)
            .bind(enum_code(&c.gender))
            .bind(date(c.birth_date))
            .bind(&c.email)
            .bind(&c.address)
            .bind(&c.occupation)
            .bind(enum_code(&c.income_band))
            .bind(c.risk_level.map(|r| enum_code(&r)))
            .bind(c.risk_assessed_on.map(date))
            .bind(c.since.map(date))
            .bind(id)
            .execute(&mut **tx)
            .await?;
        }
        ImportRow::Holding(h) => {
            sqlx::query(
                "UPDATE holdings SET customer_id = $1, product_id = $2, balance = $3, \
                 opened_on = $4, matures_on = $5 WHERE id = $6",
            )
            .bind(s.ref_a)
            .bind(s.ref_b)
            .bind(h.balance.fen())
            .bind(date(h.opened_on))
            .bind(h.matures_on.map(date))
            .bind(id)
            .execute(&mut **tx)
            .await?;
        }
        _ => return Err(AppError::internal("a history row updated as a record")),
    }
    Ok(())
}

const CUSTOMER_INSERT: &[&str] = &[
    "id",
    "rm_id",
    "branch_id",
    "customer_no",
    "name",
    "phone",
    "id_type",
    "id_number",
    "gender",
    "birth_date",
    "email",
    "address",
    "occupation",
    "income_band",
    "hobbies",
    "preferred_channel",
    "risk_level",
    "risk_assessed_on",
    "kyc_reviewed_on",
    "since",
    "stated_needs",
];
const HOLDING_INSERT: &[&str] = &[
    "id",
    "customer_id",
    "product_id",
    "balance",
    "opened_on",
    "matures_on",
    "account_no",
];

fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..columns.len() {
            n += 1;
            if c > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("${n}"));
        }
        sql.push(')');
    }
    sql
}

/// Insert new records, many per statement.
async fn insert(
    tx: &mut Transaction<'static, Any>,
    rows: &[(i64, StagedRow)],
    today: NaiveDate,
) -> AppResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let parsed: Vec<(i64, &StagedRow, ImportRow)> = rows
        .iter()
        .map(|(id, s)| Ok((*id, s, parsed(s)?)))
        .collect::<AppResult<_>>()?;
    let customers: Vec<(i64, &StagedRow, &CustomerRow)> = parsed
        .iter()
        .filter_map(|(id, s, r)| match r {
            ImportRow::Customer(c) => Some((*id, *s, c)),
            _ => None,
        })
        .collect();
    let holdings: Vec<(i64, &StagedRow, &HoldingRow)> = parsed
        .iter()
        .filter_map(|(id, s, r)| match r {
            ImportRow::Holding(h) => Some((*id, *s, h)),
            _ => None,
        })
        .collect();
    if !customers.is_empty() {
        let sql = insert_sql("customers", CUSTOMER_INSERT, customers.len());
        let mut q = sqlx::query(&sql);
        for (id, s, c) in &customers {
            q = q
                .bind(*id)
                .bind(s.ref_a)
                .bind(s.ref_b)
                .bind(&c.customer_no)
                .bind(&c.name)
                .bind(&c.phone)
                .bind(enum_code(&c.id_type))
                .bind(&c.id_number)
                .bind(enum_code(&c.gender))
                .bind(date(c.birth_date))
                .bind(&c.email)
                .bind(c.address.clone().unwrap_or_default())
                .bind(c.occupation.clone().unwrap_or_default())
                .bind(enum_code(&c.income_band))
                .bind(String::new())
                .bind(enum_code(&Channel::Phone))
                .bind(c.risk_level.map(|r| enum_code(&r)))
                .bind(c.risk_assessed_on.map(date))
                .bind(date(c.risk_assessed_on.unwrap_or(today)))
                .bind(date(c.since.unwrap_or(today)))
                .bind(String::new());
        }
        q.execute(&mut **tx).await?;
    }
    if !holdings.is_empty() {
        let sql = insert_sql("holdings", HOLDING_INSERT, holdings.len());
        let mut q = sqlx::query(&sql);
        for (id, s, h) in &holdings {
            q = q
                .bind(*id)
                .bind(s.ref_a)
                .bind(s.ref_b)
                .bind(h.balance.fen())
                .bind(date(h.opened_on))
                .bind(h.matures_on.map(date))
                .bind(&h.account_no);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}
