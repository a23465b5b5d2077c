//! The bank calendar and complaint deadlines, docs/rules.md, Complaints and
//! Bank calendar: working days skip weekends and public holidays, but the
//! make-up working days (调休) that fall on a weekend count as working days.

use crate::customer::ComplaintSeverity;
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use serde::{Deserialize, Serialize};

/// Public holidays and make-up working days as date lists (the bank keeps them current
/// from the State Council's yearly notice).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct BankCalendar {
    pub holidays: Vec<NaiveDate>,
    /// Weekend days that are working days (调休上班).
    pub makeup_workdays: Vec<NaiveDate>,
}

const fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, day) {
        Some(x) => x,
        None => panic!("invalid calendar date"),
    }
}

fn span(out: &mut Vec<NaiveDate>, from: NaiveDate, days: u64) {
    for i in 0..days {
        out.push(from + Days::new(i));
    }
}

impl Default for BankCalendar {
    /// Mainland China's 2025 and 2026 schedules (State Council notices of November 2024
    /// and November 2025). Banks must verify and extend the lists each year.
    fn default() -> Self {
        let mut h = Vec::new();
        // 2025
        span(&mut h, d(2025, 1, 1), 1);
        span(&mut h, d(2025, 1, 28), 8);
        span(&mut h, d(2025, 4, 4), 3);
        span(&mut h, d(2025, 5, 1), 5);
        span(&mut h, d(2025, 5, 31), 3);
        span(&mut h, d(2025, 10, 1), 8);
        // 2026
        span(&mut h, d(2026, 1, 1), 3);
        span(&mut h, d(2026, 2, 15), 9);
        span(&mut h, d(2026, 4, 4), 3);
        span(&mut h, d(2026, 5, 1), 5);
        span(&mut h, d(2026, 6, 19), 3);
        span(&mut h, d(2026, 9, 25), 3);
        span(&mut h, d(2026, 10, 1), 7);
        let m = vec![
            d(2025, 1, 26),
            d(2025, 2, 8),
            d(2025, 4, 27),
            d(2025, 9, 28),
            d(2025, 10, 11),
            d(2026, 1, 4),
            d(2026, 2, 14),
            d(2026, 2, 28),
            d(2026, 5, 9),
            d(2026, 9, 20),
            d(2026, 10, 10),
        ];
        Self {
            holidays: h,
            makeup_workdays: m,
        }
    }
}

impl BankCalendar {
    /// A calendar with weekends only (no holidays, no make-up days).
    pub fn weekends_only() -> Self {
        Self {
            holidays: Vec::new(),
            makeup_workdays: Vec::new(),
        }
    }

    /// A make-up day is a working day; otherwise weekends and holidays are not.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.makeup_workdays.contains(&day) {
            return true;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&day)
    }

    /// The `n`-th working day after `start` (`start` itself not counted); `start` when `n`
    /// is 0.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt().unwrap_or(day);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days in `(from, to]`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day(*d))
            .count() as u32
    }

    /// Rules a stored calendar must satisfy (for `ScoringPolicy::validate`).
    pub fn problems(&self) -> Vec<&'static str> {
        let mut p = Vec::new();
        if self
            .holidays
            .iter()
            .any(|h| self.makeup_workdays.contains(h))
        {
            p.push("a date is both a holiday and a make-up working day");
        }
        if self
            .makeup_workdays
            .iter()
            .any(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        {
            p.push("a make-up working day must fall on a weekend");
        }
        p
    }
}

/// Complaint deadlines (投诉), docs/rules.md, Complaints: internal deadlines by severity
/// and the regulatory outer limit (2020 complaint-handling rules), in calendar days
/// except `general_working_days`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ComplaintPolicy {
    pub urgent_hours: u32,
    pub major_days: u32,
    pub general_working_days: u32,
    pub regulatory_days: u32,
    pub regulatory_complex_days: u32,
    pub regulatory_extension_days: u32,
}

impl Default for ComplaintPolicy {
    fn default() -> Self {
        Self {
            urgent_hours: 24,
            major_days: 3,
            general_working_days: 5,
            regulatory_days: 15,
            regulatory_complex_days: 30,
            regulatory_extension_days: 30,
        }
    }
}

