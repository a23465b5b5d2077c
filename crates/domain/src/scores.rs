//! Everything the workbench shows for one customer, computed in one pass.

use crate::activity::{self, Activity};
use crate::allocation::{self, AllocationDrift};
use crate::care::{self, Care};
use crate::churn::{self, ChurnRisk};
use crate::clv::{self, Clv};
use crate::contact::{self, ContactStatus};
use crate::customer::{age_on, BookCustomer, CustomerId, Product};
use crate::history::Window;
use crate::lifecycle::{self, Lifecycle};
use crate::money::Money;
use crate::needs::{self, Needs};
use crate::policy::ScoringPolicy;
use crate::recommend::{recommend_indexed, PeerRates, Recommendations};
use crate::rfm::{self, Rfm};
use crate::scorer::Scorer;
use crate::scoring_input::{CustomerInput, HoldingSums};
use crate::sets::FamilySet;
use crate::suitability::{self, SuitabilityProfile};
use crate::tier::{tier_for_aum, Tier};
use crate::value_class::{self, ValueClass};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Every classification and score of docs/rules.md for one customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerScores {
    pub id: CustomerId,
    pub aum: Money,
    /// Demand and time deposits (for concentration).
    pub deposits: Money,
    pub tier: Tier,
    pub families: FamilySet,
    pub activity: Activity,
    pub value_class: ValueClass,
    pub lifecycle: Lifecycle,
    pub needs: Needs,
    pub rfm: Rfm,
    pub churn: ChurnRisk,
    pub clv: Clv,
    pub contact: ContactStatus,
    pub care: Care,
    pub suitability: SuitabilityProfile,
    pub recommendations: Recommendations,
    pub allocation: AllocationDrift,
}

/// Score one customer on its own (no peer rates: recommendations have no peer-gap
/// reasons). Inside a book use [`crate::book::score_book`], which computes the peers.
pub fn score_customer(
    customer: &BookCustomer,
    policy: &ScoringPolicy,
    shelf: &[Product],
    today: NaiveDate,
) -> CustomerScores {
    score_customer_with_peers(customer, policy, shelf, &PeerRates::default(), today)
}

/// Score one customer against the peer family-holding rates of its book. Scoring many
/// customers of one book, make one [`Scorer`] and score each with it: what it works out
/// once per book is the same for every customer.
pub fn score_customer_with_peers(
    customer: &BookCustomer,
    policy: &ScoringPolicy,
    shelf: &[Product],
    peers: &PeerRates,
    today: NaiveDate,
) -> CustomerScores {
    Scorer::new(policy, shelf, peers, today).score(customer)
}

/// Every score of one customer, each computed once and shared by the rules that need it
/// (AUM and tier, the questionnaire's state, age). `customer` is a record's view
/// ([`CustomerInput::of`]) or a row of a book's columns ([`crate::scoring_input`]).
pub(crate) fn score_with(s: &Scorer<'_>, customer: &CustomerInput<'_>) -> CustomerScores {
    let (policy, today) = (s.policy, s.windows.today);
    let HoldingSums {
        aum,
        deposits,
        by_class,
        families,
        ..
    } = customer.sums;
    let tier = tier_for_aum(aum, &policy.tiers);
    let age = age_on(customer.birth_date, today);
    let questionnaire =
        care::questionnaire_status_until(customer.risk_assessed_on, policy, &s.windows);
    let w = Window::of(customer.history, today);
    let activity = activity::score_window(&w, policy);
    let contact = contact::status(customer, tier, policy, today);
    let churn = churn::assess(
        customer,
        aum,
        &contact,
        &w,
        policy,
        today,
        s.windows.churn_maturing_until,
    );
    let suitability = suitability::profile(customer, questionnaire, age, policy);
    let recommendations = recommend_indexed(customer, tier, families, &suitability, s);
    CustomerScores {
        id: customer.id,
        aum,
        deposits,
        tier,
        families,
        activity,
        value_class: value_class::classify(aum, families, &w, policy),
        lifecycle: lifecycle::classify(customer.since, aum, activity.count, &w, policy, today),
        needs: needs::infer(customer, aum, age, &w, policy),
        rfm: rfm::score_window_with(&w, policy, today, Some(&s.month_ends)),
        clv: clv::compute(w.annual_margin(), churn.score, &policy.clv),
        churn,
        contact,
        care: care::score_with(customer, tier, questionnaire, s),
        suitability,
        recommendations,
        allocation: allocation::drift_of(
            by_class,
            customer.risk_level,
            questionnaire.is_valid(),
            policy,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_gathered_scores_agree_with_each_module_on_its_own() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        c.history.transactions = vec![0, 0, 0, 0, 0, 0, 7, 7, 7, 0, 0, 0];
        c.history.logins[11] = 2;
        let s = score_customer(&c, &p, &[], today());
        assert_eq!(s.tier, Tier::Gold);
        assert_eq!(s.activity, activity::score(&c, &p, today()));
        assert_eq!(s.value_class, value_class::score(&c, &p, today()));
        assert_eq!(s.lifecycle, lifecycle::score(&c, &p, today()));
        assert_eq!(s.needs, needs::score(&c, &p, today()));
        assert_eq!(s.rfm, rfm::score(&c, &p, today()));
        assert_eq!(s.churn, churn::score(&c, &p, today()));
        assert_eq!(s.clv, clv::score(&c, &p, today()));
        assert_eq!(s.contact, contact::score(&c, &p, today()));
        assert_eq!(s.care, care::score(&c, &p, today()));
        assert_eq!(s.suitability, suitability::score(&c, &p, today()));
        assert!(s.recommendations.is_empty());
        assert_eq!(s.allocation, allocation::score(&c, &p, today()));
    }
}
