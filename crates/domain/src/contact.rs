//! Contact plan (docs/rules.md, Contact plan): a contact interval per tier (Private 14
//! days, Diamond 30, Platinum 60, Gold 90, Standard 180 by default). A customer's due
//! date for contact is the date the RM set by hand when there is one, else one interval
//! after the last contact (never contacted: after the relationship began); overdue means
//! today is after the due date. The follow-up list (回访) and the churn factor "no
//! contact" both ask [`ContactStatus::is_overdue`], so they cannot disagree.

use crate::customer::BookCustomer;
use crate::policy::ScoringPolicy;
use crate::scoring_input::CustomerInput;
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
    /// Today is after the due date: on the follow-up list, and a churn factor.
    pub fn is_overdue(&self) -> bool {
        self.overdue_days > 0
    }
}

/// The customer's due date for contact: the date set by hand when there is one, else
/// the last contact (never contacted: the relationship's start) plus `interval_days`.
/// A due date past the last representable date is that date.
pub fn due_on(customer: &BookCustomer, interval_days: u32) -> NaiveDate {
    due_on_of(&CustomerInput::of(customer), interval_days)
}

fn due_on_of(customer: &CustomerInput<'_>, interval_days: u32) -> NaiveDate {
    customer.next_contact_on.unwrap_or_else(|| {
        customer
            .last_contact_on
            .unwrap_or(customer.since)
            .checked_add_days(Days::new(u64::from(interval_days)))
            .unwrap_or(NaiveDate::MAX)
    })
}

/// Whole days from `from` to `to`, 0 when `to` is not after `from`. The whole date range
/// is about 191 million days, so the count fits a u32.
fn days_after(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from((to - from).num_days().max(0)).unwrap_or(u32::MAX)
}

pub(crate) fn status(
    customer: &CustomerInput<'_>,
    tier: Tier,
    policy: &ScoringPolicy,
    today: NaiveDate,
) -> ContactStatus {
    let interval_days = policy.contact.interval_days(tier);
    let due_on = due_on_of(customer, interval_days);
    ContactStatus {
        interval_days,
        last_contact_on: customer.last_contact_on,
        days_since_contact: days_after(customer.last_contact_on.unwrap_or(customer.since), today),
        due_on,
        overdue_days: days_after(due_on, today),
    }
}

pub fn score(customer: &BookCustomer, policy: &ScoringPolicy, today: NaiveDate) -> ContactStatus {
    status(
        &CustomerInput::of(customer),
        tier(customer, &policy.tiers),
        policy,
        today,
    )
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

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_private_customer_with_a_date_set_a_year_out_is_neither_overdue_nor_a_churn_factor() {
        let mut c = customer();
        c.holdings[0].balance = Money::from_yuan(6_000_000);
        c.last_contact_on = Some(date(2026, 6, 1));
        c.next_contact_on = Some(date(2027, 6, 1));
        let p = ScoringPolicy::default();
        assert!(!score(&c, &p, today()).is_overdue());
        assert!(crate::churn::score(&c, &p, today()).factors.is_empty());
        // A date set by hand in the past makes the customer overdue even inside the
        // tier's interval.
        c.last_contact_on = Some(date(2026, 11, 20));
        c.next_contact_on = Some(date(2026, 11, 21));
        assert_eq!(score(&c, &p, today()).overdue_days, 2);
        assert_eq!(crate::churn::score(&c, &p, today()).score, 10);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::churn::{self, ChurnFactorCode};
    use crate::money::Money;
    use crate::testkit::*;
    use proptest::prelude::*;

    /// Any day from 2000 to 2040, as a day offset.
    fn a_day() -> impl Strategy<Value = NaiveDate> {
        (0u64..14_600).prop_map(|d| date(2000, 1, 1) + Days::new(d))
    }

    /// The worked-example customer with any tier, relationship start, last contact and
    /// hand-set next contact (either may be absent).
    fn a_customer() -> impl Strategy<Value = BookCustomer> {
        (
            0i64..8_000_000,
            a_day(),
            proptest::option::of(a_day()),
            proptest::option::of(a_day()),
        )
            .prop_map(|(yuan, since, last, next)| {
                let mut c = customer();
                c.holdings[0].balance = Money::from_yuan(yuan);
                c.since = since;
                c.last_contact_on = last;
                c.next_contact_on = next;
                c
            })
    }

    proptest! {
        #[test]
        fn the_churn_factor_no_contact_fires_exactly_when_the_follow_up_is_overdue(
            c in a_customer(),
            today in a_day(),
        ) {
            let policy = ScoringPolicy::default();
            let follow_up = score(&c, &policy, today);
            let fires = churn::score(&c, &policy, today)
                .factors
                .iter()
                .any(|f| f.signal.code() == ChurnFactorCode::NoContact);
            prop_assert_eq!(fires, follow_up.is_overdue());
            prop_assert_eq!(follow_up.is_overdue(), today > follow_up.due_on);
            if let Some(next) = c.next_contact_on {
                prop_assert_eq!(follow_up.due_on, next);
            }
        }
    }
}
