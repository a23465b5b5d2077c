//! Complaints and their steps. A step names the status and version it moves from, so
//! two people moving one complaint at once cannot both succeed.

use super::audit::insert_audit;
use super::filter::Filter;
use super::scoped::{at, scoped_customer, Versioned};
use super::{col, enum_code, parse_date, parse_enum, parse_opt_date, NewAuditEntry, Storage};
use crate::error::AppError;
use crate::scope::Scope;
use chrono::NaiveDate;
use clientbook_domain::service::{Complaint, ComplaintEvent};
use clientbook_domain::{ComplaintSeverity, ComplaintStatus, CustomerId, UserId};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// A new complaint, deadlines already computed.
#[derive(Clone, Debug)]
pub struct NewComplaintRow {
    pub received_at_ms: i64,
    pub received_on: NaiveDate,
    pub channel: String,
    pub content_type: String,
    pub severity: String,
    pub description: String,
    pub customer_request: String,
    pub internal_deadline_ms: i64,
    pub regulatory_deadline: NaiveDate,
}

/// A step of a complaint.
#[derive(Clone, Debug)]
pub struct TransitionRow {
    /// When (Unix ms).
    pub at_ms: i64,
    pub from: ComplaintStatus,
    pub to: ComplaintStatus,
    pub version: i64,
    pub note: Option<String>,
    pub resolution: Option<String>,
    pub feedback: Option<String>,
    pub no_feedback_reason: Option<String>,
}

const COMPLAINT_COLUMNS: &str = "k.id, k.customer_id, k.received_on, k.received_at, k.channel, \
    k.content_type, k.severity, k.status, k.summary, k.customer_request, k.resolution, k.feedback, \
    k.no_feedback_reason, k.internal_deadline, k.regulatory_deadline, k.resolved_at, k.closed_at, k.version";

fn complaint_from_row(row: &AnyRow) -> Result<Complaint, AppError> {
    let missing = || AppError::internal("a complaint without its deadlines");
    Ok(Complaint {
        id: col(row, "id")?,
        customer_id: CustomerId(col(row, "customer_id")?),
        received_at: at(col::<Option<i64>>(row, "received_at")?.ok_or_else(missing)?),
        received_on: parse_date(&col::<String>(row, "received_on")?)?,
        channel: parse_enum(&col::<String>(row, "channel")?)?,
        content_type: parse_enum(&col::<String>(row, "content_type")?)?,
        severity: parse_enum(&col::<String>(row, "severity")?)?,
        status: parse_enum(&col::<String>(row, "status")?)?,
        description: col(row, "summary")?,
        customer_request: col(row, "customer_request")?,
        resolution: col(row, "resolution")?,
        feedback: col(row, "feedback")?,
        no_feedback_reason: col(row, "no_feedback_reason")?,
        internal_deadline: at(col::<Option<i64>>(row, "internal_deadline")?.ok_or_else(missing)?),
        regulatory_deadline: parse_opt_date(col(row, "regulatory_deadline")?)?
            .ok_or_else(missing)?,
        resolved_at: col::<Option<i64>>(row, "resolved_at")?.map(at),
        closed_at: col::<Option<i64>>(row, "closed_at")?.map(at),
        version: col(row, "version")?,
        events: vec![],
    })
}

/// Complaint ids and their customers: a list filter.
pub enum ComplaintSelection {
    One(i64),
    OfCustomer(CustomerId),
    /// Every complaint of the scope (`open_only`: not closed; `received`: received in
    /// `[from, to]`).
    All {
        open_only: bool,
        received: Option<(NaiveDate, NaiveDate)>,
    },
}

/// A complaint with who it belongs to (for lists).
#[derive(Clone, Debug)]
pub struct ComplaintWithCustomer {
    pub complaint: Complaint,
    pub customer_name: String,
    pub rm_id: UserId,
}

impl Storage {
    /// Complaints in `scope` (with their steps), soonest internal deadline first.
    #[tracing::instrument(skip(self, selection))]
    pub async fn complaints(
        &self,
        scope: Scope,
        selection: ComplaintSelection,
    ) -> Result<Vec<ComplaintWithCustomer>, AppError> {
        complaints_on(&mut *self.pool.acquire().await?, scope, selection).await
    }
}

