//! Contact plan (docs/rules.md, Contact plan): a contact interval per tier (Private 14 days,
//! Diamond 30, Platinum 60, Gold 90, Standard 180); the next contact is due one interval
//! after the last (or after the relationship began), unless the RM set a date by hand;
//! overdue follow-ups (回访) are listed.

use crate::customer::BookCustomer;
use crate::policy::ScoringPolicy;
use crate::tier::{tier, Tier};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactStatus {
    pub interval_days: u32,
    pub last_contact_on: Option<NaiveDate>,
    /// Days since the last contact (or since the relationship began).
    pub days_since_contact: u32,
    pub due_on: NaiveDate,
    /// 0 when not overdue.
    pub overdue_days: u32,
}

impl ContactStatus {
    pub fn is_overdue(&self) -> bool {
        self.overdue_days > 0
    }
}

pub(crate) fn status(
    customer: &BookCustomer,
    tier: Tier,
    policy: &ScoringPolicy,
    today: NaiveDate,
) -> ContactStatus {
    let interval_days = policy.contact.interval_days(tier);
    let base = customer.last_contact_on.unwrap_or(customer.since);
    let due_on = customer
        .next_contact_on
        .unwrap_or_else(|| base + Days::new(u64::from(interval_days)));
    ContactStatus {
        interval_days,
        last_contact_on: customer.last_contact_on,
        days_since_contact: (today - base).num_days().max(0) as u32,
        due_on,
        overdue_days: (today - due_on).num_days().max(0) as u32,
    }
}

pub fn score(customer: &BookCustomer, policy: &ScoringPolicy, today: NaiveDate) -> ContactStatus {
    status(customer, tier(customer, &policy.tiers), policy, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;
    use crate::testkit::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_gold_customer_is_due_ninety_days_after_the_last_contact() {
        let mut c = customer(); // Gold
        c.last_contact_on = Some(date(2026, 8, 1));
        let s = score(&c, &ScoringPolicy::default(), today());
        assert_eq!(s.due_on, date(2026, 10, 30));
        assert_eq!(s.overdue_days, 24);
        assert!(s.is_overdue());
        assert_eq!(s.days_since_contact, 114);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_date_set_by_hand_overrides_the_interval_and_private_banking_is_due_in_14_days() {
        let mut c = customer();
        c.holdings[0].balance = Money::from_yuan(6_000_000);
        c.last_contact_on = Some(date(2026, 11, 1));
        let s = score(&c, &ScoringPolicy::default(), today());
        assert_eq!(s.due_on, date(2026, 11, 15));
        assert_eq!(s.overdue_days, 8);
        c.next_contact_on = Some(date(2026, 12, 1));
        assert!(!score(&c, &ScoringPolicy::default(), today()).is_overdue());
    }
}
