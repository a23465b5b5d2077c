//! Activity (活跃度), docs/rules.md, Activity: active = at least 6
//! customer-initiated transactions or logins in the last 90 days (the last 3 months of
//! monthly history), potential = 1–5, dormant = none.

use crate::customer::BookCustomer;
use crate::history::Window;
use crate::policy::ScoringPolicy;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ActivityClass {
    /// 沉默
    Dormant,
    /// 潜在
    Potential,
    /// 活跃
    Active,
}

impl ActivityClass {
    pub const ALL: [ActivityClass; 3] = [Self::Dormant, Self::Potential, Self::Active];
}

/// The class and the count it was decided on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub class: ActivityClass,
    /// Transactions plus logins in the window.
    pub count: u32,
}

/// Classify a count of transactions and logins.
pub fn classify(count: u32, policy: &ScoringPolicy) -> ActivityClass {
    if count == 0 {
        ActivityClass::Dormant
    } else if count >= policy.activity.active_min {
        ActivityClass::Active
    } else {
        ActivityClass::Potential
    }
}

pub(crate) fn score_window(w: &Window<'_>, policy: &ScoringPolicy) -> Activity {
    let m = policy.activity.window_months;
    let count = w.transactions(0, m).saturating_add(w.logins(0, m));
    Activity {
        class: classify(count, policy),
        count,
    }
}

pub fn score(customer: &BookCustomer, policy: &ScoringPolicy, today: NaiveDate) -> Activity {
    score_window(&Window::new(&customer.history, today), policy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn six_actions_in_the_last_three_months_is_active_and_five_is_potential() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        c.history.transactions = vec![0; 12];
        c.history.transactions[9] = 3;
        c.history.logins[11] = 3;
        assert_eq!(score(&c, &p, today()).class, ActivityClass::Active);
        assert_eq!(score(&c, &p, today()).count, 6);
        c.history.logins[11] = 2;
        assert_eq!(score(&c, &p, today()).class, ActivityClass::Potential);
        // Activity four months ago does not count.
        c.history.transactions = vec![0; 12];
        c.history.logins = vec![0; 12];
        c.history.transactions[8] = 40;
        assert_eq!(score(&c, &p, today()).class, ActivityClass::Dormant);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_history_that_stopped_months_ago_counts_the_missing_months_as_zero() {
        let p = ScoringPolicy::default();
        let c = customer(); // 2 a month through November 2026
        assert_eq!(score(&c, &p, today()).count, 6);
        assert_eq!(score(&c, &p, date(2027, 1, 10)).count, 2);
        assert_eq!(score(&c, &p, date(2027, 6, 1)).count, 0);
    }
}
