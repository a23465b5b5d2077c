//! Service work: notes, the contact log, complaints, care markers, surveys and book
//! ownership. Every change checks the caller's scope inside its transaction and appends
//! its audit entry to the same transaction: the change and its record commit together
//! or not at all.

use super::audit::insert_audit;
use super::customers::Filter;
use super::{
    col, enum_code, now_ms, parse_date, parse_enum, parse_opt_date, NewAuditEntry, Storage,
};
use crate::error::AppError;
use crate::scope::Scope;
use chrono::{DateTime, NaiveDate, Utc};
use clientbook_domain::service::{
    CareKind, CareMarker, CareMarkerState, Complaint, ComplaintEvent, ContactState, Interaction,
    InteractionKind, InteractionOutcome, Note, NoteRevision, RatingInput,
};
use clientbook_domain::{
    BookCustomer, BranchId, Channel, ComplaintSeverity, ComplaintStatus, CustomerId, UserId,
};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// The outcome of an edit that names the version it was based on.
#[derive(Debug)]
pub enum Versioned<T> {
    Done(T),
    /// The version sent is not the current one: nothing was changed.
    Stale,
}

/// What a write needs to know of the customer it touches.
#[derive(Clone, Debug)]
pub struct CustomerRef {
    pub id: CustomerId,
    pub rm_id: UserId,
    pub branch_id: BranchId,
    pub since: NaiveDate,
    pub version: i64,
    pub next_contact_on: Option<NaiveDate>,
}

pub(crate) fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

async fn scoped_customer(
    conn: &mut AnyConnection,
    scope: Scope,
    id: CustomerId,
) -> Result<Option<CustomerRef>, AppError> {
    let filter = Filter::new(scope, Some(id));
    let row = filter
        .query(&format!(
            "SELECT c.id, c.rm_id, c.branch_id, c.since, c.version, c.next_contact_on \
             FROM customers c WHERE {}",
            filter.sql
        ))
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| {
        Ok(CustomerRef {
            id: CustomerId(col(&row, "id")?),
            rm_id: UserId(col(&row, "rm_id")?),
            branch_id: BranchId(col(&row, "branch_id")?),
            since: parse_date(&col::<String>(&row, "since")?)?,
            version: col(&row, "version")?,
            next_contact_on: parse_opt_date(col(&row, "next_contact_on")?)?,
        })
    })
    .transpose()
}

/// The customer's contact plan as stored now (last contact from the contact log).
async fn contact_state(conn: &mut AnyConnection, id: CustomerId) -> Result<ContactState, AppError> {
    let row = sqlx::query(
        "SELECT c.next_contact_on, c.version, \
         (SELECT MAX(i.occurred_on) FROM interactions i WHERE i.customer_id = c.id) AS last_on \
         FROM customers c WHERE c.id = $1",
    )
    .bind(id.0)
    .fetch_one(&mut *conn)
    .await?;
    Ok(ContactState {
        customer_id: id,
        last_contact_on: parse_opt_date(col(&row, "last_on")?)?,
        next_contact_on: parse_opt_date(col(&row, "next_contact_on")?)?,
        version: col(&row, "version")?,
    })
}

/// A contact to append to the log.
#[derive(Clone, Debug)]
pub struct NewInteractionRow {
    pub occurred_on: NaiveDate,
    pub kind: InteractionKind,
    pub channel: Channel,
    pub outcome: InteractionOutcome,
    pub note: String,
    pub next_step: Option<String>,
}

