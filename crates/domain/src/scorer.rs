//! What scoring works out once per book rather than once per customer (issue 16): the
//! day's window ends (docs/rules.md: Care, Recommendations, Churn warning, Suitability),
//! the care occasions that fall in the holiday window, and the shelf grouped by family
//! in the order recommendations prefer. A [`Scorer`] scores every customer of a book
//! against these; the rules themselves stay in their modules, so a customer scored
//! alone (with a scorer made for them) gets exactly what the book gives them.

use crate::calendar::saturating_add_days;
use crate::customer::{BookCustomer, Product, ProductFamily};
use crate::history::MonthEnds;
use crate::policy::ScoringPolicy;
use crate::recommend::PeerRates;
use crate::scores::CustomerScores;
use crate::tier::Tier;
use chrono::NaiveDate;

/// The ends of the day's windows: `today` plus each policy window, saturating at the
/// last representable date (see [`saturating_add_days`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Windows {
    pub today: NaiveDate,
    /// Birthdays up to this day are greeted (care).
    pub birthday_until: NaiveDate,
    /// Holidays up to this day are greeted (care).
    pub holiday_until: NaiveDate,
    /// Holdings maturing up to this day are care items.
    pub care_maturity_until: NaiveDate,
    /// Holdings maturing up to this day are offered for reinvestment.
    pub recommend_maturity_until: NaiveDate,
    /// Time deposits maturing up to this day are a churn factor.
    pub churn_maturing_until: NaiveDate,
    /// A questionnaire expiring up to this day is "expiring soon".
    pub questionnaire_warning_until: NaiveDate,
}

impl Windows {
    pub fn new(policy: &ScoringPolicy, today: NaiveDate) -> Self {
        let add = |days| saturating_add_days(today, days);
        Self {
            today,
            birthday_until: add(policy.care.birthday_days),
            holiday_until: add(policy.care.holiday_days),
            care_maturity_until: add(policy.care.maturity_days),
            recommend_maturity_until: add(policy.recommend.maturity_days),
            churn_maturing_until: add(policy.churn.maturing_days),
            questionnaire_warning_until: add(policy.care.questionnaire_warning_days),
        }
    }
}

/// A care occasion within the holiday window (its position in `CarePolicy::occasions`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct OccasionAhead {
    pub occasion: u32,
    pub on: NaiveDate,
    pub min_tier: Tier,
    pub min_age: Option<u32>,
}

/// The occasions from today to the end of the holiday window, soonest first (then by
/// position): the order [`crate::care::holidays_ahead`] lists them in.
pub(crate) fn occasions_ahead(policy: &ScoringPolicy, w: &Windows) -> Vec<OccasionAhead> {
    let mut out: Vec<OccasionAhead> = policy
        .care
        .occasions
        .iter()
        .zip(0u32..)
        .filter(|(o, _)| o.on >= w.today && o.on <= w.holiday_until)
        .map(|(o, occasion)| OccasionAhead {
            occasion,
            on: o.on,
            min_tier: o.min_tier,
            min_age: o.min_age,
        })
        .collect();
    out.sort_by_key(|o| (o.on, o.occasion));
    out
}

/// The shelf grouped by family, each family's products best first: highest yield, then
/// lowest risk, then lowest id (docs/rules.md, Recommendations), shelf order among equals.
/// A customer's best suitable product of a family is the first that passes.
#[derive(Clone, Debug, Default)]
pub(crate) struct ShelfIndex<'s> {
    pub by_family: [Vec<&'s Product>; 8],
}

impl<'s> ShelfIndex<'s> {
    pub fn new(shelf: &'s [Product]) -> Self {
        let mut by_family: [Vec<&'s Product>; 8] = Default::default();
        for p in shelf {
            by_family[p.family as usize].push(p);
        }
        for family in &mut by_family {
            // Stable: products equal on every key keep their shelf order, and the first
            // of them is the one a scan of the shelf would keep.
            family.sort_by(|a, b| {
                (b.yield_bp.unwrap_or(0), a.risk, a.id).cmp(&(
                    a.yield_bp.unwrap_or(0),
                    b.risk,
                    b.id,
                ))
            });
        }
        Self { by_family }
    }
}

/// Scores customers of one book on one day: the policy, the shelf, the book's peer
/// rates and what follows from them once per book.
#[derive(Clone, Debug)]
pub struct Scorer<'a> {
    pub(crate) policy: &'a ScoringPolicy,
    /// [`PeerRates::percent`] of every tier and family (a division each, done once).
    pub(crate) peer_percent: [[u8; 8]; 5],
    pub(crate) windows: Windows,
    pub(crate) occasions: Vec<OccasionAhead>,
    pub(crate) shelf: ShelfIndex<'a>,
    /// Days from each of the last months' ends to today (recency, docs/rules.md RFM).
    pub(crate) month_ends: MonthEnds,
}

impl<'a> Scorer<'a> {
    pub fn new(
        policy: &'a ScoringPolicy,
        shelf: &'a [Product],
        peers: &PeerRates,
        today: NaiveDate,
    ) -> Self {
        let windows = Windows::new(policy, today);
        Self {
            policy,
            peer_percent: Tier::ALL.map(|t| ProductFamily::ALL.map(|f| peers.percent(t, f))),
            occasions: occasions_ahead(policy, &windows),
            windows,
            shelf: ShelfIndex::new(shelf),
            month_ends: MonthEnds::new(today),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.windows.today
    }

    /// Every score of one customer (what [`crate::scores::score_customer_with_peers`]
    /// gives).
    pub fn score(&self, customer: &BookCustomer) -> CustomerScores {
        crate::scores::score_with(self, &crate::scoring_input::CustomerInput::of(customer))
    }
}
