//! Recommendations (个性化推荐/交叉销售), docs/rules.md, Recommendations: up to 5 products from
//! the shelf, each with its reason as data — a maturing holding to reinvest, an idle
//! demand balance, a stated need, a gap in product families against peers of the same
//! tier — ranked in that order. Suitability is a hard filter (see
//! [`crate::suitability`]); already-held products are only offered again to reinvest a
//! maturing holding.

use crate::customer::{BookCustomer, Need, Product, ProductFamily, ProductId};
use crate::lang::Lang;
use crate::money::Money;
use crate::needs::demand_balance;
use crate::policy::ScoringPolicy;
use crate::risk::ProductRisk;
use crate::scorer::Scorer;
use crate::sets::{FamilySet, NeedSet};
use crate::suitability::{self, SuitabilityProfile, SuitabilityStatement};
use crate::tier::{tier, Tier};
use crate::value_class::families_held;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How many customers of each tier hold each product family (computed once per book).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerRates {
    pub customers: [u32; 5],
    pub holders: [[u32; 8]; 5],
}

impl PeerRates {
    pub fn add(&mut self, tier: Tier, families: FamilySet) {
        let t = tier as usize;
        self.customers[t] += 1;
        for f in families.iter() {
            self.holders[t][f as usize] += 1;
        }
    }

    pub fn from_book(customers: &[BookCustomer], policy: &ScoringPolicy) -> Self {
        let mut p = Self::default();
        for c in customers {
            p.add(tier(c, &policy.tiers), families_held(c));
        }
        p
    }

    /// Percent (0–100, rounded down) of the tier's customers holding the family.
    pub fn percent(&self, tier: Tier, family: ProductFamily) -> u8 {
        let n = self.customers[tier as usize];
        if n == 0 {
            0
        } else {
            (u64::from(self.holders[tier as usize][family as usize]) * 100 / u64::from(n)) as u8
        }
    }
}

/// Why a product is recommended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecommendationReason {
    /// A holding matures soon: reinvest it.
    ReinvestMaturing {
        holding: ProductId,
        amount: Money,
        matures_on: NaiveDate,
    },
    /// A demand balance above the idle threshold.
    IdleBalance {
        amount: Money,
    },
    StatedNeed {
        need: Need,
    },
    /// `peer_percent` of the customer's tier hold this family; the customer does not.
    PeerGap {
        family: ProductFamily,
        peer_percent: u8,
    },
}

impl RecommendationReason {
    /// Rank: reinvesting first, then idle money, stated needs, peer gaps (wider first).
    pub fn priority(&self) -> u32 {
        match self {
            Self::ReinvestMaturing { .. } => 400,
            Self::IdleBalance { .. } => 300,
            Self::StatedNeed { .. } => 200,
            Self::PeerGap { peer_percent, .. } => 100 + u32::from(*peer_percent),
        }
    }

    pub fn sentence(&self, lang: Lang) -> String {
        match (*self, lang) {
            (
                Self::ReinvestMaturing {
                    amount, matures_on, ..
                },
                Lang::En,
            ) => {
                format!("{amount} matures on {matures_on}: reinvest it")
            }
            (
                Self::ReinvestMaturing {
                    amount, matures_on, ..
                },
                Lang::ZhCn,
            ) => {
                format!("{amount}将于{matures_on}到期，可续作再投资")
            }
            (Self::IdleBalance { amount }, Lang::En) => {
                format!("{amount} idle on demand deposit")
            }
            (Self::IdleBalance { amount }, Lang::ZhCn) => format!("活期闲置资金{amount}"),
            (Self::StatedNeed { need }, Lang::En) => {
                format!("Stated need: {}", need_label(need, lang))
            }
            (Self::StatedNeed { need }, Lang::ZhCn) => {
                format!("客户需求：{}", need_label(need, lang))
            }
            (Self::PeerGap { peer_percent, .. }, Lang::En) => {
                format!("{peer_percent}% of customers of the same tier hold this kind of product")
            }
            (Self::PeerGap { peer_percent, .. }, Lang::ZhCn) => {
                format!("同层级客户中{peer_percent}%持有此类产品")
            }
        }
    }
}

