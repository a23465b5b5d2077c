//! Merging two customers the bank recorded twice (docs/rules.md, Merging customers), in
//! one transaction: the chosen fields copied to the kept record, every record that
//! hangs off the duplicate moved to it, the duplicate retired ("merged into" the kept
//! one, never deleted), both versions bumped, and the audit entries written.

use super::audit::{insert_audit, NewAuditEntry};
use super::scoped::scoped_customer;
use super::{col, Storage};
use crate::error::AppError;
use crate::scope::Scope;
use clientbook_domain::api::AuditAction;
use clientbook_domain::customer_merge::MergeableField;
use clientbook_domain::CustomerId;
use sqlx::{AnyConnection, Row};

/// The most merges followed from a retired customer to its survivor.
pub const MAX_MERGE_CHAIN: usize = 64;

/// Tables whose rows move to the kept customer as they are.
const MOVED: &[&str] = &[
    "holdings",
    "interactions",
    "surveys",
    "complaints",
    "notes",
    "care_markers",
    "opportunities",
    "meetings",
];

/// Tables keyed by the customer and more (the key's other columns): a row the kept
/// customer already has under the same key stays theirs, the duplicate's is dropped.
const KEYED: &[(&str, &[&str])] = &[
    ("campaign_members", &["campaign_id"]),
    ("recommendations_shown", &["product_id", "shown_on"]),
    ("retention_shown", &["shown_on"]),
];

/// What was merged into the kept customer: another record of the bank (retired by the
/// merge), or a row of an import that the user accepted as the same person (its values
/// written to the kept customer; a file row has no history of its own to move).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergedFrom {
    Record(i64),
    ImportRow { import: i64, row: i64, file: String },
}

/// The audit of a merge, wherever it was made (the customer page's merge or an import's
/// accepted merge): one `merge_customers` entry on the kept customer naming what was
/// merged into it and the fields whose value came from that side, and the same entry on
/// the retired record when there is one. Written in the merge's transaction.
pub async fn audit_merge(
    conn: &mut AnyConnection,
    audit: &NewAuditEntry,
    kept: i64,
    from: &MergedFrom,
    taken: &[String],
) -> Result<(), AppError> {
    let mut entry = audit.clone();
    entry.action = super::enum_code(&AuditAction::MergeCustomers);
    entry.customer_id = Some(kept);
    entry.fields = taken.to_vec();
    let taken = if taken.is_empty() {
        "none".to_owned()
    } else {
        taken.join(",")
    };
    let duplicate = match from {
        MergedFrom::Record(id) => id.to_string(),
        MergedFrom::ImportRow { import, row, file } => {
            format!("import:{import}:row:{row} file={file}")
        }
    };
    entry.detail = Some(format!(
        "kept={kept} duplicate={duplicate} from_duplicate={taken}"
    ));
    insert_audit(&mut *conn, &entry).await?;
    if let MergedFrom::Record(id) = from {
        entry.customer_id = Some(*id);
        insert_audit(&mut *conn, &entry).await?;
    }
    Ok(())
}

/// A customer as a merge reads it: the choosable fields as stored text.
#[derive(Clone, Debug)]
pub struct MergeCustomerRow {
    pub id: i64,
    pub customer_no: Option<String>,
    pub rm_id: i64,
    pub version: i64,
    pub household_id: Option<i64>,
    pub household_role: Option<String>,
    pub id_type: String,
    pub id_number: String,
    pub fields: Vec<(MergeableField, Option<String>)>,
    pub history_records: i64,
}

