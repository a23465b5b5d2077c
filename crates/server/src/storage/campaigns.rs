//! Campaigns (营销活动): their definitions, the frozen segment's members and what came
//! of them. The caller's scope filters every member query on the customer (`c`).

use super::audit::insert_audit;
use super::filter::Filter;
use super::scoped::{at, Versioned};
use super::{
    col, enum_code, now_ms, parse_date, parse_enum, parse_opt_date, NewAuditEntry, Storage,
};
use crate::error::AppError;
use crate::scope::Scope;
use clientbook_domain::campaign::{
    Campaign, CampaignId, CampaignMember, CampaignStatus, Exclusion, MemberOutcome, MemberResponse,
    MemberUpdate, NewCampaign, Segment, SegmentReason,
};
use clientbook_domain::{BranchId, CustomerId, Money, Tier, UserId};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use std::collections::BTreeSet;

/// Which campaigns a caller sees: an admin and compliance every one, a branch manager
/// their branch's and the bank's, an RM the started ones with a member in their book.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CampaignView {
    All,
    Branch(BranchId),
    Rm(UserId),
}

/// Why a member was frozen into the segment (the `reason` column, JSON).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FrozenReason {
    pub tier: Tier,
    pub reasons: Vec<SegmentReason>,
}

/// A member to freeze.
#[derive(Clone, Debug)]
pub struct FrozenMember {
    pub customer: CustomerId,
    pub rm: UserId,
    pub why: FrozenReason,
    pub excluded: Option<Exclusion>,
}

const CAMPAIGN_COLUMNS: &str = "k.id, k.branch_id, k.name, k.kind, k.goal, k.offer, k.segment, \
    k.starts_on, k.ends_on, k.event_on, k.status, k.started_at, k.version, u.display_name AS created_by_name";

fn campaign_from_row(row: &AnyRow) -> Result<Campaign, AppError> {
    let segment: String = col(row, "segment")?;
    Ok(Campaign {
        id: CampaignId(col(row, "id")?),
        branch_id: col::<Option<i64>>(row, "branch_id")?.map(BranchId),
        name: col(row, "name")?,
        kind: parse_enum(&col::<String>(row, "kind")?)?,
        goal: col(row, "goal")?,
        offer: col(row, "offer")?,
        segment: serde_json::from_str::<Segment>(&segment).map_err(AppError::internal)?,
        starts_on: parse_date(&col::<String>(row, "starts_on")?)?,
        ends_on: parse_date(&col::<String>(row, "ends_on")?)?,
        event_on: parse_opt_date(col(row, "event_on")?)?,
        status: parse_enum(&col::<String>(row, "status")?)?,
        created_by_name: col(row, "created_by_name")?,
        started_at: col::<Option<i64>>(row, "started_at")?.map(at),
        members: 0,
        excluded: 0,
        version: col(row, "version")?,
    })
}

