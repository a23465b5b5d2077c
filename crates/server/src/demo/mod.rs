//! The demo bank: generated deterministically (same seed and as-of date, same bank) on
//! first start when the database is empty. Pure: generation does no I/O; the storage
//! layer inserts the result in one transaction.
//!
//! One module per thing generated: [`staff`] (branches and users), [`shelf`] (products),
//! [`customers`] (who they are), [`holdings`], [`history`] (monthly figures) and
//! [`service`] (contacts, surveys, complaints, notes). [`shares`] states how many
//! problems a well-run branch has, which the generator aims at and a test checks.

pub mod campaigns;
mod customers;
mod history;
mod holdings;
mod service;
pub mod shares;
mod shelf;
mod staff;

pub use customers::id_check_char;
pub use shelf::product_shelf;

use crate::model::{ComplaintChannel, ComplaintContentType, InteractionKind, InteractionOutcome};
use chrono::{Days, NaiveDate};
use clientbook_domain::api::Role;
use clientbook_domain::tier::tier_for_aum;
use clientbook_domain::{
    AttributeRating, Channel, ComplaintSeverity, ComplaintStatus, Gender, Money, Need, Product,
    RiskLevel, Tier,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use shares::{Quota, HIGH_CHURN};
use std::collections::HashMap;

pub const DEMO_PASSWORD: &str = "clientbook-demo";
/// Months of history generated per customer.
pub const HISTORY_MONTHS: u32 = 24;

#[derive(Clone, Debug, PartialEq)]
pub struct DemoBank {
    pub seed: u64,
    pub as_of: NaiveDate,
    pub branches: Vec<DemoBranch>,
    pub users: Vec<DemoUser>,
    pub products: Vec<Product>,
    pub households: Vec<(i64, String)>,
    pub customers: Vec<DemoCustomer>,
    pub holdings: Vec<DemoHolding>,
    pub history: Vec<DemoMonth>,
    pub interactions: Vec<DemoInteraction>,
    pub surveys: Vec<DemoSurvey>,
    pub complaints: Vec<DemoComplaint>,
    pub notes: Vec<DemoNote>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoBranch {
    pub id: i64,
    pub code: String,
    pub name_en: String,
    pub name_zh: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub branch_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoCustomer {
    pub id: i64,
    pub rm_id: i64,
    pub branch_id: i64,
    pub name: String,
    pub phone: String,
    pub id_number: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
    pub address: String,
    pub occupation: String,
    pub employer: Option<String>,
    pub income_band: String,
    pub hobbies: Vec<String>,
    pub preferred_channel: Channel,
    pub risk_level: Option<RiskLevel>,
    pub risk_assessed_on: Option<NaiveDate>,
    pub lowest_risk_subcategory: bool,
    pub kyc_reviewed_on: NaiveDate,
    pub since: NaiveDate,
    pub household_id: Option<i64>,
    pub household_role: Option<String>,
    pub stated_needs: Vec<Need>,
    pub next_contact_on: Option<NaiveDate>,
    /// AUM of the current holdings, in fen.
    pub aum: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoHolding {
    pub id: i64,
    pub customer_id: i64,
    pub product_id: i64,
    pub balance: i64,
    pub opened_on: NaiveDate,
    pub matures_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoMonth {
    pub customer_id: i64,
    pub month: NaiveDate,
    pub transactions: i64,
    pub logins: i64,
    pub inflow: i64,
    pub outflow: i64,
    pub aum_end: i64,
    pub margin: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoInteraction {
    pub id: i64,
    pub customer_id: i64,
    pub rm_id: i64,
    pub occurred_on: NaiveDate,
    pub kind: InteractionKind,
    pub channel: Channel,
    pub outcome: InteractionOutcome,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoSurvey {
    pub id: i64,
    pub customer_id: i64,
    pub answered_on: NaiveDate,
    pub recommend: i64,
    pub overall: i64,
    pub ratings: Vec<AttributeRating>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoComplaint {
    pub id: i64,
    pub customer_id: i64,
    pub received_on: NaiveDate,
    pub channel: ComplaintChannel,
    pub content_type: ComplaintContentType,
    pub severity: ComplaintSeverity,
    pub status: ComplaintStatus,
    pub summary: String,
    pub resolution: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoNote {
    pub id: i64,
    pub customer_id: i64,
    pub author_id: i64,
    pub written_at_ms: i64,
    pub body: String,
}

/// Pick by integer weights.
pub(super) fn weighted<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (item, w) in items {
        if x < *w {
            return *item;
        }
        x -= w;
    }
    items[items.len() - 1].0
}

pub(super) fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

pub(super) fn days_before(date: NaiveDate, days: u64) -> NaiveDate {
    date - Days::new(days)
}

/// The tier of an AUM (fen) by the default thresholds, for generation choices only (the
/// bank's policy may move them later).
fn tier_of(aum_fen: i64) -> Tier {
    tier_for_aum(Money::from_fen(aum_fen), &Default::default())
}

/// 0 Standard ..= 4 Private banking, to index the generator's per-tier tables.
pub(super) fn tier_index(aum_fen: i64) -> usize {
    let tier = tier_of(aum_fen);
    Tier::ALL.iter().position(|t| *t == tier).unwrap_or(0)
}

/// The bank of `customers` customers as of `as_of`. With none, the staff and the shelf
/// alone: a bank to start from empty.
pub fn generate(seed: u64, customers: u32, as_of: NaiveDate) -> DemoBank {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let users = staff::users();
    let rms: Vec<DemoUser> = users
        .iter()
        .filter(|u| u.role == Role::RelationshipManager)
        .cloned()
        .collect();
    let rm_ids: Vec<i64> = rms.iter().map(|u| u.id).collect();
    let mut bank = DemoBank {
        seed,
        as_of,
        branches: staff::branches(),
        users,
        products: product_shelf(),
        households: vec![],
        customers: Vec::with_capacity(customers as usize),
        holdings: vec![],
        history: vec![],
        interactions: vec![],
        surveys: vec![],
        complaints: vec![],
        notes: vec![],
    };
    let mut taken = customers::Taken::default();
    let mut plan = service::Plan::new(&mut rng, &rm_ids);
    let mut declining: HashMap<i64, Quota> = rm_ids
        .iter()
        .map(|id| (*id, Quota::new(HIGH_CHURN.aim, &mut rng)))
        .collect();
    for id in 1..=i64::from(customers) {
        let rm = &rms[rng.random_range(0..rms.len())];
        let mut customer = customers::customer(&mut rng, &mut bank, &mut taken, id, rm);
        let tier = tier_index(customer.aum);
        let falling = declining.get_mut(&rm.id).is_some_and(Quota::take);
        holdings::generate(&mut rng, &mut bank, &customer, tier);
        history::generate(&mut rng, &mut bank, &customer, tier, falling);
        let tier_now = tier_of(customer.aum);
        service::generate(&mut rng, &mut bank, &mut customer, tier_now, &mut plan);
        bank.customers.push(customer);
    }
    bank
}

/// Customers per tier (Standard, Gold, Platinum, Diamond, Private) by the default thresholds.
pub fn tier_counts(bank: &DemoBank) -> [usize; 5] {
    let mut counts = [0; 5];
    for c in &bank.customers {
        counts[tier_index(c.aum)] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientbook_domain::ProductRisk;

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
    }

    #[test]
    fn the_same_seed_and_date_give_the_same_bank() {
        assert_eq!(generate(7, 300, as_of()), generate(7, 300, as_of()));
        assert_ne!(
            generate(7, 300, as_of()).customers,
            generate(8, 300, as_of()).customers
        );
    }

    #[test]
    fn tiers_are_long_tailed_like_a_real_book() {
        let bank = generate(42, 5000, as_of());
        let [std, gold, plat, dia, pb] = tier_counts(&bank);
        assert!((2800..3250).contains(&std), "standard {std}");
        assert!((1200..1600).contains(&gold), "gold {gold}");
        assert!((250..450).contains(&plat), "platinum {plat}");
        assert!((130..280).contains(&dia), "diamond {dia}");
        assert!((10..70).contains(&pb), "private {pb}");
    }

    #[test]
    fn holdings_add_up_to_the_customers_aum() {
        let bank = generate(3, 400, as_of());
        for c in &bank.customers {
            let sum: i64 = bank
                .holdings
                .iter()
                .filter(|h| h.customer_id == c.id)
                .filter(|h| bank.products[(h.product_id - 1) as usize].family.is_asset())
                .map(|h| h.balance)
                .sum();
            assert_eq!(sum, c.aum, "customer {}", c.id);
        }
    }

    #[test]
    fn id_numbers_match_birth_date_gender_and_check_digit() {
        let bank = generate(5, 300, as_of());
        for c in &bank.customers {
            assert_eq!(c.id_number.len(), 18);
            assert_eq!(
                &c.id_number[6..14],
                c.birth_date.format("%Y%m%d").to_string()
            );
            let seq: u32 = c.id_number[14..17].parse().unwrap();
            assert_eq!(seq % 2 == 1, c.gender == Gender::Male);
            assert_eq!(
                c.id_number.chars().nth(17),
                Some(id_check_char(&c.id_number[..17]))
            );
            assert_eq!(c.phone.len(), 11);
        }
    }

    #[test]
    fn no_holding_exceeds_the_customers_risk_level() {
        let bank = generate(9, 500, as_of());
        for h in &bank.holdings {
            let c = &bank.customers[(h.customer_id - 1) as usize];
            let p = &bank.products[(h.product_id - 1) as usize];
            let max = c
                .risk_level
                .map(RiskLevel::max_product_risk)
                .unwrap_or(ProductRisk::R1);
            assert!(p.risk <= max);
        }
    }

    #[test]
    fn no_customers_is_the_staff_and_the_shelf_alone() {
        let bank = generate(42, 0, as_of());
        assert!(bank.customers.is_empty() && bank.holdings.is_empty());
        assert!(bank.interactions.is_empty() && bank.complaints.is_empty());
        assert!(bank.users.iter().any(|u| u.role == Role::Admin));
        assert_eq!(bank.products, product_shelf());
    }

    #[test]
    fn the_known_check_digit_is_computed() {
        // The standard's worked example.
        assert_eq!(id_check_char("11010519491231002"), 'X');
    }
}
