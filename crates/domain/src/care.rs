//! Care (客户关怀), docs/rules.md, Care: birthdays in the next 7 days, holidays
//! (the policy's occasions, for the tiers each is meant for), deposit and product
//! maturities in the next 30 days, and risk questionnaires expiring or expired
//! (suitability needs a valid one, docs/rules.md, Suitability); and which of them a
//! relationship manager has already marked done or snoozed.

use crate::calendar::saturating_add_days;
use crate::customer::{age_on, birthday_in, BookCustomer, Holding, ProductFamily, ProductId};
use crate::money::Money;
use crate::policy::{CarePolicy, ScoringPolicy};
use crate::scorer::{Scorer, Windows};
use crate::scoring_input::CustomerInput;
use crate::service::{CareKind, CareMarker, CareMarkerState};
use crate::tier::{tier_for_aum, Tier};
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

/// A holding that matures within the care window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Maturity {
    pub product_id: ProductId,
    pub family: ProductFamily,
    pub matures_on: NaiveDate,
    pub balance: Money,
}

/// The state of the risk questionnaire (风险测评).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionnaireStatus {
    Missing,
    /// Valid through `expires_on`.
    Valid {
        expires_on: NaiveDate,
    },
    /// Valid, but expires within the warning window.
    ExpiringSoon {
        expires_on: NaiveDate,
    },
    Expired {
        expired_on: NaiveDate,
    },
}

impl QuestionnaireStatus {
    pub fn is_valid(self) -> bool {
        matches!(self, Self::Valid { .. } | Self::ExpiringSoon { .. })
    }
}

/// An occasion within the holiday window that the customer is to be greeted for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayGreeting {
    /// The occasion's position in `CarePolicy::occasions` (its names are there, so a
    /// book of 100,000 customers does not copy them into every customer's care).
    pub occasion: u32,
    pub on: NaiveDate,
}

/// A customer's holiday greetings: inline up to two (a `Vec`'s bytes, no heap block);
/// the same JSON array as a `Vec`.
pub type HolidayGreetings = SmallVec<[HolidayGreeting; 2]>;

/// A customer's maturities within the care window: inline up to one (94 % of the
/// generated book has none, 6 % one); the same JSON array as a `Vec`.
pub type Maturities = SmallVec<[Maturity; 1]>;

/// Care items of one customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Care {
    /// The next birthday when it falls within the window (today included).
    pub birthday_on: Option<NaiveDate>,
    /// Occasions within the holiday window for this customer's tier and age; soonest
    /// first.
    #[serde(default)]
    pub holidays: HolidayGreetings,
    /// Soonest first.
    pub maturities: Maturities,
    pub questionnaire: QuestionnaireStatus,
}

impl Care {
    /// Anything to act on: a birthday, a holiday, a maturity, or a questionnaire to renew.
    pub fn needs_attention(&self) -> bool {
        self.birthday_on.is_some()
            || !self.holidays.is_empty()
            || !self.maturities.is_empty()
            || !matches!(self.questionnaire, QuestionnaireStatus::Valid { .. })
    }
}

/// The next birthday on or after `today` ([`birthday_in`]: 29 February falls on
/// 28 February in a common year, as it does for age).
pub fn next_birthday(birth: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    let this = birthday_in(birth, today.year())?;
    if this >= today {
        Some(this)
    } else {
        birthday_in(birth, today.year() + 1)
    }
}

/// The questionnaire's state on `today`: valid for `questionnaire_valid_months` after
/// the assessment date (docs/rules.md, Suitability: expired when older than 12 months).
pub fn questionnaire_status(
    assessed_on: Option<NaiveDate>,
    policy: &ScoringPolicy,
    today: NaiveDate,
) -> QuestionnaireStatus {
    let warning_until = saturating_add_days(today, policy.care.questionnaire_warning_days);
    questionnaire_on(assessed_on, policy, today, warning_until)
}

/// [`questionnaire_status`] on the scorer's day, its warning window worked out once.
pub(crate) fn questionnaire_status_until(
    assessed_on: Option<NaiveDate>,
    policy: &ScoringPolicy,
    w: &Windows,
) -> QuestionnaireStatus {
    questionnaire_on(assessed_on, policy, w.today, w.questionnaire_warning_until)
}

