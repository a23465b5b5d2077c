//! Care (客户关怀), DOMAIN.md "Service work": birthdays in the next 7 days, deposit and
//! product maturities in the next 30 days, and risk questionnaires expiring or expired
//! (suitability needs a valid one, DOMAIN.md "Recommendations").

use crate::customer::{BookCustomer, ProductFamily, ProductId};
use crate::money::Money;
use crate::policy::ScoringPolicy;
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

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

/// Care items of one customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Care {
    /// The next birthday when it falls within the window (today included).
    pub birthday_on: Option<NaiveDate>,
    /// Soonest first.
    pub maturities: Vec<Maturity>,
    pub questionnaire: QuestionnaireStatus,
}

impl Care {
    /// Anything to act on: a birthday, a maturity, or a questionnaire to renew.
    pub fn needs_attention(&self) -> bool {
        self.birthday_on.is_some()
            || !self.maturities.is_empty()
            || !matches!(self.questionnaire, QuestionnaireStatus::Valid { .. })
    }
}

/// The birthday in `year`; 29 February is celebrated on 28 February in other years.
fn birthday_in(birth: NaiveDate, year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
}

/// The next birthday on or after `today`.
pub fn next_birthday(birth: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    let this = birthday_in(birth, today.year())?;
    if this >= today {
        Some(this)
    } else {
        birthday_in(birth, today.year() + 1)
    }
}

/// The questionnaire's state on `today`: valid for `questionnaire_valid_months` after
/// the assessment date (DOMAIN.md: expired when older than 12 months).
pub fn questionnaire_status(
    assessed_on: Option<NaiveDate>,
    policy: &ScoringPolicy,
    today: NaiveDate,
) -> QuestionnaireStatus {
    let Some(on) = assessed_on else {
        return QuestionnaireStatus::Missing;
    };
    let Some(expires_on) =
        on.checked_add_months(Months::new(policy.suitability.questionnaire_valid_months))
    else {
        return QuestionnaireStatus::Missing;
    };
    if today > expires_on {
        QuestionnaireStatus::Expired {
            expired_on: expires_on,
        }
    } else if today + Days::new(u64::from(policy.care.questionnaire_warning_days)) >= expires_on {
        QuestionnaireStatus::ExpiringSoon { expires_on }
    } else {
        QuestionnaireStatus::Valid { expires_on }
    }
}

pub fn score(customer: &BookCustomer, policy: &ScoringPolicy, today: NaiveDate) -> Care {
    let p = &policy.care;
    let birthday_on = next_birthday(customer.birth_date, today)
        .filter(|b| *b <= today + Days::new(u64::from(p.birthday_days)));
    let until = today + Days::new(u64::from(p.maturity_days));
    let mut maturities: Vec<Maturity> = customer
        .holdings
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
    Care {
        birthday_on,
        maturities,
        questionnaire: questionnaire_status(customer.risk_assessed_on, policy, today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::ProductRisk::R2;
    use crate::testkit::*;

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
