//! Opportunities (商机) and their moves. A move names the stage and version it moves
//! from, so two people moving one opportunity at once cannot both succeed; each move is
//! an `opportunity_events` row (who, when) written with the audit entry in the move's
//! own transaction.

use super::audit::insert_audit;
use super::filter::Filter;
use super::scoped::{at, scoped_customer, Versioned};
use super::{col, enum_code, parse_enum, parse_opt_date, NewAuditEntry, Storage};
use crate::error::AppError;
use crate::scope::Scope;
use chrono::NaiveDate;
use clientbook_domain::opportunity::{
    LostReason, Opportunity, OpportunityEvent, OpportunitySource, OpportunityStage,
    ProtectionConfirmation, SourceDetail,
};
use clientbook_domain::{CustomerId, Money, ProductFamily, ProductId, UserId};
use sqlx::any::AnyRow;
use std::collections::HashMap;

/// A new opportunity, checked.
#[derive(Clone, Debug)]
pub struct NewOpportunityRow {
    pub customer: CustomerId,
    pub product_id: Option<ProductId>,
    pub product_family: ProductFamily,
    pub expected_amount: Money,
    pub source: OpportunitySource,
    pub source_detail: SourceDetail,
    pub campaign_id: Option<i64>,
    pub next_step: Option<String>,
    pub next_step_on: Option<NaiveDate>,
    pub opened_at_ms: i64,
}

/// A move of an opportunity, checked against the rules.
#[derive(Clone, Debug)]
pub struct OpportunityMoveRow {
    pub at_ms: i64,
    pub from: OpportunityStage,
    pub to: OpportunityStage,
    pub version: i64,
    pub lost_reason: Option<LostReason>,
    pub won_amount: Option<Money>,
    /// Recorded now (the opportunity had none).
    pub confirmation: Option<ProtectionConfirmation>,
    pub note: Option<String>,
}

/// Which opportunities to read.
#[derive(Clone, Copy, Debug)]
pub enum OpportunitySelection {
    One(i64),
    /// Every one of the scope, or of one customer; `open_only`: not won or lost.
    All {
        customer: Option<CustomerId>,
        open_only: bool,
    },
}

const COLUMNS: &str = "o.id, o.customer_id, o.rm_id, o.product_id, o.product_family, \
    o.expected_amount, o.source, o.source_detail, o.campaign_id, o.stage, o.lost_reason, \
    o.won_amount, o.next_step, o.next_step_on, o.confirmation, o.opened_at, o.closed_at, o.version, \
    c.name AS customer_name, u.display_name AS rm_name";

fn json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, AppError> {
    serde_json::from_str(s).map_err(AppError::internal)
}

/// An opportunity read from a row, the customer's name not yet masked.
fn from_row(row: &AnyRow) -> Result<Opportunity, AppError> {
    Ok(Opportunity {
        id: col(row, "id")?,
        customer_id: CustomerId(col(row, "customer_id")?),
        customer_name: col(row, "customer_name")?,
        rm_id: UserId(col(row, "rm_id")?),
        rm_name: col(row, "rm_name")?,
        product_id: col::<Option<i64>>(row, "product_id")?.map(ProductId),
        product_family: parse_enum(&col::<String>(row, "product_family")?)?,
        expected_amount_fen: Money::from_fen(col(row, "expected_amount")?),
        source: parse_enum(&col::<String>(row, "source")?)?,
        source_detail: json(&col::<String>(row, "source_detail")?)?,
        campaign_id: col(row, "campaign_id")?,
        stage: parse_enum(&col::<String>(row, "stage")?)?,
        lost_reason: col::<Option<String>>(row, "lost_reason")?
            .map(|s| parse_enum(&s))
            .transpose()?,
        won_amount_fen: col::<Option<i64>>(row, "won_amount")?.map(Money::from_fen),
        next_step: col(row, "next_step")?,
        next_step_on: parse_opt_date(col(row, "next_step_on")?)?,
        confirmation: col::<Option<String>>(row, "confirmation")?
            .map(|s| json(&s))
            .transpose()?,
        opened_at: at(col(row, "opened_at")?),
        closed_at: col::<Option<i64>>(row, "closed_at")?.map(at),
        version: col(row, "version")?,
        events: vec![],
    })
}

