//! Customer lifetime value (docs/rules.md, CLV):
//! CLV = Σ_{t=1..T} m·r^t/(1+d)^t, T = 10 years, d = 8%, r from the churn risk, m the
//! last 12 months' margin (contribution). A negative margin counts as zero: CLV is
//! never negative.

use crate::churn;
use crate::customer::BookCustomer;
use crate::history::Window;
use crate::money::Money;
use crate::policy::{ClvPolicy, ScoringPolicy};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clv {
    pub annual_margin: Money,
    /// Yearly retention probability in basis points.
    pub retention_bp: u32,
    pub value: Money,
}

/// r in basis points for a churn risk 0–100: linear from the zero-risk retention to the
/// full-risk one.
pub fn retention_bp(churn_risk: u8, policy: &ClvPolicy) -> u32 {
    let risk = u32::from(churn_risk.min(100));
    let hi = policy.retention_at_zero_risk_bp.min(10_000);
    let lo = policy.retention_at_full_risk_bp.min(hi);
    hi - (hi - lo) * risk / 100
}

/// CLV for a yearly margin and a yearly retention r (basis points).
pub fn lifetime_value(annual_margin: Money, retention_bp: u32, policy: &ClvPolicy) -> Money {
    let m = annual_margin.as_yuan_f64().max(0.0);
    let q = (f64::from(retention_bp) / 10_000.0)
        / (1.0 + f64::from(policy.discount_rate_bp) / 10_000.0);
    let mut factor = 0.0;
    let mut qt = 1.0;
    for _ in 0..policy.horizon_years {
        qt *= q;
        factor += qt;
    }
    Money::from_yuan_f64(m * factor)
}

pub(crate) fn compute(annual_margin: Money, churn_risk: u8, policy: &ClvPolicy) -> Clv {
    let r = retention_bp(churn_risk, policy);
    Clv {
        annual_margin,
        retention_bp: r,
        value: lifetime_value(annual_margin, r, policy),
    }
}

pub fn score(customer: &BookCustomer, policy: &ScoringPolicy, today: NaiveDate) -> Clv {
    let risk = churn::score(customer, policy, today).score;
    compute(
        Window::new(&customer.history, today).annual_margin(),
        risk,
        &policy.clv,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn ten_years_of_1000_yuan_at_90_percent_retention_and_8_percent_is_4192_yuan_47() {
        // q = 0.9 / 1.08 = 5/6; Σ q^t (t=1..10) = q(1 − q^10)/(1 − q)
        // = 5 × (1 − 0.1615056) = 4.192472 → 4,192.47 CNY.
        let p = ClvPolicy::default();
        assert_eq!(
            lifetime_value(Money::from_yuan(1_000), 9_000, &p),
            Money::from_fen(419_247)
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn retention_runs_from_95_percent_at_no_risk_to_30_percent_at_full_risk() {
        let p = ClvPolicy::default();
        assert_eq!(retention_bp(0, &p), 9_500);
        assert_eq!(retention_bp(50, &p), 6_250);
        assert_eq!(retention_bp(100, &p), 3_000);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_loss_making_customer_is_worth_zero_not_less() {
        let p = ClvPolicy::default();
        assert_eq!(
            lifetime_value(Money::from_yuan(-500), 9_000, &p),
            Money::ZERO
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_customer_s_clv_uses_the_last_twelve_months_of_margin() {
        let c = clv_of_default();
        assert_eq!(c.annual_margin, Money::from_yuan(3_600));
    }

    fn clv_of_default() -> Clv {
        score(&customer(), &ScoringPolicy::default(), today())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_margin() -> impl Strategy<Value = Money> {
        (-10_000_000i64..1_000_000_000).prop_map(Money::from_fen)
    }

    fn any_risk() -> impl Strategy<Value = u8> {
        0u8..=100
    }

    proptest! {
        #[test]
        fn clv_is_never_negative_and_never_rises_when_churn_risk_rises(
            m in any_margin(), a in any_risk(), b in any_risk()
        ) {
            let p = ClvPolicy::default();
            let (lo, hi) = (a.min(b), a.max(b));
            let at_lo = compute(m, lo, &p).value;
            let at_hi = compute(m, hi, &p).value;
            prop_assert!(at_hi >= Money::ZERO);
            prop_assert!(at_hi <= at_lo);
        }
    }
}
