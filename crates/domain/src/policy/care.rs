//! Policy of care (客户关怀): the reminder windows and the occasions the bank greets
//! customers for (docs/rules.md, Care).

use crate::tier::Tier;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Care (客户关怀), docs/rules.md, Care: birthdays in the next `birthday_days`,
/// holidays (节日问候) in the next `holiday_days`, maturities in the next
/// `maturity_days`, questionnaires expiring within `questionnaire_warning_days`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CarePolicy {
    pub birthday_days: u32,
    pub maturity_days: u32,
    pub questionnaire_warning_days: u32,
    /// How far ahead an occasion is listed (today included). Longer than the birthday
    /// window: festival gifts and events (mooncakes, 理财沙龙) are arranged ahead.
    pub holiday_days: u32,
    /// The occasions the bank greets customers for, by date: the lunar festivals move
    /// every year, so like the bank calendar the list is kept current each year.
    pub occasions: Vec<CareOccasion>,
}

/// An occasion (节日) the bank greets customers for, docs/rules.md,
/// Care; its names are the bank's words, shown in the UI's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CareOccasion {
    pub on: NaiveDate,
    pub name_en: String,
    pub name_zh: String,
    /// Customers of this tier and above are greeted by their relationship manager (the
    /// rest get the bank's own mass message).
    pub min_tier: Tier,
    /// Only customers at least this old on the day (the Double Ninth is also Seniors'
    /// Day, 老人节).
    #[serde(default)]
    pub min_age: Option<u32>,
}

/// The longest an occasion's name may be, in characters.
pub const OCCASION_NAME_MAX_CHARS: usize = 40;
/// The most occasions a policy may hold (each customer is checked against every one).
pub const OCCASIONS_MAX: usize = 200;

const fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(x) => x,
        None => panic!("invalid occasion date"),
    }
}