impl Storage {
    /// Opportunities in `scope` (by their customer), with their moves, newest first.
    #[tracing::instrument(skip(self))]
    pub async fn opportunities(
        &self,
        scope: Scope,
        selection: OpportunitySelection,
    ) -> Result<Vec<Opportunity>, AppError> {
        let filter = Filter::new(scope, None);
        let n = filter.next();
        let (cond, id) = match selection {
            OpportunitySelection::One(id) => (format!("o.id = ${n}"), Some(id)),
            OpportunitySelection::All {
                customer,
                open_only,
            } => {
                let mut cond = if open_only {
                    "o.stage NOT IN ('won', 'lost')".to_owned()
                } else {
                    "1 = 1".to_owned()
                };
                if customer.is_some() {
                    cond.push_str(&format!(" AND o.customer_id = ${n}"));
                }
                (cond, customer.map(|c| c.0))
            }
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM opportunities o JOIN customers c ON c.id = o.customer_id \
             JOIN users u ON u.id = o.rm_id WHERE ({}) AND {cond} ORDER BY o.opened_at DESC, o.id DESC",
            filter.sql
        );
        let mut q = filter.query(&sql);
        if let Some(id) = id {
            q = q.bind(id);
        }
        let mut out = q
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(from_row)
            .collect::<Result<Vec<_>, AppError>>()?;
        if out.is_empty() {
            return Ok(out);
        }
        let index: HashMap<i64, usize> = out.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
        let (events_sql, by_scope) = if out.len() <= 500 {
            let ids: Vec<String> = out.iter().map(|o| o.id.to_string()).collect();
            (
                format!(
                    "SELECT e.opportunity_id, e.from_stage, e.to_stage, e.at, e.by_id, e.note, u.display_name \
                     FROM opportunity_events e JOIN users u ON u.id = e.by_id \
                     WHERE e.opportunity_id IN ({}) ORDER BY e.opportunity_id, e.at, e.id",
                    ids.join(", ")
                ),
                false,
            )
        } else {
            (
                format!(
                    "SELECT e.opportunity_id, e.from_stage, e.to_stage, e.at, e.by_id, e.note, u.display_name \
                     FROM opportunity_events e JOIN users u ON u.id = e.by_id \
                     JOIN opportunities o ON o.id = e.opportunity_id JOIN customers c ON c.id = o.customer_id \
                     WHERE {} ORDER BY e.opportunity_id, e.at, e.id",
                    filter.sql
                ),
                true,
            )
        };
        let q = if by_scope {
            filter.query(&events_sql)
        } else {
            sqlx::query(&events_sql)
        };
        for row in q.fetch_all(&self.pool).await? {
            let Some(&i) = index.get(&col::<i64>(&row, "opportunity_id")?) else {
                continue;
            };
            out[i].events.push(OpportunityEvent {
                from: col::<Option<String>>(&row, "from_stage")?
                    .map(|s| parse_enum(&s))
                    .transpose()?,
                to: parse_enum(&col::<String>(&row, "to_stage")?)?,
                at: at(col(&row, "at")?),
                by_id: UserId(col(&row, "by_id")?),
                by_name: col(&row, "display_name")?,
                note: col(&row, "note")?,
            });
        }
        Ok(out)
    }

