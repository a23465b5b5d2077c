//! The demo bank's campaigns (营销活动): one finished wealth seminar (理财沙龙) of the
//! Lujiazui branch with its responses, and customers who opted out of marketing. Run
//! once after the bank is inserted, with its own seeded generator, so the rest of the
//! demo bank is exactly what it was. The segment is frozen with the scoring crate over
//! the branch's book, as `POST /api/campaigns/{id}/start` does.

use super::DemoBank;
use crate::error::AppError;
use crate::scope::Scope;
use crate::storage::{enum_code, FrozenReason, Storage};
use chrono::{Days, NaiveDate};
use clientbook_domain::campaign::{
    select, CampaignKind, CampaignStatus, Exclusion, MemberResponse, Segment,
};
use clientbook_domain::{score_book, BranchId, ScoringPolicy, Tier};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeSet;

/// Customers of the bank who asked not to be contacted for marketing, per thousand.
const OPT_OUT_PER_MILLE: u32 = 40;
/// The seminar's branch and the branch manager who ran it.
const BRANCH: i64 = 1;
const MANAGER: &str = "manager01";

/// Unix ms of 10:00 (bank time, UTC+8) on `day`.
fn at_ten(day: NaiveDate) -> i64 {
    day.and_hms_opt(2, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp_millis())
}

pub async fn seed(storage: &Storage, bank: &DemoBank) -> Result<(), AppError> {
    if bank.customers.is_empty() {
        return Ok(());
    }
    let mut rng = ChaCha8Rng::seed_from_u64(bank.seed ^ 0x0015_CA3B_A16E);
    let opted: BTreeSet<i64> = bank
        .customers
        .iter()
        .map(|c| c.id)
        .filter(|_| rng.random_range(0..1000) < OPT_OUT_PER_MILLE)
        .collect();
    let mut tx = storage.begin_write().await?;
    for id in &opted {
        sqlx::query("UPDATE customers SET marketing_opt_out = 1 WHERE id = $1")
            .bind(*id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    let Some(manager) = bank.users.iter().find(|u| u.username == MANAGER) else {
        return Ok(());
    };
    let as_of = bank.as_of;
    let starts_on = as_of - Days::new(60);
    let (event_on, ends_on) = (as_of - Days::new(30), as_of - Days::new(20));
    // Frozen as of the day it started, with the default policy (the bank's own is not set
    // yet) and the bank's shelf.
    let policy = ScoringPolicy::default();
    let shelf = storage.products().await?;
    // The branch's customers among the first batch's (the whole branch in a bank of
    // one batch): at a million customers the whole branch was 500,000 customers scored
    // in memory, 100 s and a 1 GiB peak at the end of the generation.
    let first = u32::try_from(bank.customers.len()).unwrap_or(u32::MAX);
    let book = storage
        .scope_batch(Scope::Branch(BranchId(BRANCH)), None, first, starts_on, 12)
        .await?;
    let scored = score_book(&book, &policy, &shelf, starts_on);
    let mut tx = storage.begin_write().await?;
    let segment = Segment {
        tier_at_least: Some(Tier::Platinum),
        ..Segment::default()
    };
    let members = select(
        &segment,
        &book,
        &scored.customers,
        &BTreeSet::new(),
        starts_on,
    );
    let row = sqlx::query(
        "INSERT INTO campaigns (branch_id, name, kind, goal, offer, segment, starts_on, ends_on, \
         event_on, status, created_by, created_at, started_at, finished_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 3) RETURNING id",
    )
    .bind(BRANCH)
    .bind("理财沙龙：稳健配置与养老规划")
    .bind(enum_code(&CampaignKind::Seminar))
    .bind("Invite Platinum and above to the spring wealth seminar; 30 attendees")
    .bind("Seminar seat and a one-to-one portfolio review")
    .bind(serde_json::to_string(&segment).map_err(AppError::internal)?)
    .bind(starts_on.to_string())
    .bind(ends_on.to_string())
    .bind(event_on.to_string())
    .bind(enum_code(&CampaignStatus::Finished))
    .bind(manager.id)
    .bind(at_ten(starts_on - Days::new(3)))
    .bind(at_ten(starts_on))
    .bind(at_ten(ends_on))
    .fetch_one(&mut *tx)
    .await?;
    let campaign: i64 = sqlx::Row::try_get(&row, "id")?;
    for (i, reasons) in members {
        let c = &book[i];
        let excluded = opted.contains(&c.id.0);
        // Most members are reached; of those invited, about half accept and most of
        // them attend.
        let response = if excluded || rng.random_range(0..100) < 30 {
            MemberResponse::None
        } else {
            match rng.random_range(0..100) {
                0..=29 => MemberResponse::Invited,
                30..=49 => MemberResponse::Declined,
                50..=59 => MemberResponse::Accepted,
                _ => MemberResponse::Attended,
            }
        };
        let contacted = (response != MemberResponse::None)
            .then(|| at_ten(starts_on + Days::new(rng.random_range(1..20))));
        let responded =
            (response.responded()).then(|| at_ten(starts_on + Days::new(rng.random_range(20..30))));
        let why = FrozenReason {
            tier: scored.customers[i].tier,
            reasons,
        };
        sqlx::query(
            "INSERT INTO campaign_members (campaign_id, customer_id, rm_id, reason, excluded, \
             response, contacted_at, responded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(campaign)
        .bind(c.id.0)
        .bind(c.rm_id.0)
        .bind(serde_json::to_string(&why).map_err(AppError::internal)?)
        .bind(excluded.then(|| enum_code(&Exclusion::MarketingOptOut)))
        .bind(enum_code(&response))
        .bind(contacted)
        .bind(responded)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
