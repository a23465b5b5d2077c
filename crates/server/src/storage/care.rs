//! Care markers: a care item done (with the contact it was) or snoozed.

use super::audit::insert_audit;
use super::contact::{insert_interaction, NewInteractionRow};
use super::filter::Filter;
use super::scoped::{at, scoped_customer};
use super::{
    col, enum_code, now_ms, parse_date, parse_enum, parse_opt_date, NewAuditEntry, Storage,
};
use crate::error::AppError;
use crate::scope::Scope;
use chrono::NaiveDate;
use clientbook_domain::service::{CareKind, CareMarker, CareMarkerState};
use clientbook_domain::{CustomerId, UserId};

impl Storage {
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
        let mut tx = self.begin_write().await?;
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
}