    /// Whether a campaign exists (an opportunity may name one).
    #[tracing::instrument(skip(self))]
    pub async fn campaign_exists(&self, id: i64) -> Result<bool, AppError> {
        Ok(sqlx::query("SELECT id FROM campaigns WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .is_some())
    }

    /// Open an opportunity (stage identified) for a customer of `scope`, owned by the
    /// customer's RM; `None` when the customer is not in scope.
    #[tracing::instrument(skip(self, row, audit))]
    pub async fn create_opportunity(
        &self,
        scope: Scope,
        by: UserId,
        row: &NewOpportunityRow,
        audit: &NewAuditEntry,
    ) -> Result<Option<i64>, AppError> {
        let mut tx = self.begin_write().await?;
        let Some(c) = scoped_customer(&mut tx, scope, row.customer).await? else {
            return Ok(None);
        };
        let detail = serde_json::to_string(&row.source_detail).map_err(AppError::internal)?;
        let inserted = sqlx::query(
            "INSERT INTO opportunities (customer_id, rm_id, product_id, product_family, expected_amount, \
             source, source_detail, campaign_id, stage, next_step, next_step_on, opened_at, opened_by, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'identified', $9, $10, $11, $12, 1) RETURNING id",
        )
        .bind(row.customer.0)
        .bind(c.rm_id.0)
        .bind(row.product_id.map(|p| p.0))
        .bind(enum_code(&row.product_family))
        .bind(row.expected_amount.fen())
        .bind(enum_code(&row.source))
        .bind(detail)
        .bind(row.campaign_id)
        .bind(&row.next_step)
        .bind(row.next_step_on.map(|d| d.to_string()))
        .bind(row.opened_at_ms)
        .bind(by.0)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = col(&inserted, "id")?;
        sqlx::query(
            "INSERT INTO opportunity_events (opportunity_id, from_stage, to_stage, at, by_id, note) \
             VALUES ($1, NULL, 'identified', $2, $3, NULL)",
        )
        .bind(id)
        .bind(row.opened_at_ms)
        .bind(by.0)
        .execute(&mut *tx)
        .await?;
        let mut audit = audit.clone();
        audit.detail = Some(format!(
            "opportunity={id} source={}",
            enum_code(&row.source)
        ));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Move an opportunity, if it is still at `m.from` and `m.version`.
    #[tracing::instrument(skip(self, m, audit))]
    pub async fn move_opportunity(
        &self,
        scope: Scope,
        id: i64,
        customer: CustomerId,
        by: UserId,
        m: &OpportunityMoveRow,
        audit: &NewAuditEntry,
    ) -> Result<Versioned<()>, AppError> {
        let mut tx = self.begin_write().await?;
        if scoped_customer(&mut tx, scope, customer).await?.is_none() {
            return Err(AppError::NotFound);
        }
        let confirmation = m
            .confirmation
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(AppError::internal)?;
        let closed_at = m.to.is_closed().then_some(m.at_ms);
        let done = sqlx::query(
            "UPDATE opportunities SET stage = $1, version = version + 1, \
             lost_reason = COALESCE($2, lost_reason), won_amount = COALESCE($3, won_amount), \
             confirmation = COALESCE($4, confirmation), closed_at = COALESCE($5, closed_at) \
             WHERE id = $6 AND customer_id = $7 AND version = $8 AND stage = $9",
        )
        .bind(enum_code(&m.to))
        .bind(m.lost_reason.map(|r| enum_code(&r)))
        .bind(m.won_amount.map(Money::fen))
        .bind(confirmation)
        .bind(closed_at)
        .bind(id)
        .bind(customer.0)
        .bind(m.version)
        .bind(enum_code(&m.from))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(Versioned::Stale);
        }
        sqlx::query(
            "INSERT INTO opportunity_events (opportunity_id, from_stage, to_stage, at, by_id, note) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(enum_code(&m.from))
        .bind(enum_code(&m.to))
        .bind(m.at_ms)
        .bind(by.0)
        .bind(&m.note)
        .execute(&mut *tx)
        .await?;
        let mut audit = audit.clone();
        audit.detail = Some(format!(
            "opportunity={id} {}->{}",
            enum_code(&m.from),
            enum_code(&m.to)
        ));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Versioned::Done(()))
    }

    /// Set (or clear) an opportunity's next step, if it is still at `version`.
    #[tracing::instrument(skip(self, audit))]
    #[allow(clippy::too_many_arguments)]
    pub async fn set_opportunity_next_step(
        &self,
        scope: Scope,
        id: i64,
        customer: CustomerId,
        version: i64,
        next_step: Option<&str>,
        next_step_on: Option<NaiveDate>,
        audit: &NewAuditEntry,
    ) -> Result<Versioned<()>, AppError> {
        let mut tx = self.begin_write().await?;
        if scoped_customer(&mut tx, scope, customer).await?.is_none() {
            return Err(AppError::NotFound);
        }
        let done = sqlx::query(
            "UPDATE opportunities SET next_step = $1, next_step_on = $2, version = version + 1 \
             WHERE id = $3 AND customer_id = $4 AND version = $5",
        )
        .bind(next_step)
        .bind(next_step_on.map(|d| d.to_string()))
        .bind(id)
        .bind(customer.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(Versioned::Stale);
        }
        let mut audit = audit.clone();
        audit.detail = Some(format!("opportunity={id}"));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Versioned::Done(()))
    }
}

/// An interest the client noted in a meeting, to be opened as an opportunity when the
/// meeting ends (`routes::meetings::end`), at the stage the rules give it
/// (`opportunity::meeting_interest_stage`).
#[derive(Clone, Debug)]
pub struct MeetingInterestRow {
    pub product_id: ProductId,
    pub product_family: ProductFamily,
    pub stage: OpportunityStage,
}

/// Opens the meeting's interests as opportunities of the customer's RM, in the
/// transaction that signs the meeting (one audit entry records both): source `meeting`,
/// the detail naming the meeting, no expected amount yet (the client named a product,
/// not a sum), and the opening move as an event. Returns the new ids.
pub(super) async fn insert_meeting_opportunities(
    conn: &mut sqlx::AnyConnection,
    customer: CustomerId,
    by: UserId,
    meeting_id: i64,
    interests: &[MeetingInterestRow],
    at_ms: i64,
) -> Result<Vec<i64>, AppError> {
    let mut detail = SourceDetail::new();
    detail.insert(
        "meeting_id".into(),
        clientbook_domain::opportunity::SourceFigure::Whole(meeting_id),
    );
    let detail = serde_json::to_string(&detail).map_err(AppError::internal)?;
    let mut ids = Vec::with_capacity(interests.len());
    for i in interests {
        let stage = enum_code(&i.stage);
        let inserted = sqlx::query(
            "INSERT INTO opportunities (customer_id, rm_id, product_id, product_family, expected_amount, \
             source, source_detail, campaign_id, stage, next_step, next_step_on, opened_at, opened_by, version) \
             VALUES ($1, (SELECT rm_id FROM customers WHERE id = $1), $2, $3, 0, 'meeting', $4, NULL, $5, \
             NULL, NULL, $6, $7, 1) RETURNING id",
        )
        .bind(customer.0)
        .bind(i.product_id.0)
        .bind(enum_code(&i.product_family))
        .bind(&detail)
        .bind(&stage)
        .bind(at_ms)
        .bind(by.0)
        .fetch_one(&mut *conn)
        .await?;
        let id: i64 = col(&inserted, "id")?;
        sqlx::query(
            "INSERT INTO opportunity_events (opportunity_id, from_stage, to_stage, at, by_id, note) \
             VALUES ($1, NULL, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(&stage)
        .bind(at_ms)
        .bind(by.0)
        .bind(format!("Client meeting {meeting_id}"))
        .execute(&mut *conn)
        .await?;
        ids.push(id);
    }
    Ok(ids)
}
