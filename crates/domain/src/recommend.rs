//! Recommendations (个性化推荐/交叉销售), docs/rules.md, Recommendations: up to 5 products from
//! the shelf, each with its reason as data — a maturing holding to reinvest, an idle
//! demand balance, a stated need, a gap in product families against peers of the same
//! tier — ranked in that order. Suitability is a hard filter (see
//! [`crate::suitability`]); already-held products are only offered again to reinvest a
//! maturing holding.

use crate::customer::{BookCustomer, Need, Product, ProductFamily, ProductId};
use crate::lang::Lang;
use crate::money::Money;
use crate::policy::ScoringPolicy;
use crate::risk::ProductRisk;
use crate::scorer::Scorer;
use crate::scoring_input::CustomerInput;
use crate::sets::FamilySet;
use crate::suitability::{self, SuitabilityProfile, SuitabilityStatement};
use crate::tier::{tier, Tier};
use crate::value_class::families_held;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

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

/// A customer's recommendations: at most one per family and `max_items`, inline up to
/// two (a quarter of the generated book has none, 47 % one or two); the same JSON array
/// as a `Vec`.
pub type Recommendations = SmallVec<[Recommendation; 2]>;

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
    customer: &CustomerInput<'_>,
    tier: Tier,
    held: FamilySet,
    policy: &ScoringPolicy,
    peer_percent: impl Fn(Tier, ProductFamily) -> u8,
    today: NaiveDate,
    until: NaiveDate,
) -> FamilyReasons {
    use ProductFamily::*;
    let p = &policy.recommend;
    let mut slots: FamilyReasons = [None; 8];
    for h in customer.holdings {
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
    let idle = customer.sums.demand;
    if idle >= p.idle_demand_min {
        for f in [TimeDeposit, WealthManagement, Fund, Bond] {
            offer(
                &mut slots,
                f,
                RecommendationReason::IdleBalance { amount: idle },
            );
        }
    }
    for need in customer.stated_needs.iter() {
        for f in families_for_need(need) {
            offer(&mut slots, *f, RecommendationReason::StatedNeed { need });
        }
    }
    for f in ProductFamily::ALL {
        let pct = peer_percent(tier, f);
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
    customer: &CustomerInput<'_>,
    tier: Tier,
    held: FamilySet,
    profile: &SuitabilityProfile,
    s: &Scorer<'_>,
) -> Recommendations {
    let (w, policy) = (&s.windows, s.policy);
    let slots = reasons(
        customer,
        tier,
        held,
        policy,
        |t, f| s.peer_percent[t as usize][f as usize],
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
    let mut out = Recommendations::with_capacity(count);
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
        &CustomerInput::of(customer),
        tier(customer, &policy.tiers),
        families_held(customer),
        &profile,
        &Scorer::new(policy, shelf, peers, today),
    )
    .into_vec()
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
pub(crate) mod properties;