impl ComplaintPolicy {
    /// Each deadline at least a day or an hour, the internal ones inside the regulatory
    /// limit, and every span at most a year.
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.urgent_hours == 0 {
            push("complaints.urgent_hours", "must be at least 1 hour");
        }
        if self.major_days == 0 {
            push("complaints.major_days", "must be at least 1 day");
        }
        if self.general_working_days == 0 {
            push(
                "complaints.general_working_days",
                "must be at least 1 working day",
            );
        }
        // Saturating: a huge `major_days` is refused below, not an overflow here.
        if self.urgent_hours > self.major_days.saturating_mul(24) {
            push(
                "complaints.urgent_hours",
                "must not exceed complaints.major_days",
            );
        }
        if self.regulatory_days == 0 {
            push("complaints.regulatory_days", "must be at least 1 day");
        }
        if self.regulatory_complex_days < self.regulatory_days {
            push(
                "complaints.regulatory_complex_days",
                "must not be below complaints.regulatory_days",
            );
        }
        if self.major_days > self.regulatory_days {
            push(
                "complaints.major_days",
                "must sit inside complaints.regulatory_days",
            );
        }
        // The regulatory limit is weeks (15, 30, +30 days); a year bounds the date
        // arithmetic of every complaint's deadlines, which a typo could overflow.
        for (field, days) in [
            ("complaints.general_working_days", self.general_working_days),
            ("complaints.regulatory_days", self.regulatory_days),
            (
                "complaints.regulatory_complex_days",
                self.regulatory_complex_days,
            ),
            (
                "complaints.regulatory_extension_days",
                self.regulatory_extension_days,
            ),
        ] {
            if days > 366 {
                push(field, "must be at most 366 days");
            }
        }
    }
}

/// Whether a complaint is a complex case (regulatory limit 30 days instead of 15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Complexity {
    Standard,
    Complex,
}

/// A complaint's two deadlines: the bank's internal one by severity and the regulatory
/// outer limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintDeadlines {
    pub internal: NaiveDateTime,
    pub regulatory: NaiveDate,
}

impl ComplaintDeadlines {
    /// The internal deadline has passed (overdue complaints are highlighted).
    pub fn internal_overdue(&self, now: NaiveDateTime) -> bool {
        now > self.internal
    }

    /// The regulatory outer limit has passed.
    pub fn regulatory_overdue(&self, today: NaiveDate) -> bool {
        today > self.regulatory
    }
}

fn end_of(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default())
}

/// Internal deadline by severity (defaults: urgent 24 hours from receipt, major by the
/// end of the 3rd calendar day after receipt, general by the end of the 5th working
/// day after receipt), docs/rules.md, Complaints.
pub fn internal_deadline(
    received_at: NaiveDateTime,
    severity: ComplaintSeverity,
    policy: &ComplaintPolicy,
    calendar: &BankCalendar,
) -> NaiveDateTime {
    match severity {
        ComplaintSeverity::Urgent => received_at + TimeDelta::hours(i64::from(policy.urgent_hours)),
        ComplaintSeverity::Major => {
            end_of(received_at.date() + Days::new(u64::from(policy.major_days)))
        }
        ComplaintSeverity::General => {
            end_of(calendar.add_working_days(received_at.date(), policy.general_working_days))
        }
    }
}

/// The regulatory outer limit (2020 complaint-handling rules): 15 calendar days from
/// receipt, 30 for complex cases, plus at most 30 more with recorded senior approval and
/// notice to the customer (`extended`).
pub fn regulatory_deadline(
    received_on: NaiveDate,
    complexity: Complexity,
    extended: bool,
    policy: &ComplaintPolicy,
) -> NaiveDate {
    let base = match complexity {
        Complexity::Standard => policy.regulatory_days,
        Complexity::Complex => policy.regulatory_complex_days,
    };
    let ext = if extended {
        policy.regulatory_extension_days
    } else {
        0
    };
    received_on + Days::new(u64::from(base + ext))
}