/// [`Storage::complaints`] on a connection the caller holds (the customer page reads
/// them on the connection its other queries use).
pub(super) async fn complaints_on(
    conn: &mut AnyConnection,
    scope: Scope,
    selection: ComplaintSelection,
) -> Result<Vec<ComplaintWithCustomer>, AppError> {
    let filter = Filter::new(scope, None);
    let n = filter.next();
    // The condition on `k`, its order, and its date bounds (ids bind as integers).
    let (cond, order, dates) = match &selection {
        ComplaintSelection::One(_) => (format!("k.id = ${n}"), "k.id", None),
        ComplaintSelection::OfCustomer(_) => (
            format!("k.customer_id = ${n}"),
            "k.received_on DESC, k.id DESC",
            None,
        ),
        ComplaintSelection::All {
            open_only,
            received,
        } => {
            let mut cond = if *open_only {
                "k.status <> 'Closed'".to_owned()
            } else {
                "1 = 1".to_owned()
            };
            if received.is_some() {
                cond.push_str(&format!(
                    " AND k.received_on >= ${n} AND k.received_on <= ${}",
                    n + 1
                ));
            }
            (cond, "k.internal_deadline, k.id", *received)
        }
    };
    let sql = format!(
        "SELECT {COMPLAINT_COLUMNS}, c.name AS customer_name, c.rm_id FROM complaints k \
             JOIN customers c ON c.id = k.customer_id WHERE ({}) AND {cond} ORDER BY {order}",
        filter.sql
    );
    let mut q = filter.query(&sql);
    match &selection {
        ComplaintSelection::One(id) => q = q.bind(*id),
        ComplaintSelection::OfCustomer(c) => q = q.bind(c.0),
        ComplaintSelection::All { .. } => {
            if let Some((from, to)) = dates {
                q = q.bind(from.to_string()).bind(to.to_string());
            }
        }
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let mut out = rows
        .iter()
        .map(|row| {
            Ok(ComplaintWithCustomer {
                complaint: complaint_from_row(row)?,
                customer_name: col(row, "customer_name")?,
                rm_id: UserId(col(row, "rm_id")?),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    if out.is_empty() {
        return Ok(out);
    }
    let index: HashMap<i64, usize> = out
        .iter()
        .enumerate()
        .map(|(i, k)| (k.complaint.id, i))
        .collect();
    // The steps of the complaints listed: by id for a few, by scope for many.
    let events_sql = if out.len() <= 500 {
        let ids: Vec<String> = out.iter().map(|k| k.complaint.id.to_string()).collect();
        format!(
                "SELECT e.complaint_id, e.from_status, e.to_status, e.at, e.by_id, e.note, u.display_name \
                 FROM complaint_events e JOIN users u ON u.id = e.by_id WHERE e.complaint_id IN ({}) \
                 ORDER BY e.complaint_id, e.at, e.id",
                ids.join(", ")
            )
    } else {
        format!(
                "SELECT e.complaint_id, e.from_status, e.to_status, e.at, e.by_id, e.note, u.display_name \
                 FROM complaint_events e JOIN users u ON u.id = e.by_id JOIN complaints k ON k.id = e.complaint_id \
                 JOIN customers c ON c.id = k.customer_id WHERE {} ORDER BY e.complaint_id, e.at, e.id",
                filter.sql
            )
    };
    let q = if out.len() <= 500 {
        sqlx::query(&events_sql)
    } else {
        filter.query(&events_sql)
    };
    for row in q.fetch_all(&mut *conn).await? {
        let Some(&i) = index.get(&col::<i64>(&row, "complaint_id")?) else {
            continue;
        };
        out[i].complaint.events.push(ComplaintEvent {
            from: col::<Option<String>>(&row, "from_status")?
                .map(|s| parse_enum(&s))
                .transpose()?,
            to: parse_enum(&col::<String>(&row, "to_status")?)?,
            at: at(col(&row, "at")?),
            by_id: UserId(col(&row, "by_id")?),
            by_name: col(&row, "display_name")?,
            note: col(&row, "note")?,
        });
    }
    Ok(out)
}

impl Storage {
    /// Record a complaint received now, and its first step.
    #[tracing::instrument(skip(self, row, audit))]
    pub async fn create_complaint(
        &self,
        scope: Scope,
        customer: CustomerId,
        by: UserId,
        row: &NewComplaintRow,
        audit: &NewAuditEntry,
    ) -> Result<Option<i64>, AppError> {
        let mut tx = self.begin_write().await?;
        if scoped_customer(&mut tx, scope, customer).await?.is_none() {
            return Ok(None);
        }
        let inserted = sqlx::query(
            "INSERT INTO complaints (customer_id, received_on, channel, content_type, severity, status, \
             summary, resolution, received_at, customer_request, internal_deadline, regulatory_deadline, \
             recorded_by, version) VALUES ($1, $2, $3, $4, $5, 'Received', $6, NULL, $7, $8, $9, $10, $11, 1) \
             RETURNING id",
        )
        .bind(customer.0)
        .bind(row.received_on.to_string())
        .bind(&row.channel)
        .bind(&row.content_type)
        .bind(&row.severity)
        .bind(&row.description)
        .bind(row.received_at_ms)
        .bind(&row.customer_request)
        .bind(row.internal_deadline_ms)
        .bind(row.regulatory_deadline.to_string())
        .bind(by.0)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = col(&inserted, "id")?;
        sqlx::query(
            "INSERT INTO complaint_events (complaint_id, from_status, to_status, at, by_id, note) \
             VALUES ($1, NULL, 'Received', $2, $3, NULL)",
        )
        .bind(id)
        .bind(row.received_at_ms)
        .bind(by.0)
        .execute(&mut *tx)
        .await?;
        let mut audit = audit.clone();
        audit.detail = Some(format!("complaint={id}"));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Move a complaint one step, if it is still at `t.from` and `t.version`.
    #[tracing::instrument(skip(self, t, audit))]
    pub async fn transition_complaint(
        &self,
        scope: Scope,
        complaint: i64,
        customer: CustomerId,
        by: UserId,
        t: &TransitionRow,
        audit: &NewAuditEntry,
    ) -> Result<Versioned<()>, AppError> {
        let mut tx = self.begin_write().await?;
        if scoped_customer(&mut tx, scope, customer).await?.is_none() {
            return Err(AppError::NotFound);
        }
        let now = t.at_ms;
        let done = sqlx::query(
            "UPDATE complaints SET status = $1, version = version + 1, \
             resolution = COALESCE($2, resolution), feedback = COALESCE($3, feedback), \
             no_feedback_reason = COALESCE($4, no_feedback_reason), \
             resolved_at = CASE WHEN $1 = 'Resolved' THEN $5 ELSE resolved_at END, \
             closed_at = CASE WHEN $1 = 'Closed' THEN $5 ELSE closed_at END \
             WHERE id = $6 AND customer_id = $7 AND version = $8 AND status = $9",
        )
        .bind(enum_code(&t.to))
        .bind(&t.resolution)
        .bind(&t.feedback)
        .bind(&t.no_feedback_reason)
        .bind(now)
        .bind(complaint)
        .bind(customer.0)
        .bind(t.version)
        .bind(enum_code(&t.from))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(Versioned::Stale);
        }
        sqlx::query(
            "INSERT INTO complaint_events (complaint_id, from_status, to_status, at, by_id, note) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(complaint)
        .bind(enum_code(&t.from))
        .bind(enum_code(&t.to))
        .bind(now)
        .bind(by.0)
        .bind(&t.note)
        .execute(&mut *tx)
        .await?;
        let mut audit = audit.clone();
        audit.detail = Some(format!(
            "complaint={complaint} {}->{}",
            enum_code(&t.from),
            enum_code(&t.to)
        ));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Versioned::Done(()))
    }

    /// Complaints stored without deadlines (the demo bank's, or ones from before
    /// deadlines were kept): `compute(received_on) -> (received_at, internal, regulatory)`.
    #[tracing::instrument(skip_all)]
    pub async fn backfill_complaint_deadlines(
        &self,
        compute: impl Fn(NaiveDate, ComplaintSeverity) -> (i64, i64, NaiveDate),
    ) -> Result<u64, AppError> {
        let rows = sqlx::query(
            "SELECT id, received_on, severity FROM complaints WHERE internal_deadline IS NULL OR received_at IS NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        for row in &rows {
            let (received_at, internal, regulatory) = compute(
                parse_date(&col::<String>(row, "received_on")?)?,
                parse_enum(&col::<String>(row, "severity")?)?,
            );
            sqlx::query(
                "UPDATE complaints SET received_at = $1, internal_deadline = $2, regulatory_deadline = $3 \
                 WHERE id = $4",
            )
            .bind(received_at)
            .bind(internal)
            .bind(regulatory.to_string())
            .bind(col::<i64>(row, "id")?)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(rows.len() as u64)
    }
}