pub fn need_label(need: Need, lang: Lang) -> &'static str {
    match (need, lang) {
        (Need::Investment, Lang::En) => "investment",
        (Need::Investment, Lang::ZhCn) => "投资增值",
        (Need::ConsumerCredit, Lang::En) => "consumer credit",
        (Need::ConsumerCredit, Lang::ZhCn) => "消费信贷",
        (Need::AssetPreservation, Lang::En) => "asset preservation",
        (Need::AssetPreservation, Lang::ZhCn) => "资产保值",
    }
}

/// One recommended product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub product_id: ProductId,
    pub family: ProductFamily,
    pub risk: ProductRisk,
    pub reason: RecommendationReason,
    pub suitability: SuitabilityStatement,
    /// A protected customer and a product beyond R1: the advisor must confirm the
    /// protection flag was discussed before selling.
    pub advisor_confirmation_required: bool,
}

fn families_for_need(need: Need) -> &'static [ProductFamily] {
    use ProductFamily::*;
    match need {
        Need::Investment => &[WealthManagement, Fund, Bond],
        Need::AssetPreservation => &[TimeDeposit, Insurance, Bond],
        Need::ConsumerCredit => &[CreditCard, Loan],
    }
}

type FamilyReasons = [Option<RecommendationReason>; 8];

fn offer(slots: &mut FamilyReasons, family: ProductFamily, reason: RecommendationReason) {
    let slot = &mut slots[family as usize];
    if slot.is_none_or(|r| r.priority() < reason.priority()) {
        *slot = Some(reason);
    }
}

/// The best reason to offer each family (docs/rules.md, Recommendations), `None` where
/// there is none; holdings maturing up to `until` are to reinvest.
fn reasons(
    customer: &BookCustomer,
    tier: Tier,
    held: FamilySet,
    policy: &ScoringPolicy,
    peers: &PeerRates,
    today: NaiveDate,
    until: NaiveDate,
) -> FamilyReasons {
    use ProductFamily::*;
    let p = &policy.recommend;
    let mut slots: FamilyReasons = [None; 8];
    for h in &customer.holdings {
        if let Some(m) = h.matures_on.filter(|m| *m >= today && *m <= until) {
            let reason = RecommendationReason::ReinvestMaturing {
                holding: h.product_id,
                amount: h.balance,
                matures_on: m,
            };
            offer(&mut slots, h.family, reason);
            if h.family == TimeDeposit {
                offer(&mut slots, WealthManagement, reason);
            }
        }
    }
    let idle = demand_balance(customer);
    if idle >= p.idle_demand_min {
        for f in [TimeDeposit, WealthManagement, Fund, Bond] {
            offer(
                &mut slots,
                f,
                RecommendationReason::IdleBalance { amount: idle },
            );
        }
    }
    let stated: NeedSet = customer.stated_needs.iter().copied().collect();
    for need in stated.iter() {
        for f in families_for_need(need) {
            offer(&mut slots, *f, RecommendationReason::StatedNeed { need });
        }
    }
    for f in ProductFamily::ALL {
        let pct = peers.percent(tier, f);
        if !held.contains(f) && u32::from(pct) >= p.peer_gap_min_percent && pct > 0 {
            offer(
                &mut slots,
                f,
                RecommendationReason::PeerGap {
                    family: f,
                    peer_percent: pct,
                },
            );
        }
    }
    slots
}

