//! Meeting mode: the meeting and the session's lock to it, the products shown and the
//! risk warnings given, the signed summary chained by SHA-256 (docs/rules.md, Meeting
//! mode), the advisor's PIN, and the Kano answers of surveys.

use super::audit::insert_audit;
use super::contact::{insert_interaction, NewInteractionRow};
use super::scoped::{at, scoped_customer};
use super::{col, enum_code, now_ms, parse_enum, NewAuditEntry, Storage};
use crate::error::AppError;
use crate::scope::Scope;
use chrono::NaiveDate;
use clientbook_domain::kano::KanoPair;
use clientbook_domain::meeting::{
    MeetingListItem, MeetingSurvey, ProductShown, RiskAcknowledged, PIN_MAX_FAILURES,
};
use clientbook_domain::{CustomerId, ProductId, ProductRisk, UserId};
use sha2::{Digest, Sha256};

/// The chain hash before the first signed meeting.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// SHA-256 (hex) of the summary and the signature as stored.
pub fn record_hash(summary: &str, signature: &str) -> String {
    let mut h = Sha256::new();
    h.update(summary.as_bytes());
    h.update(b"\n");
    h.update(signature.as_bytes());
    hex::encode(h.finalize())
}

/// SHA-256 (hex) of the previous chain hash and this record's hash.
pub fn chain_hash(prev: &str, record: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(record.as_bytes());
    hex::encode(h.finalize())
}

/// A meeting as stored.
#[derive(Clone, Debug)]
pub struct MeetingRow {
    pub id: i64,
    pub customer_id: CustomerId,
    pub user_id: UserId,
    pub advisor: String,
    pub started_at_ms: i64,
    pub ended_at_ms: Option<i64>,
}

/// A signed meeting's stored record, in chain order.
#[derive(Clone, Debug)]
pub struct SignedRow {
    pub meeting_id: i64,
    pub summary: String,
    pub signature: String,
    pub record_hash: String,
    pub prev_hash: String,
    pub chain_hash: String,
    /// The chain hash the audit log recorded when the meeting was signed.
    pub audited_chain: Option<String>,
}

/// What signing a meeting stores besides the summary.
pub struct Signing<'a> {
    pub meeting: &'a MeetingRow,
    pub summary: &'a str,
    pub signature: &'a str,
    pub interaction: &'a NewInteractionRow,
    pub survey: Option<(&'a MeetingSurvey, NaiveDate)>,
    /// The client's interests, opened as opportunities (source `meeting`).
    pub interests: &'a [super::MeetingInterestRow],
    pub ended_at_ms: i64,
}

/// What a wrong PIN led to.
pub enum PinOutcome {
    TriesLeft(u32),
    SessionEnded,
}

impl Storage {
    /// Set the user's meeting PIN (its argon2 hash) and forget earlier wrong tries.
    #[tracing::instrument(skip_all)]
    pub async fn set_meeting_pin(
        &self,
        user: UserId,
        pin_hash: &str,
        audit: &NewAuditEntry,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET meeting_pin_hash = $1, pin_failures = 0 WHERE id = $2")
            .bind(pin_hash)
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(skip(self))]
    pub async fn meeting_pin_hash(&self, user: UserId) -> Result<Option<String>, AppError> {
        let row = sqlx::query("SELECT meeting_pin_hash FROM users WHERE id = $1")
            .bind(user.0)
            .fetch_one(&self.pool)
            .await?;
        col(&row, "meeting_pin_hash")
    }

