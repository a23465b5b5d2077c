//! Degenerate dates never panic or hang: every scoring, care, contact, complaint-deadline
//! and calendar function over the whole range of `NaiveDate`, with the customer's own
//! dates near "today" and near both ends of the range.

use crate::calendar::{complaint_deadlines, BankCalendar, Complexity};
use crate::customer::{
    BookCustomer, ComplaintSeverity, ComplaintStatus, ComplaintSummary, MonthlyHistory, Survey,
};
use crate::policy::ScoringPolicy;
use crate::synth::shelf;
use crate::testkit::customer;
use crate::{care, contact, score_book, score_customer};
use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use proptest::prelude::*;

fn from_ce(days: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(days).expect("inside the range")
}

/// Any representable date, with the first and last thousand days weighted up.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    let (lo, hi) = (
        NaiveDate::MIN.num_days_from_ce(),
        NaiveDate::MAX.num_days_from_ce(),
    );
    prop_oneof![
        (lo..=hi).prop_map(from_ce),
        (lo..lo + 1_000).prop_map(from_ce),
        (hi - 1_000..=hi).prop_map(from_ce),
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
    ]
}

/// A date within a few years of `day`, clipped to the range.
fn near(day: NaiveDate, offset: i64) -> NaiveDate {
    let d = i64::from(day.num_days_from_ce()) + offset;
    let clipped = d.clamp(
        i64::from(NaiveDate::MIN.num_days_from_ce()),
        i64::from(NaiveDate::MAX.num_days_from_ce()),
    );
    from_ce(clipped as i32)
}

fn offset() -> impl Strategy<Value = i64> {
    -2_000i64..2_000
}

/// The worked-example customer with every date of theirs moved near `today`.
fn a_customer_near(today: NaiveDate) -> impl Strategy<Value = BookCustomer> {
    (
        proptest::collection::vec(offset(), 11),
        proptest::option::of(offset()),
        proptest::option::of(offset()),
    )
        .prop_map(move |(o, last, next)| {
            let mut c = customer();
            c.birth_date = near(today, o[0] * 20);
            c.since = near(today, o[1]);
            c.kyc_reviewed_on = near(today, o[2]);
            c.risk_assessed_on = Some(near(today, o[3]));
            c.last_contact_on = last.map(|d| near(today, d));
            c.next_contact_on = next.map(|d| near(today, d));
            c.holdings[0].opened_on = near(today, o[4]);
            c.holdings[0].matures_on = Some(near(today, o[5]));
            c.history = MonthlyHistory {
                first_month: near(today, o[6]).with_day(1).expect("day 1 exists"),
                ..c.history
            };
            c.surveys = vec![Survey {
                answered_on: near(today, o[7]),
                recommend: 3,
                overall: 2,
                ratings: Vec::new(),
            }];
            c.complaints = [o[8], o[9], o[10]]
                .map(|d| ComplaintSummary {
                    received_on: near(today, d),
                    severity: ComplaintSeverity::Major,
                    status: ComplaintStatus::Received,
                })
                .to_vec();
            c
        })
}

fn a_day_and_customer() -> impl Strategy<Value = (NaiveDate, BookCustomer)> {
    any_date().prop_flat_map(|today| (Just(today), a_customer_near(today)))
}

/// A calendar whose last representable day (and the days before it) are holidays: the
/// case that once looped forever.
fn holidays_to_the_end() -> BankCalendar {
    let mut cal = BankCalendar::default();
    cal.holidays
        .extend((0..10).map(|k| NaiveDate::MAX - Days::new(k)));
    cal
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn scoring_a_customer_and_a_book_never_panics_at_any_date((today, c) in a_day_and_customer()) {
        let policy = ScoringPolicy::default();
        let s = score_customer(&c, &policy, &shelf(), today);
        prop_assert!(s.churn.score <= 100);
        let book = score_book(std::slice::from_ref(&c), &policy, &shelf(), today);
        prop_assert_eq!(book.summary.customers, 1);
    }

    #[test]
    fn care_and_contact_never_panic_and_stay_on_or_after_today((today, c) in a_day_and_customer()) {
        let policy = ScoringPolicy::default();
        let care = care::score(&c, &policy, today);
        if let Some(b) = care.birthday_on {
            prop_assert!(b >= today);
        }
        let follow_up = contact::score(&c, &policy, today);
        prop_assert_eq!(follow_up.is_overdue(), today > follow_up.due_on);
    }

    #[test]
    fn complaint_deadlines_never_panic_and_never_come_before_receipt(
        day in any_date(),
        hour in 0u32..24,
        severity in prop_oneof![
            Just(ComplaintSeverity::Urgent),
            Just(ComplaintSeverity::Major),
            Just(ComplaintSeverity::General),
        ],
        complex in any::<bool>(),
        extended in any::<bool>(),
    ) {
        let received_at = day.and_time(NaiveTime::from_hms_opt(hour, 0, 0).expect("an hour"));
        let complexity = if complex { Complexity::Complex } else { Complexity::Standard };
        for calendar in [BankCalendar::default(), holidays_to_the_end()] {
            let d = complaint_deadlines(
                received_at,
                severity,
                complexity,
                extended,
                &ScoringPolicy::default().complaints,
                &calendar,
            );
            prop_assert!(d.internal >= received_at);
            prop_assert!(d.regulatory >= day);
        }
    }

    #[test]
    fn working_days_past_the_calendar_s_end_are_none_and_never_hang(
        start in any_date(),
        n in 0u32..400,
    ) {
        for calendar in [BankCalendar::default(), BankCalendar::weekends_only(), holidays_to_the_end()] {
            match calendar.add_working_days(start, n) {
                Some(end) => {
                    prop_assert!(end >= start);
                    prop_assert!(n == 0 || calendar.is_working_day(end));
                    prop_assert_eq!(calendar.working_days_between(start, end), n);
                }
                // Only near the end: n working days need fewer than 3n calendar days.
                None => prop_assert!(
                    (NaiveDate::MAX - start).num_days() < 3 * i64::from(n) + 20
                ),
            }
        }
    }
}

#[test]
fn the_last_date_on_a_holiday_ends_the_count_instead_of_looping() {
    let cal = holidays_to_the_end();
    let start = NaiveDate::MAX - Days::new(30);
    assert_eq!(cal.add_working_days(start, 100), None);
    assert_eq!(cal.add_working_days(NaiveDate::MAX, 1), None);
    assert_eq!(
        cal.add_working_days(NaiveDate::MAX, 0),
        Some(NaiveDate::MAX)
    );
    let weekday = |d: NaiveDate| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    let first = cal
        .add_working_days(start, 1)
        .expect("a working day within a month");
    assert!(weekday(first));
}

#[test]
fn deadlines_past_the_calendar_s_end_are_its_last_moment() {
    let received_at = NaiveDate::MAX.and_hms_opt(12, 0, 0).expect("noon");
    let policy = ScoringPolicy::default();
    for severity in [
        ComplaintSeverity::Urgent,
        ComplaintSeverity::Major,
        ComplaintSeverity::General,
    ] {
        let d = complaint_deadlines(
            received_at,
            severity,
            Complexity::Complex,
            true,
            &policy.complaints,
            &holidays_to_the_end(),
        );
        assert_eq!(d.regulatory, NaiveDate::MAX);
        assert_eq!(d.internal.date(), NaiveDate::MAX, "{severity:?}");
    }
}