/// Recommend for a customer whose tier, held families and suitability are known, with
/// the shelf indexed once per book ([`Scorer`]): for each family with a reason, the
/// first of its products (best first) that suitability allows and, unless to
/// reinvest, the customer does not hold: the best suitable product per family, highest
/// yield, then lowest risk, then id.
pub(crate) fn recommend_indexed(
    customer: &BookCustomer,
    tier: Tier,
    held: FamilySet,
    profile: &SuitabilityProfile,
    s: &Scorer<'_>,
    peers: &PeerRates,
) -> Vec<Recommendation> {
    let (w, policy) = (&s.windows, s.policy);
    let slots = reasons(
        customer,
        tier,
        held,
        policy,
        peers,
        w.today,
        w.recommend_maturity_until,
    );
    let mut chosen: [Option<(&Product, RecommendationReason)>; 8] = [None; 8];
    let mut count = 0;
    for (f, reason) in slots.iter().enumerate() {
        let Some(reason) = *reason else {
            continue;
        };
        let reinvest = matches!(reason, RecommendationReason::ReinvestMaturing { .. });
        let best = s.shelf.by_family[f].iter().find(|prod| {
            profile.allows(prod.risk)
                && (reinvest || !customer.holdings.iter().any(|h| h.product_id == prod.id))
        });
        if let Some(prod) = best {
            chosen[f] = Some((prod, reason));
            count += 1;
        }
    }
    let mut out: Vec<Recommendation> = Vec::with_capacity(count);
    for (prod, reason) in chosen.into_iter().flatten() {
        let suitability = profile.statement(prod.risk);
        out.push(Recommendation {
            product_id: prod.id,
            family: prod.family,
            risk: prod.risk,
            reason,
            suitability,
            advisor_confirmation_required: suitability.advisor_confirmation_required,
        });
    }
    // Stable: reasons of equal priority stay in family order.
    out.sort_by(|a, b| {
        b.reason
            .priority()
            .cmp(&a.reason.priority())
            .then(a.family.cmp(&b.family))
    });
    out.truncate(policy.recommend.max_items as usize);
    out
}

