//! The demo bank: generated deterministically (same seed and as-of date, same bank) on
//! first start when the database is empty. Pure: generation does no I/O. A small bank
//! comes whole from [`generate`]; a big one (a million customers) is handed out in
//! batches by a [`Generator`], each inserted in its own transaction, so the whole bank
//! is never in memory. Both give the same rows with the same ids.
//!
//! One module per thing generated: [`staff`] (branches and users), [`shelf`] (products),
//! [`customers`] (who they are), [`holdings`], [`history`] (monthly figures) and
//! [`service`] (contacts, surveys, complaints, notes). [`shares`] states how many
//! problems a well-run branch has, which the generator aims at and a test checks.

pub mod campaigns;
mod customers;
mod history;
mod holdings;
pub mod pipeline;
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
    /// How many of each were handed out in earlier batches (ids continue after them);
    /// all zero for a bank generated whole.
    pub before: Earlier,
}

/// Counts of what earlier batches of a [`Generator`] held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Earlier {
    pub customers: usize,
    pub households: usize,
    pub holdings: usize,
    pub interactions: usize,
    pub surveys: usize,
    pub complaints: usize,
    pub notes: usize,
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
    let mut generator = Generator::new(seed, customers, as_of);
    while generator.step() {}
    generator.bank
}

/// The demo bank generated customer by customer and handed out in batches: the first
/// batch has the branches, staff and shelf; each has its customers with everything that
/// belongs to them, and the households made so far.
pub struct Generator {
    rng: ChaCha8Rng,
    rms: Vec<DemoUser>,
    taken: customers::Taken,
    plan: service::Plan,
    declining: HashMap<i64, Quota>,
    next_id: i64,
    last_id: i64,
    /// Whether the first batch (the staff and the shelf) was handed out.
    started: bool,
    bank: DemoBank,
}

impl Generator {
    pub fn new(seed: u64, customers: u32, as_of: NaiveDate) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let users = staff::users();
        let rms: Vec<DemoUser> = users
            .iter()
            .filter(|u| u.role == Role::RelationshipManager)
            .cloned()
            .collect();
        let rm_ids: Vec<i64> = rms.iter().map(|u| u.id).collect();
        let bank = DemoBank {
            seed,
            as_of,
            branches: staff::branches(),
            users,
            products: product_shelf(),
            households: vec![],
            customers: Vec::with_capacity((customers as usize).min(BATCH_LIMIT)),
            holdings: vec![],
            history: vec![],
            interactions: vec![],
            surveys: vec![],
            complaints: vec![],
            notes: vec![],
            before: Earlier::default(),
        };
        let plan = service::Plan::new(&mut rng, &rm_ids);
        let declining: HashMap<i64, Quota> = rm_ids
            .iter()
            .map(|id| (*id, Quota::new(HIGH_CHURN.aim, &mut rng)))
            .collect();
        Self {
            rng,
            rms,
            taken: customers::Taken::default(),
            plan,
            declining,
            next_id: 1,
            last_id: i64::from(customers),
            started: false,
            bank,
        }
    }

    /// Generate the next customer; false when all are made.
    fn step(&mut self) -> bool {
        if self.next_id > self.last_id {
            return false;
        }
        let (rng, bank) = (&mut self.rng, &mut self.bank);
        let rm = &self.rms[rng.random_range(0..self.rms.len())];
        let mut customer = customers::customer(rng, bank, &mut self.taken, self.next_id, rm);
        let tier = tier_index(customer.aum);
        let falling = self.declining.get_mut(&rm.id).is_some_and(Quota::take);
        holdings::generate(rng, bank, &customer, tier);
        history::generate(rng, bank, &customer, tier, falling);
        let tier_now = tier_of(customer.aum);
        service::generate(rng, bank, &mut customer, tier_now, &mut self.plan);
        bank.customers.push(customer);
        self.next_id += 1;
        true
    }

    /// The next batch of about `size` customers (the last ones made are kept back while
    /// a later customer may still pick them as a spouse); `None` when all were handed out.
    pub fn next_batch(&mut self, size: usize) -> Option<DemoBank> {
        let size = size.max(1);
        let keep = customers::PARTNER_LOOKBACK as usize;
        while self.bank.customers.len() < size + keep && self.step() {}
        let done = self.next_id > self.last_id;
        let ready = if done {
            self.bank.customers.len()
        } else {
            self.bank.customers.len().saturating_sub(keep)
        };
        if ready == 0 && self.started {
            return None;
        }
        // The first batch has the staff and the shelf (the generator still reads the shelf).
        let first = !std::mem::replace(&mut self.started, true);
        let last = self.bank.customers[..ready].last().map_or(0, |c| c.id);
        let upto = |id: i64| id <= last;
        let once_branches = if first {
            self.bank.branches.clone()
        } else {
            vec![]
        };
        let once_users = if first {
            self.bank.users.clone()
        } else {
            vec![]
        };
        let once_products = if first {
            self.bank.products.clone()
        } else {
            vec![]
        };
        let bank = &mut self.bank;
        let batch = DemoBank {
            seed: bank.seed,
            as_of: bank.as_of,
            branches: once_branches,
            users: once_users,
            products: once_products,
            households: std::mem::take(&mut bank.households),
            customers: bank.customers.drain(..ready).collect(),
            holdings: drain_upto(&mut bank.holdings, |h| upto(h.customer_id)),
            history: drain_upto(&mut bank.history, |m| upto(m.customer_id)),
            interactions: drain_upto(&mut bank.interactions, |i| upto(i.customer_id)),
            surveys: drain_upto(&mut bank.surveys, |v| upto(v.customer_id)),
            complaints: drain_upto(&mut bank.complaints, |k| upto(k.customer_id)),
            notes: drain_upto(&mut bank.notes, |n| upto(n.customer_id)),
            before: bank.before,
        };
        let b = &mut bank.before;
        b.customers += batch.customers.len();
        b.households += batch.households.len();
        b.holdings += batch.holdings.len();
        b.interactions += batch.interactions.len();
        b.surveys += batch.surveys.len();
        b.complaints += batch.complaints.len();
        b.notes += batch.notes.len();
        Some(batch)
    }
}

