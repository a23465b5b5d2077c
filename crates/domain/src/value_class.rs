//! Value class (价值分类), docs/rules.md, Value class, with the concrete thresholds of
//! [`crate::policy::ValueClassPolicy`].

use crate::customer::BookCustomer;
use crate::history::Window;
use crate::money::Money;
use crate::policy::ScoringPolicy;
use crate::sets::FamilySet;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ValueClass {
    /// 睡眠: empty or untouched account.
    Dormant,
    /// 低价值
    LowValue,
    /// 有价值
    Valuable,
    /// 高附加值
    HighValueAdded,
}

impl ValueClass {
    pub const ALL: [ValueClass; 4] = [
        Self::Dormant,
        Self::LowValue,
        Self::Valuable,
        Self::HighValueAdded,
    ];
}

/// The product families a customer holds (any holding counts, liabilities included).
pub fn families_held(customer: &BookCustomer) -> FamilySet {
    customer.holdings.iter().map(|h| h.family).collect()
}

pub(crate) fn classify(
    aum: Money,
    families: FamilySet,
    w: &Window<'_>,
    policy: &ScoringPolicy,
) -> ValueClass {
    let p = &policy.value_class;
    let idle =
        w.transactions(0, p.dormant_idle_months) == 0 && w.logins(0, p.dormant_idle_months) == 0;
    if aum < p.dormant_max_aum || idle {
        return ValueClass::Dormant;
    }
    let valuable = (aum >= p.valuable_min_aum
        && w.transactions(0, 12) >= p.valuable_min_transactions)
        || w.annual_margin() >= p.valuable_min_annual_margin;
    if !valuable {
        ValueClass::LowValue
    } else if families.len() >= p.high_value_min_families {
        ValueClass::HighValueAdded
    } else {
        ValueClass::Valuable
    }
}

pub fn score(customer: &BookCustomer, policy: &ScoringPolicy, today: NaiveDate) -> ValueClass {
    classify(
        customer.aum(),
        families_held(customer),
        &Window::new(&customer.history, today),
        policy,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::ProductFamily::*;
    use crate::risk::ProductRisk::*;
    use crate::testkit::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_empty_or_untouched_account_is_dormant() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        c.holdings[0].balance = Money::from_yuan(99);
        assert_eq!(score(&c, &p, today()), ValueClass::Dormant);
        let mut c = customer();
        c.history.transactions = vec![0; 12];
        assert_eq!(score(&c, &p, today()), ValueClass::Dormant);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn large_balances_with_frequent_use_are_valuable_and_three_families_add_value() {
        let p = ScoringPolicy::default();
        // 100,000 CNY and 24 transactions a year: valuable.
        let mut c = customer();
        c.history.margin = vec![Money::ZERO; 12];
        assert_eq!(score(&c, &p, today()), ValueClass::Valuable);
        c.holdings.push(holding(2, Fund, R3, 10_000));
        c.holdings.push(holding(3, CreditCard, R1, 0));
        assert_eq!(score(&c, &p, today()), ValueClass::HighValueAdded);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_small_traditional_deposit_customer_is_low_value() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        c.holdings[0].balance = Money::from_yuan(20_000);
        c.history.margin = vec![Money::from_yuan(10); 12];
        assert_eq!(score(&c, &p, today()), ValueClass::LowValue);
        // ...but 2,000 CNY of margin a year makes anyone valuable.
        c.history.margin = vec![Money::from_yuan(170); 12];
        assert_eq!(score(&c, &p, today()), ValueClass::Valuable);
    }
}
