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
    /// is 0. `None` when that day would fall past the last representable date: the
    /// caller decides what a deadline beyond the calendar means (complaint deadlines
    /// saturate at the last date). A binary search over [`Self::working_days_between`],
    /// so any `n` and any `start` answer at once.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Option<NaiveDate> {
        if n == 0 {
            return Some(start);
        }
        let days = WorkingDays::of(self);
        let (mut lo, mut hi) = (day_number(start), day_number(NaiveDate::MAX));
        if days.between(lo, hi) < u64::from(n) {
            return None;
        }
        // The first day whose count from `start` reaches `n` is itself a working day.
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if days.between(day_number(start), mid) >= u64::from(n) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        NaiveDate::from_num_days_from_ce_opt(i32::try_from(hi).ok()?)
    }

    /// Working days in `(from, to]`: weekdays by arithmetic, corrected by the holidays
    /// and make-up days inside, so the whole date range counts at once.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let n = WorkingDays::of(self).between(day_number(from), day_number(to));
        u32::try_from(n).unwrap_or(u32::MAX)
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

/// Days since the common era (0001-01-01, a Monday, is 1).
fn day_number(day: NaiveDate) -> i64 {
    i64::from(day.num_days_from_ce())
}

/// Monday to Friday among days 1..=n (0 and negative `n` count back from the era).
fn weekdays_through(n: i64) -> i64 {
    n.div_euclid(7) * 5 + n.rem_euclid(7).min(5)
}

/// A calendar's exceptions to the weekday rule, as sorted day numbers: holidays on
/// weekdays (that are not also make-up days) and make-up days on weekends.
struct WorkingDays {
    weekday_holidays: Vec<i64>,
    weekend_makeups: Vec<i64>,
}

impl WorkingDays {
    fn of(cal: &BankCalendar) -> Self {
        let weekend = |d: &NaiveDate| matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let sorted = |mut v: Vec<i64>| {
            v.sort_unstable();
            v.dedup();
            v
        };
        Self {
            weekday_holidays: sorted(
                cal.holidays
                    .iter()
                    .filter(|d| !weekend(d) && !cal.makeup_workdays.contains(d))
                    .map(|d| day_number(*d))
                    .collect(),
            ),
            weekend_makeups: sorted(
                cal.makeup_workdays
                    .iter()
                    .filter(|d| weekend(d))
                    .map(|d| day_number(*d))
                    .collect(),
            ),
        }
    }

    /// Working days among day numbers `(from, to]`; 0 when `to` is not after `from`.
    fn between(&self, from: i64, to: i64) -> u64 {
        if to <= from {
            return 0;
        }
        let inside = |v: &[i64]| {
            (v.partition_point(|d| *d <= to) - v.partition_point(|d| *d <= from)) as i64
        };
        let n = weekdays_through(to) - weekdays_through(from) - inside(&self.weekday_holidays)
            + inside(&self.weekend_makeups);
        n.max(0) as u64
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

/// `day` plus `days`, or the last representable date when that is past it: a window or
/// a deadline reaching beyond the calendar runs to its end, it never wraps or panics.
pub fn saturating_add_days(day: NaiveDate, days: u32) -> NaiveDate {
    day.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

fn end_of(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default())
}

/// Internal deadline by severity (defaults: urgent 24 hours from receipt, major by the
/// end of the 3rd calendar day after receipt, general by the end of the 5th working
/// day after receipt), docs/rules.md, Complaints.
/// A deadline past the last representable date is that date.
pub fn internal_deadline(
    received_at: NaiveDateTime,
    severity: ComplaintSeverity,
    policy: &ComplaintPolicy,
    calendar: &BankCalendar,
) -> NaiveDateTime {
    match severity {
        ComplaintSeverity::Urgent => received_at
            .checked_add_signed(TimeDelta::hours(i64::from(policy.urgent_hours)))
            .unwrap_or(NaiveDateTime::MAX),
        ComplaintSeverity::Major => {
            end_of(saturating_add_days(received_at.date(), policy.major_days))
        }
        ComplaintSeverity::General => end_of(
            calendar
                .add_working_days(received_at.date(), policy.general_working_days)
                .unwrap_or(NaiveDate::MAX),
        ),
    }
}

/// The regulatory outer limit (2020 complaint-handling rules): 15 calendar days from
/// receipt, 30 for complex cases, plus at most 30 more with recorded senior approval and
/// notice to the customer (`extended`).
/// A deadline past the last representable date is that date.
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
    saturating_add_days(received_on, base.saturating_add(ext))
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