async fn insert_interaction(
    conn: &mut AnyConnection,
    customer: CustomerId,
    by: UserId,
    i: &NewInteractionRow,
) -> Result<i64, AppError> {
    let row = sqlx::query(
        "INSERT INTO interactions (customer_id, rm_id, occurred_on, kind, channel, outcome, note, \
         next_step, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(customer.0)
    .bind(by.0)
    .bind(i.occurred_on.to_string())
    .bind(enum_code(&i.kind))
    .bind(enum_code(&i.channel))
    .bind(enum_code(&i.outcome))
    .bind(&i.note)
    .bind(&i.next_step)
    .bind(now_ms())
    .fetch_one(&mut *conn)
    .await?;
    col(&row, "id")
}

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

/// A survey to store.
#[derive(Clone, Debug)]
pub struct NewSurveyRow {
    pub customer_id: CustomerId,
    pub answered_on: NaiveDate,
    pub recommend: u8,
    pub overall: u8,
    pub ratings: Vec<RatingInput>,
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
    /// The customer if it is in `scope`.
    #[tracing::instrument(skip(self))]
    pub async fn customer_ref(
        &self,
        scope: Scope,
        id: CustomerId,
    ) -> Result<Option<CustomerRef>, AppError> {
        let mut conn = self.pool.acquire().await?;
        scoped_customer(&mut conn, scope, id).await
    }

    /// One book customer (12 months of history), unmasked, if it is in `scope`.
    #[tracing::instrument(skip(self))]
    pub async fn book_customer(
        &self,
        scope: Scope,
        id: CustomerId,
        as_of: NaiveDate,
    ) -> Result<Option<BookCustomer>, AppError> {
        Ok(self
            .load_customers_public(&Filter::new(scope, Some(id)), as_of, 12)
            .await?
            .pop())
    }

    // ------------------------------------------------------------------ notes

    /// The notes of a customer with their revisions, newest first.
    #[tracing::instrument(skip(self))]
    pub async fn notes(
        &self,
        customer: CustomerId,
        only: Option<i64>,
    ) -> Result<Vec<Note>, AppError> {
        let rows = sqlx::query(
            "SELECT n.id, n.customer_id, n.written_at, n.body, n.author_id, n.version, \
             COALESCE(n.edited_at, n.written_at) AS edited_at, a.display_name AS author_name, \
             COALESCE(e.display_name, a.display_name) AS editor_name \
             FROM notes n JOIN users a ON a.id = n.author_id LEFT JOIN users e ON e.id = n.edited_by \
             WHERE n.customer_id = $1 AND ($2 = 0 OR n.id = $2) ORDER BY n.written_at DESC, n.id DESC",
        )
        .bind(customer.0)
        .bind(only.unwrap_or(0))
        .fetch_all(&self.pool)
        .await?;
        let mut notes = rows
            .iter()
            .map(|row| {
                Ok(Note {
                    id: col(row, "id")?,
                    customer_id: CustomerId(col(row, "customer_id")?),
                    written_at: at(col(row, "written_at")?),
                    author_id: UserId(col(row, "author_id")?),
                    author_name: col(row, "author_name")?,
                    text: col(row, "body")?,
                    version: col(row, "version")?,
                    edited_at: at(col(row, "edited_at")?),
                    edited_by_name: col(row, "editor_name")?,
                    revisions: vec![],
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let index: HashMap<i64, usize> = notes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
        let revs = sqlx::query(
            "SELECT r.note_id, r.version, r.body, r.written_at, r.replaced_at, u.display_name \
             FROM note_revisions r JOIN notes n ON n.id = r.note_id JOIN users u ON u.id = r.written_by \
             WHERE n.customer_id = $1 AND ($2 = 0 OR n.id = $2) ORDER BY r.note_id, r.version DESC",
        )
        .bind(customer.0)
        .bind(only.unwrap_or(0))
        .fetch_all(&self.pool)
        .await?;
        for row in revs {
            if let Some(&i) = index.get(&col::<i64>(&row, "note_id")?) {
                notes[i].revisions.push(NoteRevision {
                    version: col(&row, "version")?,
                    text: col(&row, "body")?,
                    written_at: at(col(&row, "written_at")?),
                    written_by_name: col(&row, "display_name")?,
                    replaced_at: at(col(&row, "replaced_at")?),
                });
            }
        }
        Ok(notes)
    }

    /// Add a note; `None` when the customer is not in `scope`.
    #[tracing::instrument(skip(self, text, audit))]
    pub async fn create_note(
        &self,
        scope: Scope,
        customer: CustomerId,
        author: UserId,
        text: &str,
        audit: &NewAuditEntry,
    ) -> Result<Option<i64>, AppError> {
        let mut tx = self.pool.begin().await?;
        if scoped_customer(&mut tx, scope, customer).await?.is_none() {
            return Ok(None);
        }
        let row = sqlx::query(
            "INSERT INTO notes (customer_id, author_id, written_at, body, version) \
             VALUES ($1, $2, $3, $4, 1) RETURNING id",
        )
        .bind(customer.0)
        .bind(author.0)
        .bind(now_ms())
        .bind(text)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = col(&row, "id")?;
        let mut audit = audit.clone();
        audit.detail = Some(format!("note={id}"));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Replace a note's text, keeping the old one as a revision. `None`: no such note of
    /// a customer in `scope`.
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(skip(self, text, audit))]
    pub async fn edit_note(
        &self,
        scope: Scope,
        customer: CustomerId,
        note: i64,
        editor: UserId,
        text: &str,
        version: i64,
        audit: &NewAuditEntry,
    ) -> Result<Option<Versioned<()>>, AppError> {
        let mut tx = self.pool.begin().await?;
        if scoped_customer(&mut tx, scope, customer).await?.is_none() {
            return Ok(None);
        }
        let Some(row) = sqlx::query(
            "SELECT version, body, COALESCE(edited_at, written_at) AS written_at, \
             COALESCE(edited_by, author_id) AS written_by FROM notes WHERE id = $1 AND customer_id = $2",
        )
        .bind(note)
        .bind(customer.0)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(None);
        };
        let current: i64 = col(&row, "version")?;
        if current != version {
            return Ok(Some(Versioned::Stale));
        }
        let now = now_ms();
        sqlx::query(
            "INSERT INTO note_revisions (note_id, version, body, written_at, written_by, replaced_at, replaced_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(note)
        .bind(current)
        .bind(col::<String>(&row, "body")?)
        .bind(col::<i64>(&row, "written_at")?)
        .bind(col::<i64>(&row, "written_by")?)
        .bind(now)
        .bind(editor.0)
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query(
            "UPDATE notes SET body = $1, version = version + 1, edited_at = $2, edited_by = $3 \
             WHERE id = $4 AND version = $5",
        )
        .bind(text)
        .bind(now)
        .bind(editor.0)
        .bind(note)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(Some(Versioned::Stale));
        }
        let mut audit = audit.clone();
        audit.detail = Some(format!("note={note} version={}", version + 1));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Some(Versioned::Done(())))
    }

    // ------------------------------------------------------------------ contact log

    /// The contact log of a customer, newest first.
    #[tracing::instrument(skip(self))]
    pub async fn interactions(
        &self,
        customer: CustomerId,
        only: Option<i64>,
    ) -> Result<Vec<Interaction>, AppError> {
        sqlx::query(
            "SELECT i.id, i.occurred_on, i.kind, i.channel, i.outcome, i.note, i.next_step, i.rm_id, \
             u.display_name FROM interactions i JOIN users u ON u.id = i.rm_id \
             WHERE i.customer_id = $1 AND ($2 = 0 OR i.id = $2) ORDER BY i.occurred_on DESC, i.id DESC",
        )
        .bind(customer.0)
        .bind(only.unwrap_or(0))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(Interaction {
                id: col(row, "id")?,
                occurred_on: parse_date(&col::<String>(row, "occurred_on")?)?,
                kind: parse_enum(&col::<String>(row, "kind")?)?,
                channel: parse_enum(&col::<String>(row, "channel")?)?,
                outcome: parse_enum(&col::<String>(row, "outcome")?)?,
                note: col(row, "note")?,
                next_step: col(row, "next_step")?,
                rm_id: UserId(col(row, "rm_id")?),
                rm_name: col(row, "display_name")?,
            })
        })
        .collect()
    }

    /// Log a contact, move the customer's next contact date and bump its version.
    /// `next_contact_on`: the new date, or `None` to drop a date set by hand that the
    /// contact has overtaken.
    #[tracing::instrument(skip(self, row, audit))]
    pub async fn record_interaction(
        &self,
        scope: Scope,
        customer: CustomerId,
        by: UserId,
        row: &NewInteractionRow,
        next_contact_on: Option<NaiveDate>,
        audit: &NewAuditEntry,
    ) -> Result<Option<(i64, ContactState)>, AppError> {
        let mut tx = self.pool.begin().await?;
        let Some(c) = scoped_customer(&mut tx, scope, customer).await? else {
            return Ok(None);
        };
        let id = insert_interaction(&mut tx, customer, by, row).await?;
        let next = next_contact_on.or(c.next_contact_on.filter(|d| *d > row.occurred_on));
        sqlx::query(
            "UPDATE customers SET next_contact_on = $1, version = version + 1 WHERE id = $2",
        )
        .bind(next.map(|d| d.to_string()))
        .bind(customer.0)
        .execute(&mut *tx)
        .await?;
        let state = contact_state(&mut tx, customer).await?;
        let mut audit = audit.clone();
        audit.detail = Some(format!("interaction={id}"));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Some((id, state)))
    }

    /// Set (or clear) the next contact date by hand.
    #[tracing::instrument(skip(self, audit))]
    pub async fn set_next_contact(
        &self,
        scope: Scope,
        customer: CustomerId,
        next: Option<NaiveDate>,
        version: i64,
        audit: &NewAuditEntry,
    ) -> Result<Option<Versioned<ContactState>>, AppError> {
        let mut tx = self.pool.begin().await?;
        if scoped_customer(&mut tx, scope, customer).await?.is_none() {
            return Ok(None);
        }
        let done = sqlx::query(
            "UPDATE customers SET next_contact_on = $1, version = version + 1 WHERE id = $2 AND version = $3",
        )
        .bind(next.map(|d| d.to_string()))
        .bind(customer.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(Some(Versioned::Stale));
        }
        let state = contact_state(&mut tx, customer).await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(Some(Versioned::Done(state)))
    }

    /// Give the customer to another RM of the same branch (checked here, in the
    /// transaction). `Err(Validation)` when `rm` is not an active RM of the branch.
    #[tracing::instrument(skip(self, audit))]
    pub async fn change_owner(
        &self,
        scope: Scope,
        customer: CustomerId,
        rm: UserId,
        version: i64,
        audit: &NewAuditEntry,
    ) -> Result<Option<Versioned<i64>>, AppError> {
        let mut tx = self.pool.begin().await?;
        let Some(c) = scoped_customer(&mut tx, scope, customer).await? else {
            return Ok(None);
        };
        let ok = sqlx::query(
            "SELECT id FROM users WHERE id = $1 AND role = 'RelationshipManager' AND branch_id = $2 \
             AND disabled = 0",
        )
        .bind(rm.0)
        .bind(c.branch_id.0)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
        if !ok {
            return Err(AppError::invalid(
                "rm_id",
                "must be an active relationship manager of the customer's branch",
            ));
        }
        let done = sqlx::query(
            "UPDATE customers SET rm_id = $1, version = version + 1 WHERE id = $2 AND version = $3",
        )
        .bind(rm.0)
        .bind(customer.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(Some(Versioned::Stale));
        }
        let mut audit = audit.clone();
        audit.detail = Some(format!("from={} to={}", c.rm_id, rm));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Some(Versioned::Done(version + 1)))
    }

    // ------------------------------------------------------------------ complaints

    /// Complaints in `scope` (with their steps), soonest internal deadline first.
    #[tracing::instrument(skip(self, selection))]
    pub async fn complaints(
        &self,
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
        let rows = q.fetch_all(&self.pool).await?;
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
        for row in q.fetch_all(&self.pool).await? {
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
        let mut tx = self.pool.begin().await?;
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
        let mut tx = self.pool.begin().await?;
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
        let mut tx = self.pool.begin().await?;
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

    // ------------------------------------------------------------------ care

    /// Mark a care item done (with the contact it was) or snoozed.
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(skip(self, contact, audit))]
    pub async fn mark_care(
        &self,
        scope: Scope,
        customer: CustomerId,
        by: UserId,
        kind: CareKind,
        state: CareMarkerState,
        marked_on: NaiveDate,
        occasion_on: Option<NaiveDate>,
        until: Option<NaiveDate>,
        contact: Option<&NewInteractionRow>,
        audit: &NewAuditEntry,
    ) -> Result<Option<i64>, AppError> {
        let mut tx = self.pool.begin().await?;
        if scoped_customer(&mut tx, scope, customer).await?.is_none() {
            return Ok(None);
        }
        let row = sqlx::query(
            "INSERT INTO care_markers (customer_id, kind, state, marked_on, occasion_on, snooze_until, at, by_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(customer.0)
        .bind(enum_code(&kind))
        .bind(enum_code(&state))
        .bind(marked_on.to_string())
        .bind(occasion_on.map(|d| d.to_string()))
        .bind(until.map(|d| d.to_string()))
        .bind(now_ms())
        .bind(by.0)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = col(&row, "id")?;
        let mut detail = format!("care_marker={id}");
        if let Some(contact) = contact {
            let i = insert_interaction(&mut tx, customer, by, contact).await?;
            sqlx::query("UPDATE customers SET version = version + 1 WHERE id = $1")
                .bind(customer.0)
                .execute(&mut *tx)
                .await?;
            detail.push_str(&format!(" interaction={i}"));
        }
        let mut audit = audit.clone();
        audit.detail = Some(detail);
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Markers of the scope still relevant: done on or after `done_since`, snoozed until
    /// `today` or later.
    #[tracing::instrument(skip(self))]
    pub async fn care_markers(
        &self,
        scope: Scope,
        done_since: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<CareMarker>, AppError> {
        let filter = Filter::new(scope, None);
        let n = filter.next();
        let sql = format!(
            "SELECT m.id, m.customer_id, m.kind, m.state, m.marked_on, m.occasion_on, m.snooze_until, m.at, m.by_id \
             FROM care_markers m JOIN customers c ON c.id = m.customer_id WHERE ({}) AND \
             ((m.state = 'Done' AND m.marked_on >= ${n}) OR (m.state = 'Snoozed' AND m.snooze_until >= ${})) \
             ORDER BY m.customer_id, m.id",
            filter.sql,
            n + 1
        );
        filter
            .query(&sql)
            .bind(done_since.to_string())
            .bind(today.to_string())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok(CareMarker {
                    id: col(row, "id")?,
                    customer_id: CustomerId(col(row, "customer_id")?),
                    kind: parse_enum(&col::<String>(row, "kind")?)?,
                    state: parse_enum(&col::<String>(row, "state")?)?,
                    on: parse_date(&col::<String>(row, "marked_on")?)?,
                    occasion_on: parse_opt_date(col(row, "occasion_on")?)?,
                    until: parse_opt_date(col(row, "snooze_until")?)?,
                    at: at(col(row, "at")?),
                    by_id: UserId(col(row, "by_id")?),
                })
            })
            .collect()
    }

    // ------------------------------------------------------------------ surveys

    /// The relationship start of each customer of `ids` that is in `scope`.
    #[tracing::instrument(skip(self, ids))]
    pub async fn customers_in_scope(
        &self,
        scope: Scope,
        ids: &[CustomerId],
    ) -> Result<HashMap<CustomerId, NaiveDate>, AppError> {
        let mut out = HashMap::new();
        let mut unique: Vec<i64> = ids.iter().map(|c| c.0).collect();
        unique.sort_unstable();
        unique.dedup();
        for chunk in unique.chunks(1000) {
            let filter = Filter::new(scope, None);
            // The ids are integers we parsed: inlined, they cannot inject anything.
            let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let sql = format!(
                "SELECT c.id, c.since FROM customers c WHERE ({}) AND c.id IN ({})",
                filter.sql,
                list.join(", ")
            );
            for row in filter.query(&sql).fetch_all(&self.pool).await? {
                out.insert(
                    CustomerId(col(&row, "id")?),
                    parse_date(&col::<String>(&row, "since")?)?,
                );
            }
        }
        Ok(out)
    }

    /// Store surveys, all or none, re-checking the scope in the transaction. `Err(i)`:
    /// the row `i` names a customer outside `scope` (nothing stored).
    #[tracing::instrument(skip_all, fields(rows = rows.len()))]
    pub async fn insert_surveys(
        &self,
        scope: Scope,
        rows: &[NewSurveyRow],
        audit: &NewAuditEntry,
    ) -> Result<Result<Vec<i64>, usize>, AppError> {
        let mut tx = self.pool.begin().await?;
        let mut ids = Vec::with_capacity(rows.len());
        let mut checked: HashMap<CustomerId, bool> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            let ok = match checked.get(&r.customer_id) {
                Some(ok) => *ok,
                None => {
                    let ok = scoped_customer(&mut tx, scope, r.customer_id)
                        .await?
                        .is_some();
                    checked.insert(r.customer_id, ok);
                    ok
                }
            };
            if !ok {
                return Ok(Err(i));
            }
            let row = sqlx::query(
                "INSERT INTO surveys (customer_id, answered_on, recommend, overall) VALUES ($1, $2, $3, $4) \
                 RETURNING id",
            )
            .bind(r.customer_id.0)
            .bind(r.answered_on.to_string())
            .bind(i64::from(r.recommend))
            .bind(i64::from(r.overall))
            .fetch_one(&mut *tx)
            .await?;
            let id: i64 = col(&row, "id")?;
            for rating in &r.ratings {
                sqlx::query(
                    "INSERT INTO survey_ratings (survey_id, attribute, satisfaction, importance) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(enum_code(&rating.attribute))
                .bind(i64::from(rating.satisfaction))
                .bind(i64::from(rating.importance))
                .execute(&mut *tx)
                .await?;
            }
            let mut entry = audit.clone();
            entry.customer_id = Some(r.customer_id.0);
            entry.detail = Some(format!("survey={id}"));
            insert_audit(&mut *tx, &entry).await?;
            ids.push(id);
        }
        tx.commit().await?;
        Ok(Ok(ids))
    }
}