/// The questionnaire's state on `today`, expiring soon when it expires by
/// `warning_until`.
fn questionnaire_on(
    assessed_on: Option<NaiveDate>,
    policy: &ScoringPolicy,
    today: NaiveDate,
    warning_until: NaiveDate,
) -> QuestionnaireStatus {
    let Some(on) = assessed_on else {
        return QuestionnaireStatus::Missing;
    };
    // An expiry past the last representable date is that date.
    let expires_on = on
        .checked_add_months(Months::new(policy.suitability.questionnaire_valid_months))
        .unwrap_or(NaiveDate::MAX);
    if today > expires_on {
        QuestionnaireStatus::Expired {
            expired_on: expires_on,
        }
    } else if warning_until >= expires_on {
        QuestionnaireStatus::ExpiringSoon { expires_on }
    } else {
        QuestionnaireStatus::Valid { expires_on }
    }
}

/// The occasions from `today` to `holiday_days` ahead (both included) meant for a
/// customer of `tier` born on `birth_date`; soonest first.
pub fn holidays_ahead(
    care: &CarePolicy,
    tier: Tier,
    birth_date: NaiveDate,
    today: NaiveDate,
) -> Vec<HolidayGreeting> {
    let until = saturating_add_days(today, care.holiday_days);
    let mut out: Vec<HolidayGreeting> = care
        .occasions
        .iter()
        .zip(0u32..)
        .filter(|(o, _)| o.on >= today && o.on <= until && tier >= o.min_tier)
        .filter(|(o, _)| o.min_age.is_none_or(|min| age_on(birth_date, o.on) >= min))
        .map(|(o, occasion)| HolidayGreeting { occasion, on: o.on })
        .collect();
    out.sort_by_key(|h| (h.on, h.occasion));
    out
}

/// Whether `marker` (of the same customer) hides a care item of `kind` for `occasion_on`,
/// as `CareMarker` documents: done hides the same occasion, or with no occasion
/// recorded every occasion up to the day it was marked; a snooze hides every item of
/// the kind until it ends.
pub fn hidden_by(
    kind: CareKind,
    occasion_on: Option<NaiveDate>,
    marker: &CareMarker,
    today: NaiveDate,
) -> bool {
    if marker.kind != kind {
        return false;
    }
    match marker.state {
        CareMarkerState::Done => match (marker.occasion_on, occasion_on) {
            (Some(a), Some(b)) => a == b,
            (None, Some(b)) => b <= marker.on,
            (_, None) => true,
        },
        CareMarkerState::Snoozed => marker.until.is_some_and(|u| today < u),
    }
}

/// One customer's care on its own: every window worked out here (a book's customers
/// are scored by [`score_with`], with the windows worked out once; the property tests
/// check the two agree).
pub fn score(customer: &BookCustomer, policy: &ScoringPolicy, today: NaiveDate) -> Care {
    let p = &policy.care;
    let tier = tier_for_aum(customer.aum(), &policy.tiers);
    let birthday_on = next_birthday(customer.birth_date, today)
        .filter(|b| *b <= saturating_add_days(today, p.birthday_days));
    Care {
        birthday_on,
        holidays: holidays_ahead(p, tier, customer.birth_date, today)
            .into_iter()
            .collect(),
        maturities: maturing(
            &customer.holdings,
            today,
            saturating_add_days(today, p.maturity_days),
        ),
        questionnaire: questionnaire_status(customer.risk_assessed_on, policy, today),
    }
}

/// The holdings maturing from `today` to `until` (both included), soonest first.
fn maturing(holdings: &[Holding], today: NaiveDate, until: NaiveDate) -> Maturities {
    let mut maturities: Maturities = holdings
        .iter()
        .filter_map(|h| {
            let m = h.matures_on.filter(|m| *m >= today && *m <= until)?;
            Some(Maturity {
                product_id: h.product_id,
                family: h.family,
                matures_on: m,
                balance: h.balance,
            })
        })
        .collect();
    maturities.sort_by_key(|m| m.matures_on);
    maturities
}