impl MergeCustomerRow {
    pub fn get(&self, f: MergeableField) -> Option<&str> {
        self.fields
            .iter()
            .find(|(g, _)| *g == f)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// Why a merge was not done.
#[derive(Debug)]
pub enum MergeRefusal {
    /// Either customer is not in the scope (or is retired already).
    NotFound,
    /// A version sent is not the current one.
    Stale,
}

async fn read(
    conn: &mut AnyConnection,
    scope: Scope,
    id: CustomerId,
) -> Result<Option<MergeCustomerRow>, AppError> {
    if scoped_customer(conn, scope, id).await?.is_none() {
        return Ok(None);
    }
    let columns: Vec<&str> = MergeableField::ALL.iter().map(|f| f.as_str()).collect();
    let row = sqlx::query(&format!(
        "SELECT id, customer_no, rm_id, version, household_id, household_role, id_type, id_number, {} \
         FROM customers WHERE id = $1",
        columns.join(", ")
    ))
    .bind(id.0)
    .fetch_one(&mut *conn)
    .await?;
    let mut fields = vec![];
    for f in MergeableField::ALL {
        fields.push((f, col::<Option<String>>(&row, f.as_str())?));
    }
    let mut history_records = 0;
    for table in MOVED.iter().chain(["monthly_history"].iter()) {
        let n: i64 = sqlx::query(&format!(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {table} WHERE customer_id = $1"
        ))
        .bind(id.0)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
        history_records += n;
    }
    Ok(Some(MergeCustomerRow {
        id: col(&row, "id")?,
        customer_no: col(&row, "customer_no")?,
        rm_id: col(&row, "rm_id")?,
        version: col(&row, "version")?,
        household_id: col(&row, "household_id")?,
        household_role: col(&row, "household_role")?,
        id_type: col(&row, "id_type")?,
        id_number: col(&row, "id_number")?,
        fields,
        history_records,
    }))
}

impl Storage {
    /// Both customers of a merge, if `scope` holds both (and neither is retired).
    #[tracing::instrument(skip(self))]
    pub async fn merge_pair(
        &self,
        scope: Scope,
        kept: CustomerId,
        duplicate: CustomerId,
    ) -> Result<Option<(MergeCustomerRow, MergeCustomerRow)>, AppError> {
        let mut conn = self.pool.acquire().await?;
        let Some(k) = read(&mut conn, scope, kept).await? else {
            return Ok(None);
        };
        let Some(d) = read(&mut conn, scope, duplicate).await? else {
            return Ok(None);
        };
        Ok(Some((k, d)))
    }

    /// The id of the customer with this customer number (or, failing that, this id)
    /// in `scope`, not retired.
    #[tracing::instrument(skip(self))]
    pub async fn find_customer(
        &self,
        scope: Scope,
        key: &str,
    ) -> Result<Option<CustomerId>, AppError> {
        let (cond, param) = scope.condition(2);
        let sql = format!("SELECT c.id FROM customers c WHERE c.customer_no = $1 AND ({cond})");
        let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(key.to_owned());
        if let Some(p) = param {
            q = q.bind(p);
        }
        if let Some(id) = q.fetch_optional(&self.pool).await? {
            return Ok(Some(CustomerId(id)));
        }
        match key.parse::<i64>() {
            Ok(id) if id > 0 => {
                let mut conn = self.pool.acquire().await?;
                Ok(scoped_customer(&mut conn, scope, CustomerId(id))
                    .await?
                    .map(|c| c.id))
            }
            _ => Ok(None),
        }
    }

    /// Where a retired customer went: the end of its chain of merges (A into B, then B
    /// into C: C), if that survivor is in `scope`, as (id, customer number, name
    /// unmasked). `None` when `id` is not retired, does not exist, or its survivor is
    /// outside the scope: the caller then learns nothing of it. A chain longer than
    /// [`MAX_MERGE_CHAIN`] or looping back on itself (which no merge writes) reads as
    /// `None` too.
    #[tracing::instrument(skip(self))]
    pub async fn merge_survivor(
        &self,
        scope: Scope,
        id: CustomerId,
    ) -> Result<Option<(CustomerId, Option<String>, String)>, AppError> {
        let mut conn = self.pool.acquire().await?;
        let mut seen = vec![id.0];
        let mut at = id.0;
        loop {
            let next: Option<Option<i64>> =
                sqlx::query_scalar("SELECT merged_into FROM customers WHERE id = $1")
                    .bind(at)
                    .fetch_optional(&mut *conn)
                    .await?;
            match next {
                None => return Ok(None),
                // The first customer is not retired: it is not found (out of scope).
                Some(None) if at == id.0 => return Ok(None),
                Some(None) => break,
                Some(Some(n)) if seen.contains(&n) || seen.len() > MAX_MERGE_CHAIN => {
                    tracing::warn!(customer = id.0, "merged_into chain loops or is too long");
                    return Ok(None);
                }
                Some(Some(n)) => {
                    seen.push(n);
                    at = n;
                }
            }
        }
        let Some(found) = scoped_customer(&mut conn, scope, CustomerId(at)).await? else {
            return Ok(None);
        };
        let row = sqlx::query("SELECT customer_no, name FROM customers WHERE id = $1")
            .bind(found.id.0)
            .fetch_one(&mut *conn)
            .await?;
        Ok(Some((
            found.id,
            col(&row, "customer_no")?,
            col(&row, "name")?,
        )))
    }

    /// Merge `duplicate` into `kept` (see the module): returns the records moved and the
    /// kept customer's new version. `audit` says who merged; [`audit_merge`] writes it.
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(skip(self, audit))]
    pub async fn merge_customers(
        &self,
        scope: Scope,
        kept: CustomerId,
        duplicate: CustomerId,
        take: &[MergeableField],
        versions: (i64, i64),
        audit: &NewAuditEntry,
    ) -> Result<Result<(i64, i64), MergeRefusal>, AppError> {
        let mut tx = self.begin_write().await?;
        let (Some(k), Some(d)) = (
            read(&mut tx, scope, kept).await?,
            read(&mut tx, scope, duplicate).await?,
        ) else {
            return Ok(Err(MergeRefusal::NotFound));
        };
        if (k.version, d.version) != versions {
            return Ok(Err(MergeRefusal::Stale));
        }
        let (kid, did) = (k.id, d.id);
        // The chosen values, and the confirmation that goes with each.
        for f in take {
            sqlx::query(&format!(
                "UPDATE customers SET {c} = (SELECT d.{c} FROM customers d WHERE d.id = $1) WHERE id = $2",
                c = f.as_str()
            ))
            .bind(did)
            .bind(kid)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM field_confirmations WHERE customer_id = $1 AND field = $2")
                .bind(kid)
                .bind(f.as_str())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE field_confirmations SET customer_id = $1 WHERE customer_id = $2 AND field = $3",
            )
            .bind(kid)
            .bind(did)
            .bind(f.as_str())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM field_confirmations WHERE customer_id = $1")
            .bind(did)
            .execute(&mut *tx)
            .await?;
        let mut moved = 0;
        for table in MOVED {
            moved += sqlx::query(&format!(
                "UPDATE {table} SET customer_id = $1 WHERE customer_id = $2"
            ))
            .bind(kid)
            .bind(did)
            .execute(&mut *tx)
            .await?
            .rows_affected() as i64;
        }
        // Months both records have are one person's: their figures are added up.
        moved += sqlx::query(
            "UPDATE monthly_history SET \
             transactions = transactions + (SELECT d.transactions FROM monthly_history d WHERE d.customer_id = $2 AND d.month = monthly_history.month), \
             logins = logins + (SELECT d.logins FROM monthly_history d WHERE d.customer_id = $2 AND d.month = monthly_history.month), \
             inflow = inflow + (SELECT d.inflow FROM monthly_history d WHERE d.customer_id = $2 AND d.month = monthly_history.month), \
             outflow = outflow + (SELECT d.outflow FROM monthly_history d WHERE d.customer_id = $2 AND d.month = monthly_history.month), \
             aum_end = aum_end + (SELECT d.aum_end FROM monthly_history d WHERE d.customer_id = $2 AND d.month = monthly_history.month), \
             margin = margin + (SELECT d.margin FROM monthly_history d WHERE d.customer_id = $2 AND d.month = monthly_history.month) \
             WHERE customer_id = $1 AND month IN (SELECT month FROM monthly_history WHERE customer_id = $2)",
        )
        .bind(kid)
        .bind(did)
        .execute(&mut *tx)
        .await?
        .rows_affected() as i64;
        sqlx::query(
            "DELETE FROM monthly_history WHERE customer_id = $2 AND month IN \
             (SELECT k.month FROM monthly_history k WHERE k.customer_id = $1)",
        )
        .bind(kid)
        .bind(did)
        .execute(&mut *tx)
        .await?;
        moved += sqlx::query("UPDATE monthly_history SET customer_id = $1 WHERE customer_id = $2")
            .bind(kid)
            .bind(did)
            .execute(&mut *tx)
            .await?
            .rows_affected() as i64;
        for (table, key) in KEYED {
            let same = key
                .iter()
                .map(|c| format!("k.{c} = {table}.{c}"))
                .collect::<Vec<_>>()
                .join(" AND ");
            sqlx::query(&format!(
                "UPDATE {table} SET customer_id = $1 WHERE customer_id = $2 AND NOT EXISTS \
                 (SELECT 1 FROM {table} k WHERE k.customer_id = $1 AND {same})"
            ))
            .bind(kid)
            .bind(did)
            .execute(&mut *tx)
            .await?;
            sqlx::query(&format!("DELETE FROM {table} WHERE customer_id = $1"))
                .bind(did)
                .execute(&mut *tx)
                .await?;
        }
        // Household: the kept customer takes the duplicate's when it has none.
        let (household, role) = match (k.household_id, d.household_id) {
            (None, Some(h)) => (Some(h), d.household_role.clone()),
            _ => (k.household_id, k.household_role.clone()),
        };
        // The kept customer keeps its customer number, or takes the duplicate's.
        let take_no = k.customer_no.is_none() && d.customer_no.is_some();
        sqlx::query(
            "UPDATE customers SET merged_into = $1, merged_at = $2, household_id = NULL, \
             household_role = NULL, customer_no = CASE WHEN $3 = 1 THEN NULL ELSE customer_no END, \
             version = version + 1 WHERE id = $4",
        )
        .bind(kid)
        .bind(super::now_ms())
        .bind(i64::from(take_no))
        .bind(did)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE customers SET household_id = $1, household_role = $2, \
             customer_no = COALESCE(customer_no, $3), version = version + 1 WHERE id = $4",
        )
        .bind(household)
        .bind(role)
        .bind(d.customer_no.clone().filter(|_| take_no))
        .bind(kid)
        .execute(&mut *tx)
        .await?;
        let taken: Vec<String> = take.iter().map(|f| f.as_str().to_owned()).collect();
        audit_merge(&mut tx, audit, kid, &MergedFrom::Record(did), &taken).await?;
        tx.commit().await?;
        Ok(Ok((moved, k.version + 1)))
    }
}
