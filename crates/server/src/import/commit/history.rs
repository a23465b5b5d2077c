//! Writing a customer-history row at the commit, inside the commit's transaction: a
//! month of `monthly_history`, a contact (`interactions`) or a survey with its ratings,
//! inserted when its key is new, updated when the row says something else.

use crate::error::{AppError, AppResult};
use crate::import::stage::StagedRow;
use crate::storage::{col, enum_code};
use clientbook_domain::import::rows::{ImportRow, SurveyRow};
use sqlx::{Any, Transaction};

fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Write one staged history row (`ref_a`: its customer, `ref_b`: who made a contact,
/// `target_id`: the stored record).
pub async fn write(
    tx: &mut Transaction<'static, Any>,
    s: &StagedRow,
    row: ImportRow,
) -> AppResult<()> {
    let customer = s
        .ref_a
        .ok_or_else(|| AppError::internal("a history row without its customer"))?;
    match row {
        ImportRow::Monthly(m) => {
            let sql = if s.target_id.is_some() {
                "UPDATE monthly_history SET transactions = $3, logins = $4, inflow = $5, \
                 outflow = $6, aum_end = $7, margin = $8 WHERE customer_id = $1 AND month = $2"
            } else {
                "INSERT INTO monthly_history (customer_id, month, transactions, logins, inflow, \
                 outflow, aum_end, margin) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            };
            sqlx::query(sql)
                .bind(customer)
                .bind(day(m.month))
                .bind(m.transactions)
                .bind(m.logins)
                .bind(m.inflow.fen())
                .bind(m.outflow.fen())
                .bind(m.aum_end.fen())
                .bind(m.margin.fen())
                .execute(&mut **tx)
                .await?;
        }
        ImportRow::Contact(c) => {
            let person = s
                .ref_b
                .ok_or_else(|| AppError::internal("a contact without its person"))?;
            match s.target_id {
                Some(id) => {
                    sqlx::query(
                        "UPDATE interactions SET kind = $1, outcome = $2, \
                         note = COALESCE($3, note), rm_id = $4 WHERE id = $5",
                    )
                    .bind(enum_code(&c.kind))
                    .bind(enum_code(&c.outcome))
                    .bind(c.note)
                    .bind(person)
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
                }
                None => {
                    sqlx::query(
                        "INSERT INTO interactions (customer_id, rm_id, occurred_on, kind, channel, \
                         outcome, note, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(customer)
                    .bind(person)
                    .bind(day(c.occurred_on))
                    .bind(enum_code(&c.kind))
                    .bind(enum_code(&c.channel))
                    .bind(enum_code(&c.outcome))
                    .bind(c.note.unwrap_or_default())
                    .bind(crate::storage::now_ms())
                    .execute(&mut **tx)
                    .await?;
                }
            }
        }
        ImportRow::Survey(survey) => write_survey(tx, customer, s.target_id, &survey).await?,
        ImportRow::Customer(_) | ImportRow::Holding(_) => {
            return Err(AppError::internal("not a history row"))
        }
    }
    Ok(())
}

async fn write_survey(
    tx: &mut Transaction<'static, Any>,
    customer: i64,
    target: Option<i64>,
    s: &SurveyRow,
) -> AppResult<()> {
    let id = match target {
        Some(id) => {
            sqlx::query("UPDATE surveys SET recommend = $1, overall = $2 WHERE id = $3")
                .bind(i64::from(s.recommend))
                .bind(i64::from(s.overall))
                .bind(id)
                .execute(&mut **tx)
                .await?;
            if !s.ratings.is_empty() {
                sqlx::query("DELETE FROM survey_ratings WHERE survey_id = $1")
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
            }
            id
        }
        None => {
            let row = sqlx::query(
                "INSERT INTO surveys (customer_id, answered_on, recommend, overall) \
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(customer)
            .bind(day(s.answered_on))
            .bind(i64::from(s.recommend))
            .bind(i64::from(s.overall))
            .fetch_one(&mut **tx)
            .await?;
            col(&row, "id")?
        }
    };
    for r in &s.ratings {
        sqlx::query(
            "INSERT INTO survey_ratings (survey_id, attribute, satisfaction, importance) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(enum_code(&r.attribute))
        .bind(i64::from(r.satisfaction))
        .bind(i64::from(r.importance))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