/// Recommend for one customer against the book's peer rates.
pub fn recommend(
    customer: &BookCustomer,
    policy: &ScoringPolicy,
    shelf: &[Product],
    peers: &PeerRates,
    today: NaiveDate,
) -> Vec<Recommendation> {
    let profile = suitability::score(customer, policy, today);
    recommend_indexed(
        customer,
        tier(customer, &policy.tiers),
        families_held(customer),
        &profile,
        &Scorer::new(policy, shelf, today),
        peers,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::ProductFamily::*;
    use crate::risk::{ProductRisk::*, RiskLevel};
    use crate::testkit::*;

    fn product(id: i64, family: ProductFamily, risk: ProductRisk, yield_bp: u32) -> Product {
        Product {
            id: ProductId(id),
            code: format!("P{id}"),
            name_en: format!("Product {id}"),
            name_zh: format!("产品{id}"),
            family,
            risk,
            min_amount: Money::from_yuan(1),
            term_months: None,
            yield_bp: Some(yield_bp),
        }
    }

    fn shelf() -> Vec<Product> {
        vec![
            product(1, TimeDeposit, R1, 150),
            product(2, WealthManagement, R2, 280),
            product(3, WealthManagement, R1, 200),
            product(4, Fund, R3, 500),
            product(5, Fund, R5, 900),
            product(6, Bond, R2, 250),
            product(7, Insurance, R1, 300),
            product(8, CreditCard, R1, 0),
        ]
    }

    fn ids(r: &[Recommendation]) -> Vec<i64> {
        r.iter().map(|r| r.product_id.0).collect()
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_idle_c3_customer_gets_the_best_suitable_product_of_each_investment_family() {
        // 100,000 CNY idle on demand deposit, C3: the R5 fund is never offered.
        let r = recommend(
            &customer(),
            &ScoringPolicy::default(),
            &shelf(),
            &PeerRates::default(),
            today(),
        );
        assert_eq!(ids(&r), vec![1, 2, 4, 6]);
        assert!(r.iter().all(|r| r.risk <= R3));
        assert_eq!(
            r[0].reason,
            RecommendationReason::IdleBalance {
                amount: Money::from_yuan(100_000)
            }
        );
        assert_eq!(
            r[0].reason.sentence(Lang::En),
            "¥100,000.00 idle on demand deposit"
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_expired_questionnaire_limits_the_list_to_r1() {
        let mut c = customer();
        c.risk_level = Some(RiskLevel::C5);
        c.risk_assessed_on = Some(date(2024, 1, 1));
        let r = recommend(
            &c,
            &ScoringPolicy::default(),
            &shelf(),
            &PeerRates::default(),
            today(),
        );
        assert_eq!(ids(&r), vec![1, 3]);
        assert!(r.iter().all(|r| !r.suitability.questionnaire_valid));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_maturing_deposit_is_reinvested_first_even_in_the_product_already_held() {
        let mut c = customer();
        let mut td = holding(1, TimeDeposit, R1, 300_000);
        td.matures_on = Some(date(2026, 12, 10));
        c.holdings.push(td);
        let r = recommend(
            &c,
            &ScoringPolicy::default(),
            &shelf(),
            &PeerRates::default(),
            today(),
        );
        assert_eq!(r[0].product_id, ProductId(1));
        assert!(matches!(
            r[0].reason,
            RecommendationReason::ReinvestMaturing { .. }
        ));
        assert!(matches!(
            r[1].reason,
            RecommendationReason::ReinvestMaturing { .. }
        ));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_held_product_is_not_offered_again_for_another_reason() {
        let mut c = customer();
        c.holdings.push(holding(2, WealthManagement, R2, 10_000));
        let r = recommend(
            &c,
            &ScoringPolicy::default(),
            &shelf(),
            &PeerRates::default(),
            today(),
        );
        assert!(!ids(&r).contains(&2));
        assert!(ids(&r).contains(&3));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_peer_gap_and_a_stated_need_are_reasons_and_a_protected_customer_needs_confirmation() {
        let mut c = customer();
        // Gold (60,000 CNY), nothing idle, two stated needs, aged 76.
        c.holdings[0].balance = Money::from_yuan(40_000);
        c.holdings.push(holding(9, Fund, R1, 20_000));
        c.birth_date = date(1950, 1, 1);
        c.stated_needs = vec![Need::ConsumerCredit, Need::Investment];
        let mut peers = PeerRates::default();
        for i in 0..10 {
            let fams: FamilySet = if i < 6 {
                [Insurance].into_iter().collect()
            } else {
                FamilySet::default()
            };
            peers.add(Tier::Gold, fams);
        }
        let r = recommend(&c, &ScoringPolicy::default(), &shelf(), &peers, today());
        let insurance = r.iter().find(|r| r.family == Insurance).unwrap();
        assert_eq!(
            insurance.reason,
            RecommendationReason::PeerGap {
                family: Insurance,
                peer_percent: 60
            }
        );
        assert!(r.iter().any(|r| r.reason
            == RecommendationReason::StatedNeed {
                need: Need::ConsumerCredit
            }));
        let wm = r.iter().find(|r| r.product_id == ProductId(2)).unwrap();
        assert!(wm.advisor_confirmation_required);
        assert!(!insurance.advisor_confirmation_required);
        assert_eq!(ids(&r), vec![2, 4, 6, 8, 7]);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod properties {
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
        let slots = reasons(customer, tier, held, policy, peers, today, until);
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
        let product = (1i64..8, 0usize..8, 0usize..5, proptest::option::of(0u32..3)).prop_map(
            |(id, f, r, y)| Product {
                id: ProductId(id),
                code: String::new(),
                name_en: String::new(),
                name_zh: String::new(),
                family: ProductFamily::ALL[f],
                risk: ProductRisk::ALL[r],
                min_amount: Money::ZERO,
                term_months: None,
                yield_bp: y.map(|y| y * 100),
            },
        );
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
}