    /// Begin a meeting with a customer of `scope` and lock the session to it. `None`:
    /// not in scope.
    #[tracing::instrument(skip(self, session_hash, audit))]
    pub async fn start_meeting(
        &self,
        scope: Scope,
        customer: CustomerId,
        user: UserId,
        session_hash: &str,
        audit: &NewAuditEntry,
    ) -> Result<Option<i64>, AppError> {
        let mut tx = self.begin_write().await?;
        if scoped_customer(&mut tx, scope, customer).await?.is_none() {
            return Ok(None);
        }
        let row = sqlx::query(
            "INSERT INTO meetings (customer_id, user_id, started_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(customer.0)
        .bind(user.0)
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = col(&row, "id")?;
        sqlx::query("UPDATE sessions SET meeting_id = $1 WHERE token_hash = $2")
            .bind(id)
            .bind(session_hash)
            .execute(&mut *tx)
            .await?;
        let mut audit = audit.clone();
        audit.detail = Some(format!("meeting={id}"));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    #[tracing::instrument(skip(self))]
    pub async fn meeting(&self, id: i64) -> Result<Option<MeetingRow>, AppError> {
        let row = sqlx::query(
            "SELECT m.id, m.customer_id, m.user_id, u.display_name, m.started_at, m.ended_at \
             FROM meetings m JOIN users u ON u.id = m.user_id WHERE m.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(MeetingRow {
                id: col(&row, "id")?,
                customer_id: CustomerId(col(&row, "customer_id")?),
                user_id: UserId(col(&row, "user_id")?),
                advisor: col(&row, "display_name")?,
                started_at_ms: col(&row, "started_at")?,
                ended_at_ms: col(&row, "ended_at")?,
            })
        })
        .transpose()
    }

    #[tracing::instrument(skip(self))]
    pub async fn products_shown(&self, meeting: i64) -> Result<Vec<ProductShown>, AppError> {
        sqlx::query(
            "SELECT product_id, shown_at FROM meeting_products_shown WHERE meeting_id = $1 ORDER BY id",
        )
        .bind(meeting)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(ProductShown {
                product_id: ProductId(col(row, "product_id")?),
                shown_at: at(col(row, "shown_at")?),
            })
        })
        .collect()
    }

    #[tracing::instrument(skip(self))]
    pub async fn risk_warnings(&self, meeting: i64) -> Result<Vec<RiskAcknowledged>, AppError> {
        sqlx::query(
            "SELECT product_id, product_risk, max_risk, acknowledged_at \
             FROM meeting_risk_acknowledgements WHERE meeting_id = $1 ORDER BY id",
        )
        .bind(meeting)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(RiskAcknowledged {
                product_id: ProductId(col(row, "product_id")?),
                product_risk: parse_enum(&col::<String>(row, "product_risk")?)?,
                max_risk: parse_enum(&col::<String>(row, "max_risk")?)?,
                acknowledged_at: at(col(row, "acknowledged_at")?),
            })
        })
        .collect()
    }

    /// Record a product shown to the client (already checked to suit them).
    #[tracing::instrument(skip(self, audit))]
    pub async fn record_product_shown(
        &self,
        meeting: i64,
        product: ProductId,
        audit: &NewAuditEntry,
    ) -> Result<ProductShown, AppError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO meeting_products_shown (meeting_id, product_id, shown_at) VALUES ($1, $2, $3)",
        )
        .bind(meeting)
        .bind(product.0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(ProductShown {
            product_id: product,
            shown_at: at(now),
        })
    }

    /// Record a risk warning the client acknowledged.
    #[tracing::instrument(skip(self, audit))]
    pub async fn record_risk_warning(
        &self,
        meeting: i64,
        product: ProductId,
        product_risk: ProductRisk,
        max_risk: ProductRisk,
        audit: &NewAuditEntry,
    ) -> Result<RiskAcknowledged, AppError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO meeting_risk_acknowledgements (meeting_id, product_id, product_risk, max_risk, \
             acknowledged_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(meeting)
        .bind(product.0)
        .bind(enum_code(&product_risk))
        .bind(enum_code(&max_risk))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(RiskAcknowledged {
            product_id: product,
            product_risk,
            max_risk,
            acknowledged_at: at(now),
        })
    }

    /// Store the signed summary chained to the previous one, the meeting as one contact
    /// on the timeline and the survey (with its Kano pairs), all in one transaction with
    /// the audit entry that carries the chain hash. Returns (record hash, chain hash);
    /// `None` when the meeting was signed already.
    #[tracing::instrument(skip_all, fields(meeting = s.meeting.id))]
    pub async fn sign_meeting(
        &self,
        s: &Signing<'_>,
        audit: &NewAuditEntry,
    ) -> Result<Option<(String, String)>, AppError> {
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("UPDATE meetings SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
                .bind(s.ended_at_ms)
                .bind(s.meeting.id)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() != 1 {
            return Ok(None);
        }
        let last =
            sqlx::query("SELECT seq, chain_hash FROM meeting_signatures ORDER BY seq DESC LIMIT 1")
                .fetch_optional(&mut *tx)
                .await?;
        let (seq, prev) = match last {
            Some(row) => (
                col::<i64>(&row, "seq")? + 1,
                col::<String>(&row, "chain_hash")?,
            ),
            None => (1, GENESIS_HASH.to_owned()),
        };
        let record = record_hash(s.summary, s.signature);
        let chain = chain_hash(&prev, &record);
        sqlx::query(
            "INSERT INTO meeting_signatures (meeting_id, seq, summary, signature, record_hash, \
             prev_hash, chain_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(s.meeting.id)
        .bind(seq)
        .bind(s.summary)
        .bind(s.signature)
        .bind(&record)
        .bind(&prev)
        .bind(&chain)
        .execute(&mut *tx)
        .await?;
        let interaction = insert_interaction(
            &mut tx,
            s.meeting.customer_id,
            s.meeting.user_id,
            s.interaction,
        )
        .await?;
        sqlx::query("UPDATE customers SET version = version + 1 WHERE id = $1")
            .bind(s.meeting.customer_id.0)
            .execute(&mut *tx)
            .await?;
        let mut detail = format!(
            "meeting={} interaction={interaction} chain={chain}",
            s.meeting.id
        );
        if let Some((survey, answered_on)) = s.survey {
            let row = sqlx::query(
                "INSERT INTO surveys (customer_id, answered_on, recommend, overall) VALUES ($1, $2, $3, $4) \
                 RETURNING id",
            )
            .bind(s.meeting.customer_id.0)
            .bind(answered_on.to_string())
            .bind(i64::from(survey.recommend))
            .bind(i64::from(survey.overall))
            .fetch_one(&mut *tx)
            .await?;
            let id: i64 = col(&row, "id")?;
            for r in &survey.ratings {
                sqlx::query(
                    "INSERT INTO survey_ratings (survey_id, attribute, satisfaction, importance) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(enum_code(&r.attribute))
                .bind(i64::from(r.satisfaction))
                .bind(i64::from(r.importance))
                .execute(&mut *tx)
                .await?;
            }
            for k in &survey.kano {
                sqlx::query(
                    "INSERT INTO survey_kano (survey_id, attribute, functional, dysfunctional) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(enum_code(&k.attribute))
                .bind(enum_code(&k.functional))
                .bind(enum_code(&k.dysfunctional))
                .execute(&mut *tx)
                .await?;
            }
            detail.push_str(&format!(" survey={id}"));
        }
        let opened = super::opportunities::insert_meeting_opportunities(
            &mut tx,
            s.meeting.customer_id,
            s.meeting.user_id,
            s.meeting.id,
            s.interests,
            s.ended_at_ms,
        )
        .await?;
        if !opened.is_empty() {
            let ids: Vec<String> = opened.iter().map(i64::to_string).collect();
            detail.push_str(&format!(" opportunities={}", ids.join(",")));
        }
        let mut audit = audit.clone();
        audit.detail = Some(detail);
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Some((record, chain)))
    }

    /// A wrong PIN: count it; the fifth in a row ends the session (audited either way).
    #[tracing::instrument(skip_all)]
    pub async fn meeting_pin_failed(
        &self,
        user: UserId,
        session_hash: &str,
        audit: &NewAuditEntry,
    ) -> Result<PinOutcome, AppError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "UPDATE users SET pin_failures = pin_failures + 1 WHERE id = $1 RETURNING pin_failures",
        )
        .bind(user.0)
        .fetch_one(&mut *tx)
        .await?;
        let failures = u32::try_from(col::<i64>(&row, "pin_failures")?).unwrap_or(u32::MAX);
        let mut audit = audit.clone();
        let outcome = if failures >= PIN_MAX_FAILURES {
            sqlx::query("UPDATE users SET pin_failures = 0 WHERE id = $1")
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(session_hash)
                .execute(&mut *tx)
                .await?;
            audit.detail = Some(format!("failures={failures} session_ended"));
            PinOutcome::SessionEnded
        } else {
            audit.detail = Some(format!("failures={failures}"));
            PinOutcome::TriesLeft(PIN_MAX_FAILURES - failures)
        };
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    /// The right PIN: unlock the session, forget wrong tries, note when the meeting was left.
    #[tracing::instrument(skip_all)]
    pub async fn leave_meeting(
        &self,
        user: UserId,
        meeting: i64,
        session_hash: &str,
        audit: &NewAuditEntry,
    ) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET pin_failures = 0 WHERE id = $1")
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE sessions SET meeting_id = NULL WHERE token_hash = $1")
            .bind(session_hash)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE meetings SET left_at = $1 WHERE id = $2")
            .bind(now_ms())
            .bind(meeting)
            .execute(&mut *tx)
            .await?;
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every signed meeting in chain order, with the chain hash its audit entry recorded.
    #[tracing::instrument(skip(self))]
    pub async fn signed_meetings(&self, only: Option<i64>) -> Result<Vec<SignedRow>, AppError> {
        let rows = sqlx::query(
            "SELECT meeting_id, summary, signature, record_hash, prev_hash, chain_hash \
             FROM meeting_signatures WHERE ($1 = 0 OR meeting_id = $1) ORDER BY seq",
        )
        .bind(only.unwrap_or(0))
        .fetch_all(&self.pool)
        .await?;
        let audited = sqlx::query("SELECT detail FROM audit_log WHERE action = $1")
            .bind(enum_code(&clientbook_domain::api::AuditAction::SignMeeting))
            .fetch_all(&self.pool)
            .await?;
        let mut chains = std::collections::HashMap::new();
        for row in &audited {
            let detail: Option<String> = col(row, "detail")?;
            let detail = detail.unwrap_or_default();
            let field = |name: &str| {
                detail
                    .split(' ')
                    .find_map(|kv| kv.strip_prefix(name))
                    .map(str::to_owned)
            };
            if let (Some(m), Some(c)) = (field("meeting="), field("chain=")) {
                if let Ok(m) = m.parse::<i64>() {
                    chains.insert(m, c);
                }
            }
        }
        rows.iter()
            .map(|row| {
                let meeting_id: i64 = col(row, "meeting_id")?;
                Ok(SignedRow {
                    meeting_id,
                    summary: col(row, "summary")?,
                    signature: col(row, "signature")?,
                    record_hash: col(row, "record_hash")?,
                    prev_hash: col(row, "prev_hash")?,
                    chain_hash: col(row, "chain_hash")?,
                    audited_chain: chains.remove(&meeting_id),
                })
            })
            .collect()
    }

    /// Signed meetings of customers in `scope`, newest first.
    #[tracing::instrument(skip(self))]
    pub async fn meeting_list(&self, scope: Scope) -> Result<Vec<MeetingListItem>, AppError> {
        let (cond, param) = scope.condition(1);
        let sql = format!(
            "SELECT m.id, m.customer_id, u.display_name, m.ended_at FROM meetings m \
             JOIN customers c ON c.id = m.customer_id JOIN users u ON u.id = m.user_id \
             WHERE m.ended_at IS NOT NULL AND {cond} ORDER BY m.ended_at DESC LIMIT 200"
        );
        let mut q = sqlx::query(&sql);
        if let Some(p) = param {
            q = q.bind(p);
        }
        q.fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok(MeetingListItem {
                    meeting_id: col(row, "id")?,
                    customer_id: CustomerId(col(row, "customer_id")?),
                    advisor: col(row, "display_name")?,
                    ended_at: at(col(row, "ended_at")?),
                })
            })
            .collect()
    }

    /// Kano pairs of surveys of customers in `scope`.
    #[tracing::instrument(skip(self))]
    pub async fn kano_pairs(&self, scope: Scope) -> Result<Vec<KanoPair>, AppError> {
        let (cond, param) = scope.condition(1);
        let sql = format!(
            "SELECT k.attribute, k.functional, k.dysfunctional FROM survey_kano k \
             JOIN surveys s ON s.id = k.survey_id JOIN customers c ON c.id = s.customer_id \
             WHERE {cond} ORDER BY k.survey_id"
        );
        let mut q = sqlx::query(&sql);
        if let Some(p) = param {
            q = q.bind(p);
        }
        q.fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok(KanoPair {
                    attribute: parse_enum(&col::<String>(row, "attribute")?)?,
                    functional: parse_enum(&col::<String>(row, "functional")?)?,
                    dysfunctional: parse_enum(&col::<String>(row, "dysfunctional")?)?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_hash_covers_the_previous_one() {
        let r = record_hash("{}", "{}");
        assert_eq!(r.len(), 64);
        assert_ne!(chain_hash(GENESIS_HASH, &r), chain_hash(&r, &r));
        assert_ne!(record_hash("{}", "{ }"), r);
    }
}
