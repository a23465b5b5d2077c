//! `score`: a perturbed valid policy, a few arbitrary customers, a shelf and a "today"
//! through `score_customer` and `score_book`, checking the rules' invariants.

use crate::gen::{shelf, ArbCustomer, ArbProduct, Day, MAX_CUSTOMERS};
use crate::policy_edit::{perturbed, PolicyEdit};
use arbitrary::{Arbitrary, Unstructured};
use chrono::{Months, NaiveDate};
use clientbook_domain::columns::BookColumns;
use clientbook_domain::{
    score_book, score_customer, BookCustomer, CustomerScores, Money, Product, ProductRisk,
    ScoringPolicy,
};

#[derive(Arbitrary, Debug)]
struct Input {
    policy: Vec<PolicyEdit>,
    today: Day,
    shelf: Vec<ArbProduct>,
    customers: Vec<ArbCustomer>,
}

pub fn check(data: &[u8]) {
    let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let Some(policy) = perturbed(&input.policy) else {
        return;
    };
    let today = input.today.date();
    let shelf = shelf(&input.shelf);
    let customers: Vec<BookCustomer> = input
        .customers
        .iter()
        .take(MAX_CUSTOMERS)
        .map(ArbCustomer::build)
        .collect();

    let book = score_book(&customers, &policy, &shelf, today);
    assert_eq!(book.customers.len(), customers.len());
    for (c, in_book) in customers.iter().zip(&book.customers) {
        let alone = score_customer(c, &policy, &shelf, today);
        check_customer(c, &alone, &policy, &shelf, today);
        check_customer(c, in_book, &policy, &shelf, today);
        // Peers change the reasons for a recommendation, nothing else.
        assert_eq!(alone.aum, in_book.aum);
        assert_eq!(alone.tier, in_book.tier);
        assert_eq!(alone.suitability, in_book.suitability);
        assert_eq!(alone.churn, in_book.churn);
    }
    check_summary(&customers, &book.customers, &book.summary);
    check_columns_round_trip(today, &customers);
}

/// Sums in i128 folded the way `Money` adds: saturating at every step, never wrapping.
fn saturating_sum(amounts: impl Iterator<Item = Money>) -> Money {
    let total = amounts.fold(0i128, |acc, m| {
        (acc + i128::from(m.fen())).clamp(i128::from(i64::MIN), i128::from(i64::MAX))
    });
    Money::from_fen(total as i64)
}

fn check_customer(
    c: &BookCustomer,
    s: &CustomerScores,
    policy: &ScoringPolicy,
    shelf: &[Product],
    today: NaiveDate,
) {
    let assets = c.holdings.iter().filter(|h| h.family.is_asset());
    assert_eq!(s.aum, saturating_sum(assets.map(|h| h.balance)), "aum");
    let deposits = c.holdings.iter().filter(|h| h.family.is_deposit());
    assert_eq!(
        s.deposits,
        saturating_sum(deposits.map(|h| h.balance)),
        "deposits"
    );
    assert!(s.churn.score <= 100, "churn score {}", s.churn.score);

    // Suitability, computed here from the rule rather than asked of the crate: a level
    // and a questionnaire still within its validity allow up to that level; otherwise R1.
    let valid_until = c.risk_assessed_on.map(|on| {
        on.checked_add_months(Months::new(policy.suitability.questionnaire_valid_months))
            .unwrap_or(NaiveDate::MAX)
    });
    let allowed = match (c.risk_level, valid_until) {
        (Some(level), Some(until)) if today <= until => level.max_product_risk(),
        _ => ProductRisk::R1,
    };
    assert_eq!(s.suitability.max_risk, allowed, "max risk");
    let protected =
        c.age_on(today) >= policy.suitability.protected_age || c.lowest_risk_subcategory;
    for r in &s.recommendations {
        assert!(
            r.risk <= allowed,
            "{:?} recommended above {allowed:?}",
            r.risk
        );
        let product = shelf
            .iter()
            .find(|p| p.id == r.product_id)
            .expect("a recommendation names a product of the shelf");
        assert_eq!((r.risk, r.family), (product.risk, product.family));
        assert_eq!(
            r.advisor_confirmation_required,
            protected && r.risk > ProductRisk::R1
        );
        assert_eq!(r.suitability.product_risk, r.risk);
    }
}

fn check_summary(
    customers: &[BookCustomer],
    scores: &[CustomerScores],
    s: &clientbook_domain::BookSummary,
) {
    assert_eq!(s.customers as usize, customers.len());
    assert_eq!(
        s.aum,
        saturating_sum(scores.iter().map(|c| c.aum)),
        "book aum"
    );
    assert_eq!(
        s.deposits,
        saturating_sum(scores.iter().map(|c| c.deposits))
    );
    assert_eq!(
        s.clv,
        saturating_sum(scores.iter().map(|c| c.clv.value)),
        "book clv"
    );
    for groups in [
        &s.by_tier[..],
        &s.by_value_class,
        &s.by_churn_band,
        &s.by_activity,
    ] {
        let n: u32 = groups.iter().map(|g| g.customers).sum();
        assert_eq!(n as usize, customers.len());
    }
    // With no saturation anywhere the groups add up to the book exactly.
    let exact: i128 = scores.iter().map(|c| i128::from(c.aum.fen())).sum();
    let per_tier: i128 = s.by_tier.iter().map(|g| i128::from(g.aum.fen())).sum();
    if scores.iter().all(|c| c.aum.fen().unsigned_abs() < 1 << 59) {
        assert_eq!(i128::from(s.aum.fen()), exact);
        assert_eq!(per_tier, exact);
    }

    let c = &s.concentration;
    assert_eq!(c.curve_bp.len(), 101);
    assert!(c.curve_bp.windows(2).all(|w| w[0] <= w[1]), "curve falls");
    assert!(c.curve_bp.iter().all(|&bp| bp <= 10_000));
    if c.total_deposits > Money::ZERO {
        assert_eq!(c.curve_bp[100], 10_000);
    }
    for t in &c.top {
        assert!(t.share_bp <= 10_000);
        assert!(t.customers as usize <= customers.len());
        assert!(customers.is_empty() || t.customers >= 1);
    }

    let finite = |x: Option<f64>| x.is_none_or(f64::is_finite);
    let sat = &s.satisfaction;
    for tally in std::iter::once(&sat.total).chain(sat.months.iter().map(|m| &m.tally)) {
        assert!(finite(tally.nps()) && finite(tally.csat()) && finite(tally.csi()));
    }
    for a in &sat.attributes {
        assert!(a.mean_satisfaction.is_finite() && a.mean_importance.is_finite());
    }
    let scores_per = |i: u32| i as usize;
    for r in &s.retention {
        assert_eq!(scores[scores_per(r.index)].id, r.customer);
    }
    assert!(s
        .care_today
        .windows(2)
        .all(|w| w[0].item.date() <= w[1].item.date()));
}

/// records → columns → records is exact whenever the columns can be built.
fn check_columns_round_trip(today: NaiveDate, customers: &[BookCustomer]) {
    if let Ok(columns) = BookColumns::from_customers(today, customers) {
        let json = serde_json::to_vec(&columns).expect("columns serialise");
        let back: BookColumns = serde_json::from_slice(&json).expect("columns parse back");
        assert_eq!(back, columns);
        assert_eq!(back.into_customers().as_deref(), Ok(customers));
    }
}
