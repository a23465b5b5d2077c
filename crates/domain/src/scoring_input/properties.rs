//! Scored from the columns == scored from the records: customer for customer, the
//! summary and the peer rates, under random days, windows and policies, into a fresh or
//! an earlier result, and for records whose history columns differ in length.

use super::*;
use crate::book::{rescore_book, score_book};
use crate::synth::{generate_book, SynthBook};
use crate::testkit::today;
use crate::Money;
use proptest::prelude::*;

fn any_book() -> impl Strategy<Value = SynthBook> {
    (0usize..120, any::<u64>()).prop_map(|(n, seed)| generate_book(n, seed, today()))
}

/// A policy with random windows and thresholds (each within what validation allows
/// or near it: the rules must agree whatever the figures).
fn any_policy() -> impl Strategy<Value = ScoringPolicy> {
    (
        proptest::collection::vec(0u32..120, 6),
        1u32..12,
        0u8..=10,
        0u32..100,
        0i64..2_000_000,
    )
        .prop_map(|(windows, churn_months, detractor, peer_gap, idle)| {
            let mut p = ScoringPolicy::default();
            p.care.birthday_days = windows[0];
            p.care.holiday_days = windows[1];
            p.care.maturity_days = windows[2];
            p.care.questionnaire_warning_days = windows[3];
            p.recommend.maturity_days = windows[4];
            p.churn.maturing_days = windows[5];
            p.churn.window_months = churn_months;
            p.churn.detractor_max = detractor;
            p.recommend.peer_gap_min_percent = peer_gap;
            p.recommend.idle_demand_min = Money::from_yuan(idle);
            p.needs.idle_demand_min = Money::from_yuan(idle);
            p
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_book_scored_from_its_columns_equals_it_scored_from_its_records(
        b in any_book(),
        days in prop_oneof![3 => -5i64..5, 1 => -400i64..400],
        policy in any_policy(),
    ) {
        let day = today() + chrono::Duration::days(days);
        let input = ScoringInput::new(&b.customers);
        prop_assert_eq!(input.len(), b.customers.len());
        for p in [ScoringPolicy::default(), policy] {
            let from_records = score_book(&b.customers, &p, &b.shelf, day);
            let from_columns = score_input(&input, &p, &b.shelf, day);
            // Customer for customer first (a failure names the customer), then the lot.
            for (r, c) in from_records.customers.iter().zip(&from_columns.customers) {
                prop_assert_eq!(r, c);
            }
            prop_assert_eq!(from_records, from_columns);
        }
    }

    #[test]
    fn rescoring_the_columns_into_an_earlier_result_equals_rescoring_the_records(
        b in any_book(),
        earlier in any_book(),
        days in -400i64..400,
        policy in any_policy(),
    ) {
        let day = today() + chrono::Duration::days(days);
        let input = ScoringInput::new(&b.customers);
        let p0 = ScoringPolicy::default();
        let mut from_records = score_book(&earlier.customers, &p0, &earlier.shelf, today());
        let mut from_columns = from_records.clone();
        rescore_book(&mut from_records, &b.customers, &policy, &b.shelf, day);
        rescore_input(&mut from_columns, &input, &policy, &b.shelf, day);
        prop_assert_eq!(from_records, from_columns);
    }

    #[test]
    fn history_columns_of_unequal_length_score_as_the_record_does(
        b in any_book(),
        cuts in proptest::collection::vec((0usize..6, 0usize..14), 0..40),
    ) {
        let mut customers = b.customers.clone();
        let n = customers.len();
        for (k, (column, len)) in cuts.into_iter().enumerate() {
            if n == 0 {
                break;
            }
            let h = &mut customers[k * 7 % n].history;
            match column {
                0 => h.transactions.resize(len, 3),
                1 => h.logins.resize(len, 1),
                2 => h.inflow.resize(len, Money::from_yuan(5)),
                3 => h.outflow.resize(len, Money::from_yuan(7)),
                4 => h.aum_end.resize(len, Money::from_yuan(900)),
                _ => h.margin.resize(len, Money::from_yuan(2)),
            }
        }
        let p = ScoringPolicy::default();
        prop_assert_eq!(
            score_input(&ScoringInput::new(&customers), &p, &b.shelf, today()),
            score_book(&customers, &p, &b.shelf, today())
        );
    }
}

#[test]
fn an_empty_book_scores_from_its_columns_as_from_its_records() {
    let p = ScoringPolicy::default();
    let input = ScoringInput::new(&[]);
    assert!(input.is_empty());
    assert_eq!(
        score_input(&input, &p, &[], today()),
        score_book(&[], &p, &[], today())
    );
}
