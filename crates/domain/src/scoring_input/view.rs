//! What scoring reads of one customer ([`CustomerInput`]), borrowed either from a
//! [`BookCustomer`] record or from a book's [`super::ScoringInput`] columns: the rules
//! take this view, so a customer scored from either gives the same scores by
//! construction (and the property tests check it).

use crate::allocation::AssetClass;
use crate::customer::{BookCustomer, ComplaintSummary, CustomerId, Holding, MonthlyHistory};
use crate::money::Money;
use crate::risk::RiskLevel;
use crate::sets::{FamilySet, NeedSet};
use chrono::NaiveDate;

/// A customer's monthly history as six borrowed columns (see [`MonthlyHistory`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct HistoryView<'a> {
    pub first_month: NaiveDate,
    pub transactions: &'a [u32],
    pub logins: &'a [u32],
    pub inflow: &'a [Money],
    pub outflow: &'a [Money],
    pub aum_end: &'a [Money],
    pub margin: &'a [Money],
}

impl HistoryView<'_> {
    /// Months covered: the length of the transactions column, as [`MonthlyHistory::len`].
    pub fn len(&self) -> usize {
        self.transactions.len()
    }
}

impl MonthlyHistory {
    pub(crate) fn view(&self) -> HistoryView<'_> {
        HistoryView {
            first_month: self.first_month,
            transactions: &self.transactions,
            logins: &self.logins,
            inflow: &self.inflow,
            outflow: &self.outflow,
            aum_end: &self.aum_end,
            margin: &self.margin,
        }
    }
}

/// The latest satisfaction survey's answer to "would you recommend us?" (churn's
/// detractor factor): the last of the surveys with the latest date, as `max_by_key`
/// picks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LatestSurvey {
    pub answered_on: NaiveDate,
    pub recommend: u8,
}

impl LatestSurvey {
    pub fn of(surveys: &[crate::customer::Survey]) -> Option<Self> {
        surveys
            .iter()
            .max_by_key(|s| s.answered_on)
            .map(|s| LatestSurvey {
                answered_on: s.answered_on,
                recommend: s.recommend,
            })
    }
}

/// The sums over a customer's holdings that do not depend on the day or the policy:
/// worked out once when a book's columns are built, or once per scoring of a record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct HoldingSums {
    /// Deposits + investments + insurance cash value (docs/rules.md, Tiers).
    pub aum: Money,
    /// Demand and time deposits.
    pub deposits: Money,
    /// Demand deposits alone (idle balance: needs, recommendations).
    pub demand: Money,
    /// Amounts per asset class, for the allocation drift.
    pub by_class: [Money; 4],
    pub families: FamilySet,
}

impl HoldingSums {
    pub fn of(holdings: &[Holding]) -> Self {
        let mut s = HoldingSums::default();
        for h in holdings {
            if h.family.is_asset() {
                s.aum += h.balance;
            }
            if h.family.is_deposit() {
                s.deposits += h.balance;
            }
            if h.family == crate::customer::ProductFamily::DemandDeposit {
                s.demand += h.balance;
            }
            if let Some(c) = AssetClass::of(h.family) {
                s.by_class[c as usize] += h.balance;
            }
            s.families.insert(h.family);
        }
        s
    }
}

/// Everything the scoring rules read of one customer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CustomerInput<'a> {
    pub id: CustomerId,
    pub birth_date: NaiveDate,
    pub risk_level: Option<RiskLevel>,
    pub risk_assessed_on: Option<NaiveDate>,
    pub lowest_risk_subcategory: bool,
    pub since: NaiveDate,
    pub last_contact_on: Option<NaiveDate>,
    pub next_contact_on: Option<NaiveDate>,
    pub stated_needs: NeedSet,
    pub latest_survey: Option<LatestSurvey>,
    pub sums: HoldingSums,
    pub holdings: &'a [Holding],
    pub complaints: &'a [ComplaintSummary],
    pub history: HistoryView<'a>,
}

impl<'a> CustomerInput<'a> {
    /// The view of a record (its holdings summed here).
    pub fn of(c: &'a BookCustomer) -> Self {
        CustomerInput {
            id: c.id,
            birth_date: c.birth_date,
            risk_level: c.risk_level,
            risk_assessed_on: c.risk_assessed_on,
            lowest_risk_subcategory: c.lowest_risk_subcategory,
            since: c.since,
            last_contact_on: c.last_contact_on,
            next_contact_on: c.next_contact_on,
            stated_needs: c.stated_needs.iter().copied().collect(),
            latest_survey: LatestSurvey::of(&c.surveys),
            sums: HoldingSums::of(&c.holdings),
            holdings: &c.holdings,
            complaints: &c.complaints,
            history: c.history.view(),
        }
    }
}
