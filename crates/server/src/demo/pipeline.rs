//! The demo bank's history of opportunities (商机): over the six months before the as-of
//! date, RMs opened opportunities from recommendations, retention warnings, maturing
//! deposits and their own ideas; the older ones are won or lost (with reasons), the
//! recent ones still open, a few with a next step already overdue.
//!
//! It runs once after the rest of the demo bank is generated and inserted, with its own
//! seeded RNG, so the rest of the bank is the same with or without it. Every product
//! offered passes the suitability rule as of its opening, and a protected customer's
//! opportunity beyond R1 carries the advisor's confirmation.

use super::DemoBank;
use crate::error::AppError;
use crate::storage::{enum_code, DbKind, Storage};
use chrono::{DateTime, Days, Months, NaiveDate, Utc};
use clientbook_domain::opportunity::{LostReason, OpportunitySource, OpportunityStage};
use clientbook_domain::{age_on, Product, ProductRisk};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Mixed into the bank's seed: this module's RNG is its own.
const SEED_SALT: u64 = 0x5EED_0F0F_BEEF_0015;
/// Out of 1,000 customers, how many had an opportunity opened in the six months.
const PER_MILLE_WITH_OPPORTUNITY: u32 = 90;

/// One generated opportunity and its moves (`(stage, at)` after the opening).
#[derive(Clone, Debug, PartialEq)]
pub struct DemoOpportunity {
    pub id: i64,
    pub customer_id: i64,
    pub rm_id: i64,
    pub product: Option<i64>,
    pub family: String,
    pub expected_amount: i64,
    pub source: OpportunitySource,
    pub source_detail: String,
    pub stage: OpportunityStage,
    pub lost_reason: Option<LostReason>,
    pub won_amount: Option<i64>,
    pub next_step: Option<String>,
    pub next_step_on: Option<NaiveDate>,
    pub confirmation: Option<String>,
    pub opened_at: DateTime<Utc>,
    pub moves: Vec<(OpportunityStage, DateTime<Utc>)>,
}

/// 10:00 in Beijing on `d`.
fn morning(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(2, 0, 0).expect("02:00 exists").and_utc()
}

const NEXT_STEPS: [&str; 5] = [
    "Call to present the product",
    "Invite to the branch to sign",
    "Send the product leaflet",
    "Follow up after the maturity",
    "Visit with the wealth advisor",
];