/// A customer's care on the scorer's day, their tier and questionnaire already known:
/// the holiday window's occasions were picked once per book ([`Scorer`]), each
/// customer keeps those meant for their tier and age ([`holidays_ahead`]'s rule).
pub(crate) fn score_with(
    customer: &CustomerInput<'_>,
    tier: Tier,
    questionnaire: QuestionnaireStatus,
    s: &Scorer<'_>,
) -> Care {
    let (w, today) = (&s.windows, s.windows.today);
    let birthday_on = next_birthday(customer.birth_date, today).filter(|b| *b <= w.birthday_until);
    let maturities = maturing(customer.holdings, today, w.care_maturity_until);
    let holidays = s
        .occasions
        .iter()
        .filter(|o| tier >= o.min_tier)
        .filter(|o| {
            o.min_age
                .is_none_or(|min| age_on(customer.birth_date, o.on) >= min)
        })
        .map(|o| HolidayGreeting {
            occasion: o.occasion,
            on: o.on,
        })
        .collect();
    Care {
        birthday_on,
        holidays,
        maturities,
        questionnaire,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::CareOccasion;
    use crate::risk::ProductRisk::R2;
    use crate::testkit::*;
    use chrono::Days;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_birthday_within_seven_days_is_listed_and_one_in_eight_is_not() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        c.birth_date = date(1980, 11, 30);
        assert_eq!(score(&c, &p, today()).birthday_on, Some(date(2026, 11, 30)));
        c.birth_date = date(1980, 12, 1);
        assert_eq!(score(&c, &p, today()).birthday_on, None);
        // Across the year end.
        c.birth_date = date(1980, 1, 2);
        assert_eq!(
            score(&c, &p, date(2026, 12, 28)).birthday_on,
            Some(date(2027, 1, 2))
        );
    }

    fn occasion(on: NaiveDate, en: &str, min_tier: Tier) -> CareOccasion {
        CareOccasion {
            on,
            name_en: en.into(),
            name_zh: en.into(),
            min_tier,
            min_age: None,
        }
    }

    /// Five occasions around `today()` (23 November 2026) with a 14-day window.
    fn holiday_policy() -> ScoringPolicy {
        let mut p = ScoringPolicy::default();
        p.care.holiday_days = 14;
        p.care.occasions = vec![
            occasion(date(2026, 12, 7), "last day in", Tier::Gold),
            occasion(date(2026, 12, 8), "first day out", Tier::Gold),
            occasion(date(2026, 11, 23), "today", Tier::Gold),
            occasion(date(2026, 11, 22), "yesterday", Tier::Gold),
            occasion(date(2026, 12, 1), "platinum only", Tier::Platinum),
        ];
        p
    }

    fn names(care: &Care, p: &ScoringPolicy) -> Vec<String> {
        care.holidays
            .iter()
            .map(|h| p.care.occasions[h.occasion as usize].name_en.clone())
            .collect()
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn holidays_from_today_to_the_last_day_of_the_window_are_listed_soonest_first() {
        let p = holiday_policy();
        let care = score(&customer(), &p, today());
        assert_eq!(names(&care, &p), vec!["today", "last day in"]);
        assert_eq!(care.holidays[1].on, date(2026, 12, 7));
        assert!(care.needs_attention());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_holiday_for_higher_tiers_is_not_listed_for_a_gold_customer() {
        let p = holiday_policy();
        let mut c = customer();
        assert_eq!(crate::tier::tier(&c, &p.tiers), Tier::Gold);
        assert!(!names(&score(&c, &p, today()), &p).contains(&"platinum only".to_owned()));
        c.holdings[0].balance = Money::from_yuan(500_000);
        assert_eq!(
            names(&score(&c, &p, today()), &p),
            vec!["today", "platinum only", "last day in"]
        );
        c.holdings[0].balance = Money::from_yuan(49_999);
        assert!(score(&c, &p, today()).holidays.is_empty());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn new_years_day_is_listed_across_the_year_end_with_the_default_occasions() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        c.holdings[0].balance = Money::from_yuan(800_000);
        let care = score(&c, &p, date(2026, 12, 25));
        assert_eq!(names(&care, &p), vec!["New Year's Day"]);
        assert_eq!(care.holidays[0].on, date(2027, 1, 1));
        // Nothing in the window of the worked examples' today.
        assert!(score(&c, &p, today()).holidays.is_empty());
        // The Spring and Lantern festivals of 2027 are two weeks apart: both listed.
        let care = score(&c, &p, date(2027, 2, 6));
        assert_eq!(
            names(&care, &p),
            vec!["Spring Festival", "Lantern Festival"]
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_double_ninth_greets_customers_who_are_sixty_on_the_day() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        c.birth_date = date(1966, 10, 18);
        let today = date(2026, 10, 10);
        assert_eq!(
            names(&score(&c, &p, today), &p),
            vec!["Double Ninth Festival"]
        );
        c.birth_date = date(1966, 10, 19);
        assert!(score(&c, &p, today).holidays.is_empty());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_holiday_marked_done_hides_that_occasion_and_a_snooze_hides_every_one_until_it_ends() {
        use crate::customer::{CustomerId, UserId};
        let marker = |state, occasion_on, until| CareMarker {
            id: 1,
            customer_id: CustomerId(1),
            kind: CareKind::Holiday,
            state,
            on: date(2027, 2, 1),
            occasion_on,
            until,
            at: chrono::DateTime::<chrono::Utc>::MIN_UTC,
            by_id: UserId(1),
        };
        let spring = Some(date(2027, 2, 6));
        let lantern = Some(date(2027, 2, 20));
        let today = date(2027, 2, 2);
        let done = marker(CareMarkerState::Done, spring, None);
        assert!(hidden_by(CareKind::Holiday, spring, &done, today));
        assert!(!hidden_by(CareKind::Holiday, lantern, &done, today));
        assert!(!hidden_by(CareKind::Birthday, spring, &done, today));
        let snoozed = marker(CareMarkerState::Snoozed, spring, Some(date(2027, 2, 9)));
        assert!(hidden_by(CareKind::Holiday, lantern, &snoozed, today));
        assert!(!hidden_by(
            CareKind::Holiday,
            lantern,
            &snoozed,
            date(2027, 2, 9)
        ));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_leap_day_birthday_is_celebrated_on_the_28th_in_other_years() {
        assert_eq!(
            next_birthday(date(2000, 2, 29), date(2027, 2, 25)),
            Some(date(2027, 2, 28))
        );
        assert_eq!(
            next_birthday(date(2000, 2, 29), date(2028, 2, 25)),
            Some(date(2028, 2, 29))
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_leap_day_birth_is_greeted_on_the_day_its_age_turns() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        c.birth_date = date(1960, 2, 29);
        // Common year: greeted on 28 February, and 65 (protected) that same day.
        let on = date(2025, 2, 28);
        assert_eq!(score(&c, &p, date(2025, 2, 25)).birthday_on, Some(on));
        assert_eq!(c.age_on(on - Days::new(1)), 64);
        assert_eq!(
            crate::suitability::score(&c, &p, on).protection,
            Some(crate::suitability::Protection::Age { age: 65 })
        );
        // Leap year: greeted on 29 February, and a year older that day, not the 28th.
        c.birth_date = date(1964, 2, 29);
        assert_eq!(
            score(&c, &p, date(2028, 2, 25)).birthday_on,
            Some(date(2028, 2, 29))
        );
        assert_eq!(c.age_on(date(2028, 2, 28)), 63);
        assert_eq!(c.age_on(date(2028, 2, 29)), 64);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn maturities_in_the_next_thirty_days_are_listed_soonest_first() {
        let mut c = customer();
        for (id, on) in [
            (7, date(2026, 12, 20)),
            (8, date(2026, 11, 25)),
            (9, date(2026, 12, 24)),
        ] {
            let mut h = holding(id, ProductFamily::WealthManagement, R2, 10_000);
            h.matures_on = Some(on);
            c.holdings.push(h);
        }
        let care = score(&c, &ScoringPolicy::default(), today());
        let ids: Vec<i64> = care.maturities.iter().map(|m| m.product_id.0).collect();
        assert_eq!(ids, vec![8, 7]);
        assert!(care.needs_attention());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_questionnaire_is_valid_for_twelve_months_and_warned_of_thirty_days_ahead() {
        let p = ScoringPolicy::default();
        let s = |on| questionnaire_status(Some(on), &p, today());
        assert_eq!(
            s(date(2025, 11, 23)),
            QuestionnaireStatus::ExpiringSoon {
                expires_on: today()
            }
        );
        assert_eq!(
            s(date(2025, 11, 22)),
            QuestionnaireStatus::Expired {
                expired_on: date(2026, 11, 22)
            }
        );
        assert_eq!(
            s(date(2026, 3, 1)),
            QuestionnaireStatus::Valid {
                expires_on: date(2027, 3, 1)
            }
        );
        assert_eq!(
            questionnaire_status(None, &p, today()),
            QuestionnaireStatus::Missing
        );
    }
}
