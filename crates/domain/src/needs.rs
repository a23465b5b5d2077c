//! Needs (需求), docs/rules.md, Needs: investment, consumer credit and asset
//! preservation, inferred from holdings and age (rules in
//! [`crate::policy::NeedsPolicy`]) and joined with the needs the customer stated.

use crate::customer::{BookCustomer, Need, ProductFamily};
use crate::history::{cmp_products, Window};
use crate::money::Money;
use crate::policy::ScoringPolicy;
use crate::scoring_input::CustomerInput;
use crate::sets::NeedSet;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Needs {
    pub stated: NeedSet,
    pub inferred: NeedSet,
}

impl Needs {
    pub fn all(self) -> NeedSet {
        self.stated.union(self.inferred)
    }
}

/// Demand deposit balance.
pub fn demand_balance(customer: &BookCustomer) -> Money {
    customer
        .holdings
        .iter()
        .filter(|h| h.family == ProductFamily::DemandDeposit)
        .map(|h| h.balance)
        .sum()
}

pub(crate) fn infer(
    customer: &CustomerInput<'_>,
    aum: Money,
    age: u32,
    w: &Window<'_>,
    policy: &ScoringPolicy,
) -> Needs {
    let p = &policy.needs;
    let mut inferred = NeedSet::default();
    let mut deposits = Money::ZERO;
    let mut invests = false;
    let mut credit = false;
    for h in customer.holdings {
        invests |= h.family.is_investment();
        credit |= matches!(h.family, ProductFamily::Loan | ProductFamily::CreditCard);
        if h.family.is_deposit() {
            deposits += h.balance;
        }
    }
    if invests || customer.sums.demand >= p.idle_demand_min {
        inferred.insert(Need::Investment);
    }
    let covered = w.covered(0, 3).max(1);
    let monthly_out = Money::from_fen(w.sum_money(w.h.outflow, 0, 3).fen() / i64::from(covered));
    if credit
        || ((p.credit_min_age..=p.credit_max_age).contains(&age)
            && monthly_out >= p.credit_min_monthly_outflow)
    {
        inferred.insert(Need::ConsumerCredit);
    }
    let deposit_heavy = aum >= p.preservation_min_aum
        && cmp_products(
            deposits.fen(),
            100,
            aum.fen(),
            i64::from(p.preservation_deposit_percent),
        )
        .is_ge();
    if age >= p.preservation_min_age || deposit_heavy {
        inferred.insert(Need::AssetPreservation);
    }
    Needs {
        stated: customer.stated_needs,
        inferred,
    }
}

pub fn score(customer: &BookCustomer, policy: &ScoringPolicy, today: NaiveDate) -> Needs {
    infer(
        &CustomerInput::of(customer),
        customer.aum(),
        customer.age_on(today),
        &Window::new(&customer.history, today),
        policy,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::ProductRisk::*;
    use crate::testkit::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_idle_deposit_only_customer_needs_investment_and_preservation() {
        let n = score(&customer(), &ScoringPolicy::default(), today());
        assert!(n.inferred.contains(Need::Investment));
        assert!(n.inferred.contains(Need::AssetPreservation));
        assert!(!n.inferred.contains(Need::ConsumerCredit));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_card_holder_needs_credit_and_stated_needs_are_kept() {
        let mut c = customer();
        c.holdings[0].balance = Money::from_yuan(10_000);
        c.holdings
            .push(holding(2, ProductFamily::CreditCard, R1, 0));
        c.stated_needs = vec![Need::Investment];
        let n = score(&c, &ScoringPolicy::default(), today());
        assert_eq!(
            n.inferred.iter().collect::<Vec<_>>(),
            vec![Need::ConsumerCredit]
        );
        assert!(n.all().contains(Need::Investment));
    }
}
