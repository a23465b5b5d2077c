//! Property tests of recommendations (native only: proptest needs a platform random
//! source), and the straightforward reference the indexed shelf is checked against.

use super::*;
use crate::calendar::saturating_add_days;
use crate::risk::RiskLevel;
use crate::synth::generate_book;
use crate::testkit::today;
use chrono::Days;
use proptest::prelude::*;

/// The straightforward reference for the choice of products (before issue 16
/// indexed the shelf once per book): every product of the shelf is looked at, the
/// best suitable one kept per family; on a tie of yield, risk and id the first.
pub(crate) fn by_shelf_scan(
    customer: &BookCustomer,
    policy: &ScoringPolicy,
    shelf: &[Product],
    peers: &PeerRates,
    today: NaiveDate,
) -> Vec<Recommendation> {
    let profile = suitability::score(customer, policy, today);
    let until = saturating_add_days(today, policy.recommend.maturity_days);
    let tier = tier(customer, &policy.tiers);
    let held = families_held(customer);
    let percent = |t, f| peers.percent(t, f);
    let input = CustomerInput::of(customer);
    let slots = reasons(&input, tier, held, policy, percent, today, until);
    let mut best: [Option<&Product>; 8] = [None; 8];
    for prod in shelf {
        let Some(reason) = slots[prod.family as usize] else {
            continue;
        };
        if !profile.allows(prod.risk) {
            continue;
        }
        let reinvest = matches!(reason, RecommendationReason::ReinvestMaturing { .. });
        if !reinvest && customer.holdings.iter().any(|h| h.product_id == prod.id) {
            continue;
        }
        let slot = &mut best[prod.family as usize];
        let key = |p: &Product| {
            (
                p.yield_bp.unwrap_or(0),
                std::cmp::Reverse(p.risk),
                std::cmp::Reverse(p.id),
            )
        };
        if slot.is_none_or(|cur| key(prod) > key(cur)) {
            *slot = Some(prod);
        }
    }
    let mut out: Vec<Recommendation> = best
        .iter()
        .zip(slots.iter())
        .filter_map(|(prod, reason)| {
            let (prod, reason) = ((*prod)?, (*reason)?);
            let suitability = profile.statement(prod.risk);
            Some(Recommendation {
                product_id: prod.id,
                family: prod.family,
                risk: prod.risk,
                reason,
                suitability,
                advisor_confirmation_required: suitability.advisor_confirmation_required,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.reason
            .priority()
            .cmp(&a.reason.priority())
            .then(a.family.cmp(&b.family))
    });
    out.truncate(policy.recommend.max_items as usize);
    out
}

/// Shelves with many ties: few yields (or none), few ids, every family and risk.
fn any_tied_shelf() -> impl Strategy<Value = Vec<Product>> {
    let product =
        (1i64..8, 0usize..8, 0usize..5, proptest::option::of(0u32..3)).prop_map(|(id, f, r, y)| {
            Product {
                id: ProductId(id),
                code: String::new(),
                name_en: String::new(),
                name_zh: String::new(),
                family: ProductFamily::ALL[f],
                risk: ProductRisk::ALL[r],
                min_amount: Money::ZERO,
                term_months: None,
                yield_bp: y.map(|y| y * 100),
            }
        });
    proptest::collection::vec(product, 0..40)
}

/// A generated customer with a random risk profile, questionnaire age and age.
fn any_customer() -> impl Strategy<Value = BookCustomer> {
    (
        any::<u64>(),
        proptest::option::of(0usize..5),
        proptest::option::of(0u64..800),
        18u64..95,
        any::<bool>(),
    )
        .prop_map(|(seed, level, assessed_days, age, lowest)| {
            let mut c = generate_book(1, seed, today()).customers.remove(0);
            c.risk_level = level.map(|l| RiskLevel::ALL[l]);
            c.risk_assessed_on = assessed_days.map(|d| today() - Days::new(d));
            c.birth_date = today() - Days::new(age * 365 + 100);
            c.lowest_risk_subcategory = lowest;
            c
        })
}

fn any_product() -> impl Strategy<Value = Product> {
    (1i64..60, 0usize..8, 0usize..5, 0u32..1_000).prop_map(|(id, f, r, y)| Product {
        id: ProductId(id),
        code: String::new(),
        name_en: String::new(),
        name_zh: String::new(),
        family: ProductFamily::ALL[f],
        risk: ProductRisk::ALL[r],
        min_amount: Money::ZERO,
        term_months: None,
        yield_bp: Some(y),
    })
}

fn any_shelf() -> impl Strategy<Value = Vec<Product>> {
    proptest::collection::vec(any_product(), 0..40)
}

fn any_peers() -> impl Strategy<Value = PeerRates> {
    proptest::collection::vec((0usize..5, any::<u8>()), 0..30).prop_map(|v| {
        let mut p = PeerRates::default();
        for (t, bits) in v {
            let fams: FamilySet = ProductFamily::ALL
                .into_iter()
                .filter(|f| bits & (1 << (*f as u8)) != 0)
                .collect();
            p.add(Tier::ALL[t], fams);
        }
        p
    })
}

proptest! {
    #[test]
    fn the_indexed_shelf_recommends_what_a_scan_of_the_shelf_does(
        c in any_customer(),
        shelf in prop_oneof![any_shelf(), any_tied_shelf()],
        peers in any_peers(),
        days in 0u32..120,
    ) {
        let mut policy = ScoringPolicy::default();
        policy.recommend.maturity_days = days;
        let recs = recommend(&c, &policy, &shelf, &peers, today());
        let reference = by_shelf_scan(&c, &policy, &shelf, &peers, today());
        prop_assert_eq!(recs, reference);
    }

    #[test]
    fn the_suitability_rule_is_never_broken_for_any_customer_and_shelf(
        c in any_customer(), shelf in any_shelf(), peers in any_peers()
    ) {
        let policy = ScoringPolicy::default();
        let recs = recommend(&c, &policy, &shelf, &peers, today());
        let profile = suitability::score(&c, &policy, today());
        prop_assert!(recs.len() <= 5);
        for r in &recs {
            let level_max = match (c.risk_level, profile.questionnaire.is_valid()) {
                (Some(l), true) => l.max_product_risk(),
                _ => ProductRisk::R1,
            };
            prop_assert!(r.risk <= level_max, "{:?} above {:?}", r.risk, level_max);
            let protected = c.age_on(today()) >= 65 || c.lowest_risk_subcategory;
            prop_assert_eq!(r.advisor_confirmation_required, protected && r.risk > ProductRisk::R1);
            let held = c.holdings.iter().any(|h| h.product_id == r.product_id);
            if held {
                let reinvest = matches!(r.reason, RecommendationReason::ReinvestMaturing { .. });
                prop_assert!(reinvest);
            }
        }
    }
}