/// The history, deterministic in the bank's seed and as-of date.
pub fn generate(bank: &DemoBank) -> Vec<DemoOpportunity> {
    let mut rng = ChaCha8Rng::seed_from_u64(bank.seed ^ SEED_SALT);
    let as_of = bank.as_of;
    let shelf: Vec<&Product> = bank
        .products
        .iter()
        .filter(|p| p.family.is_asset())
        .collect();
    let mut out = vec![];
    for c in &bank.customers {
        if rng.random_range(0..1000) >= PER_MILLE_WITH_OPPORTUNITY {
            continue;
        }
        let valid = c
            .risk_assessed_on
            .is_some_and(|d| d + Months::new(12) >= as_of);
        let max_risk = match c.risk_level {
            Some(level) if valid => level.max_product_risk(),
            _ => ProductRisk::R1,
        };
        let allowed: Vec<&&Product> = shelf.iter().filter(|p| p.risk <= max_risk).collect();
        if allowed.is_empty() {
            continue;
        }
        let product = allowed[rng.random_range(0..allowed.len())];
        let days_ago = rng.random_range(1..=180u64);
        let opened_on = as_of - Days::new(days_ago);
        let protected = age_on(c.birth_date, opened_on) >= 65 || c.lowest_risk_subcategory;
        let aum = c.aum.max(product.min_amount.fen());
        let share = rng.random_range(5..=30i64);
        let expected = ((aum * share / 100) / 100_000 * 100_000)
            .max(product.min_amount.fen())
            .max(1_000_000);
        let (source, detail) = match rng.random_range(0..10) {
            0..=4 => (
                OpportunitySource::Recommendation,
                format!(r#"{{"reason":"PeerGap","aum_fen":{}}}"#, c.aum),
            ),
            5..=6 => (
                OpportunitySource::Retention,
                format!(r#"{{"churn_risk":{}}}"#, rng.random_range(60..95)),
            ),
            7..=8 => (
                OpportunitySource::Maturity,
                format!(
                    r#"{{"amount_fen":{expected},"matures_on":"{}"}}"#,
                    opened_on + Days::new(rng.random_range(3..30))
                ),
            ),
            _ => (OpportunitySource::Manual, "{}".to_owned()),
        };
        // Older opportunities have run their course; recent ones are under way.
        let target = if days_ago > 60 {
            if rng.random_bool(0.55) {
                OpportunityStage::Won
            } else {
                OpportunityStage::Lost
            }
        } else {
            match rng.random_range(0..20) {
                0..=6 => OpportunityStage::Identified,
                7..=11 => OpportunityStage::Proposed,
                12..=15 => OpportunityStage::Interested,
                16..=17 => OpportunityStage::Won,
                _ => OpportunityStage::Lost,
            }
        };
        let path: Vec<OpportunityStage> = match target {
            OpportunityStage::Lost => {
                let reached = rng.random_range(0..3);
                OpportunityStage::OPEN[1..=reached]
                    .iter()
                    .copied()
                    .chain([OpportunityStage::Lost])
                    .collect()
            }
            t => OpportunityStage::ALL[1..]
                .iter()
                .copied()
                .take_while(|s| *s <= t)
                .collect(),
        };
        let mut moves: Vec<(OpportunityStage, DateTime<Utc>)> = vec![];
        let mut day = opened_on;
        let mut last = morning(opened_on);
        for stage in path {
            let room = (as_of - day).num_days().max(1) as u64;
            day = (day + Days::new(rng.random_range(1..=room.min(20)))).min(as_of);
            let at = morning(day) + chrono::Duration::minutes(rng.random_range(0..480));
            // Moves on the same day keep their order.
            last = at.max(last + chrono::Duration::minutes(1));
            moves.push((stage, last));
        }
        let closed = target.is_closed();
        let lost_reason = (target == OpportunityStage::Lost)
            .then(|| LostReason::ALL[rng.random_range(0..LostReason::ALL.len() - 1)]);
        let won_amount = (target == OpportunityStage::Won)
            .then(|| expected * rng.random_range(70..=110) / 100 / 100 * 100);
        let (next_step, next_step_on) = if closed {
            (None, None)
        } else {
            // About one in four is overdue.
            let offset = rng.random_range(-8i64..=24);
            let on = if offset < 0 {
                as_of - Days::new(offset.unsigned_abs())
            } else {
                as_of + Days::new(offset as u64)
            };
            (
                Some(NEXT_STEPS[rng.random_range(0..NEXT_STEPS.len())].to_owned()),
                Some(on),
            )
        };
        let puts = moves.iter().any(|(s, _)| s.puts_product_to_customer());
        let confirmation = (protected && product.risk > ProductRisk::R1 && puts).then(|| {
            let protection = if age_on(c.birth_date, opened_on) >= 65 {
                format!(r#"{{"Age":{{"age":{}}}}}"#, age_on(c.birth_date, opened_on))
            } else {
                r#""LowestSubcategory""#.to_owned()
            };
            let by_name = bank
                .users
                .iter()
                .find(|u| u.id == c.rm_id)
                .map_or("", |u| u.display_name.as_str());
            format!(
                r#"{{"protection":{protection},"by_id":{},"by_name":"{by_name}","at":"{}","note":null}}"#,
                c.rm_id,
                moves[0].1.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            )
        });
        out.push(DemoOpportunity {
            id: out.len() as i64 + 1,
            customer_id: c.id,
            rm_id: c.rm_id,
            product: Some(product.id.0),
            family: enum_code(&product.family),
            expected_amount: expected,
            source,
            source_detail: detail,
            stage: target,
            lost_reason,
            won_amount,
            next_step,
            next_step_on,
            confirmation,
            opened_at: morning(opened_on),
            moves,
        });
    }
    out
}

enum Val {
    I(i64),
    OI(Option<i64>),
    S(String),
    OS(Option<String>),
}

async fn insert_rows(
    tx: &mut sqlx::AnyConnection,
    kind: DbKind,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Val>>,
) -> Result<(), AppError> {
    let chunk_rows = 2000 / columns.len();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Val>> = rows.by_ref().take(chunk_rows).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for r in 0..chunk.len() {
            sql.push_str(if r > 0 { ", (" } else { "(" });
            for c in 0..columns.len() {
                n += 1;
                if c > 0 {
                    sql.push_str(", ");
                }
                match kind {
                    DbKind::Sqlite => sql.push('?'),
                    DbKind::Postgres => sql.push_str(&format!("${n}")),
                }
            }
            sql.push(')');
        }
        let mut q = sqlx::query(&sql).persistent(false);
        for v in chunk.into_iter().flatten() {
            q = match v {
                Val::I(i) => q.bind(i),
                Val::OI(i) => q.bind(i),
                Val::S(s) => q.bind(s),
                Val::OS(s) => q.bind(s),
            };
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Generate the history and insert it in one transaction (a bank that already has
/// opportunities gets none).
pub async fn insert(storage: &Storage, bank: &DemoBank) -> Result<usize, AppError> {
    let opportunities = generate(bank);
    let mut tx = storage.begin_write().await?;
    let kind = storage.kind();
    let mut rows = vec![];
    let mut events = vec![];
    for o in &opportunities {
        let closed_at = o
            .stage
            .is_closed()
            .then(|| o.moves.last().map(|(_, at)| at.timestamp_millis()))
            .flatten();
        rows.push(vec![
            Val::I(o.id),
            Val::I(o.customer_id),
            Val::I(o.rm_id),
            Val::OI(o.product),
            Val::S(o.family.clone()),
            Val::I(o.expected_amount),
            Val::S(enum_code(&o.source)),
            Val::S(o.source_detail.clone()),
            Val::S(enum_code(&o.stage)),
            Val::OS(o.lost_reason.map(|r| enum_code(&r))),
            Val::OI(o.won_amount),
            Val::OS(o.next_step.clone()),
            Val::OS(o.next_step_on.map(|d| d.to_string())),
            Val::OS(o.confirmation.clone()),
            Val::I(o.opened_at.timestamp_millis()),
            Val::I(o.rm_id),
            Val::OI(closed_at),
            Val::I(1 + o.moves.len() as i64),
        ]);
        let mut from: Option<OpportunityStage> = None;
        let steps = std::iter::once((OpportunityStage::Identified, o.opened_at))
            .chain(o.moves.iter().copied());
        for (to, at) in steps {
            events.push(vec![
                Val::I(o.id),
                Val::OS(from.map(|f| enum_code(&f))),
                Val::S(enum_code(&to)),
                Val::I(at.timestamp_millis()),
                Val::I(o.rm_id),
            ]);
            from = Some(to);
        }
    }
    insert_rows(
        &mut tx,
        kind,
        "opportunities",
        &[
            "id",
            "customer_id",
            "rm_id",
            "product_id",
            "product_family",
            "expected_amount",
            "source",
            "source_detail",
            "stage",
            "lost_reason",
            "won_amount",
            "next_step",
            "next_step_on",
            "confirmation",
            "opened_at",
            "opened_by",
            "closed_at",
            "version",
        ],
        rows,
    )
    .await?;
    insert_rows(
        &mut tx,
        kind,
        "opportunity_events",
        &["opportunity_id", "from_stage", "to_stage", "at", "by_id"],
        events,
    )
    .await?;
    if kind == DbKind::Postgres {
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('opportunities', 'id'), \
             COALESCE((SELECT MAX(id) FROM opportunities), 0) + 1, false)",
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(opportunities.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientbook_domain::RiskLevel;

    fn bank() -> DemoBank {
        super::super::generate(42, 600, NaiveDate::from_ymd_opt(2026, 6, 15).unwrap())
    }

    #[test]
    fn the_history_has_every_stage_reasons_and_overdue_next_steps() {
        let bank = bank();
        let ops = generate(&bank);
        assert_eq!(ops, generate(&bank), "deterministic");
        assert!(ops.len() > 20, "{}", ops.len());
        for stage in OpportunityStage::ALL {
            assert!(ops.iter().any(|o| o.stage == stage), "{stage:?}");
        }
        assert!(ops
            .iter()
            .all(|o| (o.stage == OpportunityStage::Lost) == o.lost_reason.is_some()));
        assert!(ops
            .iter()
            .any(|o| o.next_step_on.is_some_and(|d| d < bank.as_of)));
        for o in &ops {
            let mut at = o.opened_at;
            for (stage, when) in &o.moves {
                assert!(*when >= at && when.date_naive() <= bank.as_of, "{o:?}");
                assert!(stage > &OpportunityStage::Identified);
                at = *when;
            }
        }
    }

    #[test]
    fn every_product_offered_suits_the_customer() {
        let bank = bank();
        for o in generate(&bank) {
            let c = &bank.customers[(o.customer_id - 1) as usize];
            let p = &bank.products[(o.product.unwrap() - 1) as usize];
            if p.risk > ProductRisk::R1 {
                let level: RiskLevel = c.risk_level.expect("a level beyond R1");
                assert!(p.risk <= level.max_product_risk(), "{o:?}");
            }
        }
    }
}
