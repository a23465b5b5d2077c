//! Measuring the rules: the recommendations and retention listings shown, one row per
//! customer and product (or listing) and day, and what became of them.

use super::audit::insert_audit;
use super::filter::Filter;
use super::{col, enum_code, parse_date, parse_enum, NewAuditEntry, Storage};
use crate::error::AppError;
use crate::scope::Scope;
use chrono::NaiveDate;
use clientbook_domain::measures::{ShownBatch, ShownOutcome};
use clientbook_domain::{CustomerId, Money, UserId};
use std::collections::HashMap;

/// An opportunity as the measures read it: opened at (Unix ms), won, amount (fen).
type Opened = (i64, bool, i64);

/// Unix ms of the start of `day` (UTC).
fn day_start_ms(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp_millis())
}

impl Storage {
    /// The customers of `ids` that are in `scope`.
    #[tracing::instrument(skip(self, ids))]
    pub async fn in_scope(
        &self,
        scope: Scope,
        ids: &[CustomerId],
    ) -> Result<std::collections::BTreeSet<CustomerId>, AppError> {
        let mut out = std::collections::BTreeSet::new();
        let mut conn = self.pool.acquire().await?;
        for id in ids {
            if super::scoped::scoped_customer(&mut conn, scope, *id)
                .await?
                .is_some()
            {
                out.insert(*id);
            }
        }
        Ok(out)
    }

    /// Record what was shown today (rows already recorded for the day are kept as they
    /// are); returns how many rows are new.
    #[tracing::instrument(skip(self, batch, audit))]
    pub async fn record_shown(
        &self,
        rm: UserId,
        today: NaiveDate,
        batch: &ShownBatch,
        audit: &NewAuditEntry,
    ) -> Result<u32, AppError> {
        let mut tx = self.begin_write().await?;
        let mut new = 0u64;
        for r in &batch.recommendations {
            new += sqlx::query(
                "INSERT INTO recommendations_shown (customer_id, product_id, shown_on, product_family, \
                 reason, rm_id) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (customer_id, product_id, shown_on) DO NOTHING",
            )
            .bind(r.customer_id.0)
            .bind(r.product_id.0)
            .bind(today.to_string())
            .bind(enum_code(&r.family))
            .bind(enum_code(&r.reason))
            .bind(rm.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        for r in &batch.retention {
            new += sqlx::query(
                "INSERT INTO retention_shown (customer_id, shown_on, churn_score, listed, rm_id) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (customer_id, shown_on) DO NOTHING",
            )
            .bind(r.customer_id.0)
            .bind(today.to_string())
            .bind(i64::from(r.churn_score))
            .bind(i64::from(r.listed))
            .bind(rm.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        let mut audit = audit.clone();
        audit.detail = Some(format!(
            "recommendations={} retention={} new={new}",
            batch.recommendations.len(),
            batch.retention.len()
        ));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(new as u32)
    }

    /// Each recommendation shown in `from..=to` to a customer in `scope`, and whether an
    /// opportunity for the customer and the product's family was opened from that day
    /// on, and won (the stage in either spelling, `won` or `Won`).
    #[tracing::instrument(skip(self))]
    pub async fn shown_outcomes(
        &self,
        scope: Scope,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ShownOutcome>, AppError> {
        let f = Filter::new(scope, None);
        let n = f.next();
        let shown = f
            .query(&format!(
                "SELECT s.customer_id, s.product_family, s.reason, s.shown_on \
                 FROM recommendations_shown s JOIN customers c ON c.id = s.customer_id \
                 WHERE s.shown_on >= ${n} AND s.shown_on <= ${} AND {}",
                n + 1,
                f.sql
            ))
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(&self.pool)
            .await?;
        let opportunities = f
            .query(&format!(
                "SELECT o.customer_id, o.product_family, o.opened_at, o.stage, \
                 COALESCE(o.won_amount, o.expected_amount) AS amount \
                 FROM opportunities o JOIN customers c ON c.id = o.customer_id \
                 WHERE o.opened_at >= ${n} AND {}",
                f.sql
            ))
            .bind(day_start_ms(from))
            .fetch_all(&self.pool)
            .await?;
        let mut opened: HashMap<(i64, String), Vec<Opened>> = HashMap::new();
        for row in &opportunities {
            let stage: String = col(row, "stage")?;
            opened
                .entry((col(row, "customer_id")?, col(row, "product_family")?))
                .or_default()
                .push((
                    col(row, "opened_at")?,
                    stage.eq_ignore_ascii_case("won"),
                    col(row, "amount")?,
                ));
        }
        shown
            .iter()
            .map(|row| {
                let since = day_start_ms(parse_date(&col::<String>(row, "shown_on")?)?);
                let key = (col(row, "customer_id")?, col(row, "product_family")?);
                let after: Vec<_> = opened
                    .get(&key)
                    .map(|v| v.iter().filter(|o| o.0 >= since).collect())
                    .unwrap_or_default();
                Ok(ShownOutcome {
                    reason: parse_enum(&col::<String>(row, "reason")?)?,
                    opened: !after.is_empty(),
                    won: after.iter().any(|o| o.1),
                    won_amount: Money::from_fen(after.iter().filter(|o| o.1).map(|o| o.2).sum()),
                })
            })
            .collect()
    }

    /// The customers in `scope` shown on the retention list (or just below it) in
    /// `from..=to`: each once, as listed if they were listed on any day.
    #[tracing::instrument(skip(self))]
    pub async fn retention_shown(
        &self,
        scope: Scope,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(CustomerId, bool, NaiveDate)>, AppError> {
        let f = Filter::new(scope, None);
        let n = f.next();
        let sql = format!(
            "SELECT s.customer_id, CAST(MAX(s.listed) AS BIGINT) AS listed, MIN(s.shown_on) AS first_on \
             FROM retention_shown s JOIN customers c ON c.id = s.customer_id \
             WHERE s.shown_on >= ${} AND s.shown_on <= ${} AND {} GROUP BY s.customer_id",
            n,
            n + 1,
            f.sql
        );
        f.query(&sql)
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok((
                    CustomerId(col(row, "customer_id")?),
                    col::<i64>(row, "listed")? != 0,
                    parse_date(&col::<String>(row, "first_on")?)?,
                ))
            })
            .collect()
    }
}