/// Both deadlines of a complaint.
pub fn complaint_deadlines(
    received_at: NaiveDateTime,
    severity: ComplaintSeverity,
    complexity: Complexity,
    extended: bool,
    policy: &ComplaintPolicy,
    calendar: &BankCalendar,
) -> ComplaintDeadlines {
    ComplaintDeadlines {
        internal: internal_deadline(received_at, severity, policy, calendar),
        regulatory: regulatory_deadline(received_at.date(), complexity, extended, policy),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, day: u32, h: u32) -> NaiveDateTime {
        d(y, m, day).and_hms_opt(h, 0, 0).unwrap()
    }

    fn general(received: NaiveDateTime, cal: &BankCalendar) -> NaiveDate {
        internal_deadline(
            received,
            ComplaintSeverity::General,
            &ComplaintPolicy::default(),
            cal,
        )
        .date()
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_general_complaint_on_a_friday_skips_the_weekend() {
        let cal = BankCalendar::default();
        assert_eq!(general(at(2026, 11, 20, 9), &cal), d(2026, 11, 27));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_general_complaint_skips_national_day_and_counts_the_saturday_make_up_day() {
        // Sep 30 (1), Oct 1–7 off, Oct 8 (2), Oct 9 (3), Sat Oct 10 make-up (4), Oct 12 (5).
        let cal = BankCalendar::default();
        assert_eq!(general(at(2026, 9, 29, 15), &cal), d(2026, 10, 12));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_make_up_saturday_at_month_end_is_a_working_day() {
        // Sat Feb 28 2026 is a make-up day (1), then Mar 2, 3, 4, 5.
        let cal = BankCalendar::default();
        assert!(cal.is_working_day(d(2026, 2, 28)));
        assert_eq!(general(at(2026, 2, 27, 10), &cal), d(2026, 3, 5));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn deadlines_cross_the_year_end_and_new_year_holiday() {
        // Jan 1–3 2026 off, Sun Jan 4 make-up (1), Jan 5..8 (2..5).
        let cal = BankCalendar::default();
        assert_eq!(general(at(2025, 12, 31, 11), &cal), d(2026, 1, 8));
        let p = ComplaintPolicy::default();
        assert_eq!(
            internal_deadline(at(2025, 12, 31, 10), ComplaintSeverity::Urgent, &p, &cal),
            at(2026, 1, 1, 10)
        );
        assert_eq!(
            internal_deadline(at(2025, 12, 30, 10), ComplaintSeverity::Major, &p, &cal).date(),
            d(2026, 1, 2)
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn deadlines_count_the_leap_day() {
        let cal = BankCalendar::weekends_only();
        let p = ComplaintPolicy::default();
        // Mon Feb 28 2028: Feb 29 (1), Mar 1, 2, 3 (4), Mon Mar 6 (5).
        assert_eq!(general(at(2028, 2, 28, 9), &cal), d(2028, 3, 6));
        assert_eq!(
            internal_deadline(at(2028, 2, 28, 9), ComplaintSeverity::Major, &p, &cal).date(),
            d(2028, 3, 2)
        );
        assert_eq!(
            regulatory_deadline(d(2028, 2, 20), Complexity::Standard, false, &p),
            d(2028, 3, 6)
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_regulatory_limit_is_15_days_30_when_complex_and_30_more_when_extended() {
        let p = ComplaintPolicy::default();
        let r = d(2026, 11, 23);
        assert_eq!(
            regulatory_deadline(r, Complexity::Standard, false, &p),
            d(2026, 12, 8)
        );
        assert_eq!(
            regulatory_deadline(r, Complexity::Complex, false, &p),
            d(2026, 12, 23)
        );
        assert_eq!(
            regulatory_deadline(r, Complexity::Complex, true, &p),
            d(2027, 1, 22)
        );
        let both = complaint_deadlines(
            at(2026, 11, 23, 9),
            ComplaintSeverity::General,
            Complexity::Standard,
            false,
            &p,
            &BankCalendar::default(),
        );
        assert!(both.internal.date() <= both.regulatory);
        assert!(!both.internal_overdue(at(2026, 11, 30, 23)));
        assert!(both.internal_overdue(at(2026, 12, 1, 0)));
        assert!(both.regulatory_overdue(d(2026, 12, 9)));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn working_days_between_counts_the_end_but_not_the_start() {
        let cal = BankCalendar::default();
        assert_eq!(
            cal.working_days_between(d(2026, 11, 20), d(2026, 11, 27)),
            5
        );
        assert!(cal.problems().is_empty());
    }
}