/// Customers in one batch at most, for the generator's first allocation.
const BATCH_LIMIT: usize = 10_000;

/// The leading rows that belong to customers already handed out (rows are made in
/// customer order).
fn drain_upto<T>(rows: &mut Vec<T>, handed_out: impl Fn(&T) -> bool) -> Vec<T> {
    let n = rows.partition_point(handed_out);
    rows.drain(..n).collect()
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
    fn batches_put_together_are_the_bank_generated_whole() {
        let whole = generate(11, 1_000, as_of());
        let mut generator = Generator::new(11, 1_000, as_of());
        let mut joined = generate(11, 0, as_of());
        joined.branches.clear();
        joined.users.clear();
        joined.products.clear();
        let mut batches = 0;
        while let Some(b) = generator.next_batch(97) {
            assert!(
                b.customers.len() <= 97 + 300,
                "batch of {}",
                b.customers.len()
            );
            // Every row of a batch belongs to one of its own customers.
            let ids =
                b.customers.first().map_or(0, |c| c.id)..=b.customers.last().map_or(0, |c| c.id);
            assert!(b.holdings.iter().all(|h| ids.contains(&h.customer_id)));
            assert!(b.history.iter().all(|m| ids.contains(&m.customer_id)));
            assert!(b.notes.iter().all(|n| ids.contains(&n.customer_id)));
            assert_eq!(b.before.customers, joined.customers.len());
            joined.branches.extend(b.branches);
            joined.users.extend(b.users);
            joined.products.extend(b.products);
            joined.households.extend(b.households);
            joined.customers.extend(b.customers);
            joined.holdings.extend(b.holdings);
            joined.history.extend(b.history);
            joined.interactions.extend(b.interactions);
            joined.surveys.extend(b.surveys);
            joined.complaints.extend(b.complaints);
            joined.notes.extend(b.notes);
            batches += 1;
        }
        assert!(batches >= 8, "{batches} batches");
        assert!(!whole.households.is_empty());
        assert_eq!(joined, whole);
    }

    #[test]
    fn a_bank_without_customers_is_one_batch() {
        let mut generator = Generator::new(42, 0, as_of());
        let first = generator.next_batch(100).expect("the staff and the shelf");
        assert!(first.customers.is_empty() && !first.users.is_empty());
        assert!(generator.next_batch(100).is_none());
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
