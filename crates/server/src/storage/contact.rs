//! The contact log and the next contact date: a contact logged moves the plan in the
//! same transaction.

use super::audit::insert_audit;
use super::scoped::{scoped_customer, Versioned};
use super::{
    col, enum_code, now_ms, parse_date, parse_enum, parse_opt_date, NewAuditEntry, Storage,
};
use crate::error::AppError;
use crate::scope::Scope;
use chrono::NaiveDate;
use clientbook_domain::service::{ContactState, Interaction, InteractionKind, InteractionOutcome};
use clientbook_domain::{Channel, CustomerId, UserId};
use sqlx::AnyConnection;

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

pub(super) async fn insert_interaction(
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

impl Storage {
    /// The contact log of a customer, newest first.
    #[tracing::instrument(skip(self))]
    pub async fn interactions(
        &self,
        customer: CustomerId,
        only: Option<i64>,
    ) -> Result<Vec<Interaction>, AppError> {
        let mut conn = self.pool.acquire().await?;
        interactions_on(&mut conn, customer, only).await
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
        let mut tx = self.begin_write().await?;
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
        let mut tx = self.begin_write().await?;
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
}

/// [`Storage::interactions`] on a connection already held (the customer page's).
pub(super) async fn interactions_on(
    conn: &mut sqlx::AnyConnection,
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
    .fetch_all(&mut *conn)
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
