//! Satisfaction surveys: stored all or none, each row's customer re-checked against the
//! scope in the transaction.

use super::audit::insert_audit;
use super::filter::Filter;
use super::scoped::scoped_customer;
use super::{col, enum_code, parse_date, NewAuditEntry, Storage};
use crate::error::AppError;
use crate::scope::Scope;
use chrono::NaiveDate;
use clientbook_domain::service::RatingInput;
use clientbook_domain::CustomerId;
use std::collections::HashMap;

/// A survey to store.
#[derive(Clone, Debug)]
pub struct NewSurveyRow {
    pub customer_id: CustomerId,
    pub answered_on: NaiveDate,
    pub recommend: u8,
    pub overall: u8,
    pub ratings: Vec<RatingInput>,
}

impl Storage {
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
        let mut tx = self.begin_write().await?;
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