impl Storage {
    /// A draft campaign: `branch` `None` for a bank-wide one.
    #[tracing::instrument(skip(self, c, audit))]
    pub async fn create_campaign(
        &self,
        branch: Option<BranchId>,
        by: UserId,
        c: &NewCampaign,
        audit: &NewAuditEntry,
    ) -> Result<CampaignId, AppError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "INSERT INTO campaigns (branch_id, name, kind, goal, offer, segment, starts_on, ends_on, \
             event_on, status, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(branch.map(|b| b.0))
        .bind(&c.name)
        .bind(enum_code(&c.kind))
        .bind(&c.goal)
        .bind(&c.offer)
        .bind(serde_json::to_string(&c.segment).map_err(AppError::internal)?)
        .bind(c.starts_on.to_string())
        .bind(c.ends_on.to_string())
        .bind(c.event_on.map(|d| d.to_string()))
        .bind(enum_code(&CampaignStatus::Draft))
        .bind(by.0)
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await?;
        let id = CampaignId(col(&row, "id")?);
        let mut audit = audit.clone();
        audit.detail = Some(format!("campaign={id}"));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The campaigns `view` sees, newest first, each with its member counts in `scope`.
    #[tracing::instrument(skip(self))]
    pub async fn campaigns(
        &self,
        view: CampaignView,
        scope: Scope,
        only: Option<CampaignId>,
    ) -> Result<Vec<Campaign>, AppError> {
        let (visible, param) = match view {
            CampaignView::All => ("1 = 1".to_owned(), None),
            CampaignView::Branch(b) => ("(k.branch_id = $1 OR k.branch_id IS NULL)".to_owned(), Some(b.0)),
            CampaignView::Rm(rm) => (
                "k.status <> 'Draft' AND EXISTS (SELECT 1 FROM campaign_members m JOIN customers c \
                 ON c.id = m.customer_id WHERE m.campaign_id = k.id AND c.rm_id = $1)"
                    .to_owned(),
                Some(rm.0),
            ),
        };
        let sql = format!(
            "SELECT {CAMPAIGN_COLUMNS} FROM campaigns k JOIN users u ON u.id = k.created_by \
             WHERE {visible} AND ($2 = 0 OR k.id = $2) ORDER BY k.id DESC"
        );
        let rows = sqlx::query(&sql)
            .bind(param.unwrap_or(0))
            .bind(only.map_or(0, |c| c.0))
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut c = campaign_from_row(row)?;
            let (members, excluded) = self.member_counts(c.id, scope).await?;
            c.members = members;
            c.excluded = excluded;
            out.push(c);
        }
        Ok(out)
    }

    async fn member_counts(&self, id: CampaignId, scope: Scope) -> Result<(u32, u32), AppError> {
        let f = Filter::new(scope, None);
        let n = f.next();
        let sql = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n, \
             CAST(COALESCE(SUM(CASE WHEN m.excluded IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT) AS x \
             FROM campaign_members m JOIN customers c ON c.id = m.customer_id \
             WHERE m.campaign_id = ${n} AND {}",
            f.sql
        );
        let row = f.query(&sql).bind(id.0).fetch_one(&self.pool).await?;
        let all: i64 = col(&row, "n")?;
        let excluded: i64 = col(&row, "x")?;
        Ok(((all - excluded) as u32, excluded as u32))
    }

    /// The members of an earlier campaign not left out (a segment's "invited to").
    #[tracing::instrument(skip(self))]
    pub async fn invited_to(&self, id: CampaignId) -> Result<BTreeSet<CustomerId>, AppError> {
        sqlx::query(
            "SELECT customer_id FROM campaign_members WHERE campaign_id = $1 AND excluded IS NULL",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| col(r, "customer_id").map(CustomerId))
        .collect::<Result<_, _>>()
    }

    /// The customers in `scope` who asked not to be contacted for marketing.
    #[tracing::instrument(skip(self))]
    pub async fn marketing_opt_outs(&self, scope: Scope) -> Result<BTreeSet<CustomerId>, AppError> {
        let f = Filter::new(scope, None);
        let sql = format!(
            "SELECT c.id FROM customers c WHERE c.marketing_opt_out <> 0 AND {}",
            f.sql
        );
        f.query(&sql)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| col(r, "id").map(CustomerId))
            .collect::<Result<_, _>>()
    }

    /// Freeze the segment: store the members and mark the campaign running, if it is
    /// still the draft of `version`.
    #[tracing::instrument(skip(self, members, audit))]
    pub async fn start_campaign(
        &self,
        id: CampaignId,
        version: i64,
        members: &[FrozenMember],
        audit: &NewAuditEntry,
    ) -> Result<Versioned<()>, AppError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE campaigns SET status = $1, started_at = $2, version = version + 1 \
             WHERE id = $3 AND version = $4 AND status = $5",
        )
        .bind(enum_code(&CampaignStatus::Running))
        .bind(now_ms())
        .bind(id.0)
        .bind(version)
        .bind(enum_code(&CampaignStatus::Draft))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(Versioned::Stale);
        }
        for m in members {
            sqlx::query(
                "INSERT INTO campaign_members (campaign_id, customer_id, rm_id, reason, excluded, response) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id.0)
            .bind(m.customer.0)
            .bind(m.rm.0)
            .bind(serde_json::to_string(&m.why).map_err(AppError::internal)?)
            .bind(m.excluded.map(|e| enum_code(&e)))
            .bind(enum_code(&MemberResponse::None))
            .execute(&mut *tx)
            .await?;
        }
        let mut audit = audit.clone();
        let excluded = members.iter().filter(|m| m.excluded.is_some()).count();
        audit.detail = Some(format!(
            "campaign={id} members={} excluded={excluded}",
            members.len() - excluded
        ));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Versioned::Done(()))
    }

    /// Mark a running campaign finished, if it is still at `version`.
    #[tracing::instrument(skip(self, audit))]
    pub async fn finish_campaign(
        &self,
        id: CampaignId,
        version: i64,
        audit: &NewAuditEntry,
    ) -> Result<Versioned<()>, AppError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE campaigns SET status = $1, finished_at = $2, version = version + 1 \
             WHERE id = $3 AND version = $4 AND status = $5",
        )
        .bind(enum_code(&CampaignStatus::Finished))
        .bind(now_ms())
        .bind(id.0)
        .bind(version)
        .bind(enum_code(&CampaignStatus::Running))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(Versioned::Stale);
        }
        insert_audit(&mut *tx, audit).await?;
        tx.commit().await?;
        Ok(Versioned::Done(()))
    }

    /// The members in `scope` (names unmasked: the route masks them), or one of them.
    #[tracing::instrument(skip(self))]
    pub async fn campaign_members(
        &self,
        id: CampaignId,
        scope: Scope,
        only: Option<CustomerId>,
    ) -> Result<Vec<CampaignMember>, AppError> {
        let f = Filter::new(scope, only);
        let n = f.next();
        let sql = format!(
            "SELECT m.customer_id, c.name, m.rm_id, u.display_name, m.reason, m.excluded, m.response, \
             m.contacted_at, m.responded_at, m.version FROM campaign_members m \
             JOIN customers c ON c.id = m.customer_id JOIN users u ON u.id = m.rm_id \
             WHERE m.campaign_id = ${n} AND {} ORDER BY CASE WHEN m.excluded IS NULL THEN 0 ELSE 1 END, m.customer_id",
            f.sql
        );
        f.query(&sql)
            .bind(id.0)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                let why: FrozenReason = serde_json::from_str(&col::<String>(row, "reason")?)
                    .map_err(AppError::internal)?;
                Ok(CampaignMember {
                    customer_id: CustomerId(col(row, "customer_id")?),
                    name: col(row, "name")?,
                    tier: why.tier,
                    rm_id: UserId(col(row, "rm_id")?),
                    rm_name: col(row, "display_name")?,
                    reasons: why.reasons,
                    excluded: col::<Option<String>>(row, "excluded")?
                        .map(|e| parse_enum(&e))
                        .transpose()?,
                    response: parse_enum(&col::<String>(row, "response")?)?,
                    contacted_at: col::<Option<i64>>(row, "contacted_at")?.map(at),
                    responded_at: col::<Option<i64>>(row, "responded_at")?.map(at),
                    version: col(row, "version")?,
                })
            })
            .collect()
    }

    /// Log a contact and/or move a member's response, if the member is at `update.version`.
    /// `Ok(None)`: no such member in scope.
    #[tracing::instrument(skip(self, audit))]
    pub async fn update_member(
        &self,
        id: CampaignId,
        customer: CustomerId,
        from: MemberResponse,
        update: &MemberUpdate,
        audit: &NewAuditEntry,
    ) -> Result<Versioned<()>, AppError> {
        let mut tx = self.begin_write().await?;
        let now = now_ms();
        let response = update.response.unwrap_or(from);
        let done = sqlx::query(
            "UPDATE campaign_members SET response = $1, \
             contacted_at = CASE WHEN contacted_at IS NULL AND $2 = 1 THEN $3 ELSE contacted_at END, \
             responded_at = CASE WHEN $4 = 1 THEN $3 ELSE responded_at END, version = version + 1 \
             WHERE campaign_id = $5 AND customer_id = $6 AND version = $7 AND response = $8",
        )
        .bind(enum_code(&response))
        .bind(i64::from(update.contacted || response.reached()))
        .bind(now)
        .bind(i64::from(update.response.is_some()))
        .bind(id.0)
        .bind(customer.0)
        .bind(update.version)
        .bind(enum_code(&from))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(Versioned::Stale);
        }
        let mut audit = audit.clone();
        audit.detail = Some(format!(
            "campaign={id} response={}->{}{}",
            enum_code(&from),
            enum_code(&response),
            if update.contacted { " contacted" } else { "" }
        ));
        insert_audit(&mut *tx, &audit).await?;
        tx.commit().await?;
        Ok(Versioned::Done(()))
    }

    /// What became of every member in `scope`: opportunities counted from the day the
    /// campaign started, for members reached and not reached alike. The stage is matched
    /// in either spelling (`won` on the wire, `Won` as a Rust variant name), whichever the
    /// pipeline stores.
    #[tracing::instrument(skip(self))]
    pub async fn campaign_outcomes(
        &self,
        id: CampaignId,
        scope: Scope,
        started_at_ms: i64,
    ) -> Result<Vec<(MemberOutcome, String)>, AppError> {
        let f = Filter::new(scope, None);
        let n = f.next();
        let sql = format!(
            "SELECT m.rm_id, u.display_name, m.excluded, m.contacted_at, m.response, \
             (SELECT CAST(COUNT(*) AS BIGINT) FROM opportunities o WHERE o.customer_id = m.customer_id \
               AND o.opened_at >= ${s}) AS opened, \
             (SELECT CAST(COUNT(*) AS BIGINT) FROM opportunities o WHERE o.customer_id = m.customer_id \
               AND o.opened_at >= ${s} AND o.stage = 'won') AS won, \
             (SELECT CAST(COALESCE(SUM(COALESCE(o.won_amount, o.expected_amount)), 0) AS BIGINT) \
               FROM opportunities o WHERE o.customer_id = m.customer_id \
               AND o.opened_at >= ${s} AND o.stage = 'won') AS won_amount \
             FROM campaign_members m JOIN customers c ON c.id = m.customer_id \
             JOIN users u ON u.id = m.rm_id WHERE m.campaign_id = ${n} AND {}",
            f.sql,
            s = n + 1
        );
        f.query(&sql)
            .bind(id.0)
            .bind(started_at_ms)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                let won: i64 = col(row, "won")?;
                Ok((
                    MemberOutcome {
                        rm_id: UserId(col(row, "rm_id")?),
                        excluded: col::<Option<String>>(row, "excluded")?.is_some(),
                        contacted: col::<Option<i64>>(row, "contacted_at")?.is_some(),
                        response: parse_enum(&col::<String>(row, "response")?)?,
                        opportunities: col::<i64>(row, "opened")? as u32,
                        won: won as u32,
                        won_amount: Money::from_fen(col(row, "won_amount")?),
                    },
                    col(row, "display_name")?,
                ))
            })
            .collect()
    }

    /// When the campaign started (Unix ms), for counting its opportunities.
    pub async fn campaign_started_at(&self, id: CampaignId) -> Result<Option<i64>, AppError> {
        let row = sqlx::query("SELECT started_at FROM campaigns WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => col::<Option<i64>>(&r, "started_at")?,
            None => None,
        })
    }
}
