//! Lifecycle (生命周期), docs/rules.md, Lifecycle: new (< 1 year), lost (no assets
//! and no activity), declining (AUM down > 20% over 6 months), growing, mature. Checked
//! in that order.

use crate::activity;
use crate::customer::BookCustomer;
use crate::history::{cmp_products, Window};
use crate::money::Money;
use crate::policy::ScoringPolicy;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Lifecycle {
    New,
    Growing,
    Mature,
    Declining,
    Lost,
}

impl Lifecycle {
    pub const ALL: [Lifecycle; 5] = [
        Self::New,
        Self::Growing,
        Self::Mature,
        Self::Declining,
        Self::Lost,
    ];
}

pub(crate) fn classify(
    since: NaiveDate,
    aum: Money,
    activity_count: u32,
    w: &Window<'_>,
    policy: &ScoringPolicy,
    today: NaiveDate,
) -> Lifecycle {
    let p = &policy.lifecycle;
    let new_until = since.checked_add_months(Months::new(p.new_months));
    if new_until.is_some_and(|d| today < d) {
        return Lifecycle::New;
    }
    if aum.fen() <= 0 && activity_count == 0 {
        return Lifecycle::Lost;
    }
    let before = w.aum_end(p.trend_months).unwrap_or(Money::ZERO).fen();
    let now = aum.fen();
    // (before − now) × 100 against before × percent, in 64 bits when they fit.
    let change_vs = |d: Option<i64>, wide: i128, percent: u32| match d {
        Some(d) => cmp_products(d, 100, before, i64::from(percent)),
        None => (wide * 100).cmp(&(i128::from(before) * i128::from(percent))),
    };
    let (wide_before, wide_now) = (i128::from(before), i128::from(now));
    if before > 0
        && change_vs(
            before.checked_sub(now),
            wide_before - wide_now,
            p.decline_percent,
        )
        .is_gt()
    {
        Lifecycle::Declining
    } else if (before > 0
        && change_vs(
            now.checked_sub(before),
            wide_now - wide_before,
            p.growth_percent,
        )
        .is_ge())
        || (before <= 0 && now > 0)
    {
        Lifecycle::Growing
    } else {
        Lifecycle::Mature
    }
}

pub fn score(customer: &BookCustomer, policy: &ScoringPolicy, today: NaiveDate) -> Lifecycle {
    let w = Window::new(&customer.history, today);
    let act = activity::score_window(&w, policy);
    classify(customer.since, customer.aum(), act.count, &w, policy, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_relationship_younger_than_a_year_is_new() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        c.since = date(2025, 11, 24);
        assert_eq!(score(&c, &p, today()), Lifecycle::New);
        c.since = date(2025, 11, 23);
        assert_eq!(score(&c, &p, today()), Lifecycle::Mature);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn no_assets_and_no_activity_is_lost() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        c.holdings.clear();
        c.history.transactions = vec![0; 12];
        assert_eq!(score(&c, &p, today()), Lifecycle::Lost);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_fall_of_more_than_a_fifth_over_six_months_is_declining() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        // Six months before November 2026 is May 2026 (index 5): 125,000 → 100,000 is -20%.
        c.history.aum_end[5] = Money::from_yuan(125_000);
        assert_eq!(score(&c, &p, today()), Lifecycle::Mature);
        c.history.aum_end[5] = Money::from_yuan(125_001);
        assert_eq!(score(&c, &p, today()), Lifecycle::Declining);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_rise_of_a_tenth_over_six_months_is_growing() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        c.history.aum_end[5] = Money::from_yuan(90_900);
        assert_eq!(score(&c, &p, today()), Lifecycle::Growing);
    }
}