/// The festivals of 2026 and 2027 that banks in mainland China greet customers for,
/// lunar dates converted to the Gregorian calendar. Qingming (清明) is left out: it is a
/// day of remembrance, not of greetings. The Spring and Mid-Autumn festivals, the
/// biggest (gifts are customary), reach Gold customers; the others Platinum and above.
fn default_occasions() -> Vec<CareOccasion> {
    use Tier::{Gold, Platinum};
    let festival = |name_en: &str, name_zh: &str, min_tier, min_age, dates: [NaiveDate; 2]| {
        dates.map(|on| CareOccasion {
            on,
            name_en: name_en.to_owned(),
            name_zh: name_zh.to_owned(),
            min_tier,
            min_age,
        })
    };
    let mut out: Vec<CareOccasion> = [
        festival(
            "New Year's Day",
            "元旦",
            Platinum,
            None,
            [day(2026, 1, 1), day(2027, 1, 1)],
        ),
        festival(
            "Spring Festival",
            "春节",
            Gold,
            None,
            [day(2026, 2, 17), day(2027, 2, 6)],
        ),
        festival(
            "Lantern Festival",
            "元宵节",
            Platinum,
            None,
            [day(2026, 3, 3), day(2027, 2, 20)],
        ),
        festival(
            "Dragon Boat Festival",
            "端午节",
            Platinum,
            None,
            [day(2026, 6, 19), day(2027, 6, 9)],
        ),
        festival(
            "Mid-Autumn Festival",
            "中秋节",
            Gold,
            None,
            [day(2026, 9, 25), day(2027, 9, 15)],
        ),
        festival(
            "National Day",
            "国庆节",
            Platinum,
            None,
            [day(2026, 10, 1), day(2027, 10, 1)],
        ),
        festival(
            "Double Ninth Festival",
            "重阳节",
            Gold,
            Some(60),
            [day(2026, 10, 18), day(2027, 10, 8)],
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    out.sort_by_key(|o| o.on);
    out
}

impl Default for CarePolicy {
    fn default() -> Self {
        Self {
            birthday_days: 7,
            maturity_days: 30,
            questionnaire_warning_days: 30,
            holiday_days: 14,
            occasions: default_occasions(),
        }
    }
}

impl CarePolicy {
    /// Each broken field is named, an occasion's by its position
    /// (`care.occasions[2].name_zh`).
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        for (field, days) in [
            ("care.birthday_days", self.birthday_days),
            ("care.maturity_days", self.maturity_days),
            (
                "care.questionnaire_warning_days",
                self.questionnaire_warning_days,
            ),
            ("care.holiday_days", self.holiday_days),
        ] {
            if days > 366 {
                push(field, "must be at most 366 days");
            }
        }
        if self.occasions.len() > OCCASIONS_MAX {
            push("care.occasions", "must hold at most 200 occasions");
        }
        for (i, o) in self.occasions.iter().enumerate() {
            for (part, name) in [("name_en", &o.name_en), ("name_zh", &o.name_zh)] {
                let field = format!("care.occasions[{i}].{part}");
                if name.trim().is_empty() {
                    push(&field, "must not be empty");
                } else if name.chars().count() > OCCASION_NAME_MAX_CHARS {
                    push(&field, "must be at most 40 characters");
                }
            }
            if o.min_age.is_some_and(|a| a > 150) {
                push(
                    &format!("care.occasions[{i}].min_age"),
                    "must be at most 150",
                );
            }
            if let Some(j) = self.occasions[..i]
                .iter()
                .position(|p| p.on == o.on && p.name_en == o.name_en)
            {
                push(
                    &format!("care.occasions[{i}]"),
                    &format!("repeats care.occasions[{j}] (same date and name)"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::ScoringPolicy;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_default_occasions_cover_the_festivals_of_2026_and_2027_in_date_order() {
        let care = CarePolicy::default();
        assert_eq!(care.holiday_days, 14);
        assert_eq!(care.occasions.len(), 14);
        assert!(care.occasions.windows(2).all(|w| w[0].on < w[1].on));
        let spring: Vec<NaiveDate> = care
            .occasions
            .iter()
            .filter(|o| o.name_zh == "春节")
            .map(|o| o.on)
            .collect();
        assert_eq!(spring, vec![day(2026, 2, 17), day(2027, 2, 6)]);
        assert!(care
            .occasions
            .iter()
            .all(|o| o.min_age.is_none() || o.name_zh == "重阳节"));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_broken_care_field_is_named() {
        let mut p = ScoringPolicy::default();
        p.care.holiday_days = 400;
        p.care.occasions[1].name_en = "  ".into();
        p.care.occasions[2].name_zh = "节".repeat(41);
        p.care.occasions[3].min_age = Some(200);
        let again = p.care.occasions[0].clone();
        p.care.occasions.push(again);
        let last = p.care.occasions.len() - 1;
        let fields: Vec<String> = p.validate().into_iter().map(|v| v.field).collect();
        for f in [
            "care.holiday_days".to_owned(),
            "care.occasions[1].name_en".to_owned(),
            "care.occasions[2].name_zh".to_owned(),
            "care.occasions[3].min_age".to_owned(),
            format!("care.occasions[{last}]"),
        ] {
            assert!(fields.contains(&f), "{f} not in {fields:?}");
        }
        assert_eq!(fields.len(), 5, "{fields:?}");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_care_section_stored_before_occasions_existed_gets_the_default_ones() {
        let p: ScoringPolicy = serde_json::from_str(
            r#"{"care":{"birthday_days":5,"maturity_days":30,"questionnaire_warning_days":30}}"#,
        )
        .unwrap();
        assert_eq!(p.care.birthday_days, 5);
        assert_eq!(p.care.holiday_days, 14);
        assert_eq!(p.care.occasions, CarePolicy::default().occasions);
        let one: CareOccasion = serde_json::from_str(
            r#"{"on":"2027-02-06","name_en":"Spring Festival","name_zh":"春节","min_tier":"Gold"}"#,
        )
        .unwrap();
        assert_eq!(one.min_age, None);
        assert_eq!(one.min_tier, Tier::Gold);
    }
}
