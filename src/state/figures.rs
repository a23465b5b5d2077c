//! Figures the dashboard screens show that `score_book` does not already give: the change
//! since last month, score distributions, the attributes to improve first and every RM's
//! book side by side. Plain functions over a [`BookIndex`], tested without a browser;
//! each is a fold of `clientbook_domain::figures`, the one the server runs over a scope
//! too big for the browser.

use crate::book_index::BookIndex;
use chrono::NaiveDate;
use clientbook_domain::satisfaction::{AttributeSummary, Quadrant};

pub use clientbook_domain::figures::{Distributions, MonthChange, RmBook, RmBooks};

/// The first month of the satisfaction trend window the book was scored with.
fn trend_first_month(ix: &BookIndex) -> NaiveDate {
    ix.summary()
        .satisfaction
        .months
        .first()
        .map(|m| m.month)
        .unwrap_or(ix.as_of())
}

/// Customers and AUM now vs the end of last month (`MonthChange::add` over the book, as
/// the server folds a big scope).
pub fn month_change(ix: &BookIndex) -> MonthChange {
    let mut change = MonthChange::default();
    for at in 0..ix.len() as u32 {
        change.add(ix.customer(at), ix.aum(at), ix.as_of());
    }
    change
}

/// How many answers gave each score over the surveys in the policy's trend window.
pub fn distributions(ix: &BookIndex) -> Distributions {
    let first = trend_first_month(ix);
    let mut d = Distributions::default();
    for c in &ix.book().customers {
        d.add(c, first, ix.as_of());
    }
    d
}

/// The attributes in the improve quadrant, most important first (then least satisfied).
pub fn improve_first(attributes: &[AttributeSummary]) -> Vec<AttributeSummary> {
    let mut out: Vec<AttributeSummary> = attributes
        .iter()
        .filter(|a| a.quadrant == Quadrant::Improve)
        .copied()
        .collect();
    out.sort_by(|a, b| {
        b.mean_importance
            .total_cmp(&a.mean_importance)
            .then(a.mean_satisfaction.total_cmp(&b.mean_satisfaction))
    });
    out
}

/// Every RM's book of the branch book, by RM id; the branch total last.
pub fn rm_books(ix: &BookIndex) -> (Vec<RmBook>, RmBook) {
    let first = trend_first_month(ix);
    let mut books = RmBooks::default();
    for at in 0..ix.len() as u32 {
        books.add(
            ix.customer(at),
            ix.scores(at),
            ix.policy(),
            first,
            ix.as_of(),
        );
    }
    books.finish()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::book_index::tests::{customer, index};
    use clientbook_domain::satisfaction::AttributeTally;
    use clientbook_domain::{ComplaintSeverity, ComplaintSummary, ServiceAttribute, Survey};
    use clientbook_domain::{ComplaintStatus, Money, UserId};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn last_months_figures_come_from_the_month_end_history() {
        let mut a = customer(1, "A", "1", 100_000);
        a.history.first_month = day(2025, 12, 1);
        a.history.aum_end = (0..12).map(|i| Money::from_yuan(90_000 + i)).collect();
        let mut b = customer(2, "B", "2", 50_000);
        b.since = day(2026, 11, 3);
        let ix = index(vec![a, b]);
        let ch = month_change(&ix);
        assert_eq!(ch.customers_now, 2);
        assert_eq!(
            ch.customers_before, 1,
            "the customer who joined this month is new"
        );
        // As of 2026-11-23 the history's index 10 is October.
        assert_eq!(ch.aum_before, Money::from_yuan(90_010));
        assert_eq!(ch.aum_delta(), Money::from_yuan(150_000 - 90_010));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn distributions_count_each_answer_in_the_window() {
        let mut a = customer(1, "A", "1", 100);
        let survey = |on, recommend, overall| Survey {
            answered_on: on,
            recommend,
            overall,
            ratings: vec![],
        };
        a.surveys = vec![
            survey(day(2026, 11, 1), 10, 5),
            survey(day(2026, 10, 1), 3, 2),
            survey(day(2020, 1, 1), 9, 4),
        ];
        let d = distributions(&index(vec![a]));
        assert_eq!(d.recommend[10], 1);
        assert_eq!(d.recommend[3], 1);
        assert_eq!(d.recommend[9], 0, "too old for the trend window");
        assert_eq!(d.overall, [0, 1, 0, 0, 1]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_most_important_poorly_rated_attribute_comes_first() {
        let a = |attribute, imp, sat, quadrant| AttributeSummary {
            attribute,
            tally: AttributeTally::default(),
            mean_satisfaction: sat,
            mean_importance: imp,
            quadrant,
        };
        let list = [
            a(ServiceAttribute::Fees, 4.0, 2.5, Quadrant::Improve),
            a(ServiceAttribute::WaitingTime, 4.6, 3.0, Quadrant::Improve),
            a(ServiceAttribute::Expertise, 4.8, 4.5, Quadrant::Strength),
        ];
        let first: Vec<_> = improve_first(&list).iter().map(|a| a.attribute).collect();
        assert_eq!(
            first,
            vec![ServiceAttribute::WaitingTime, ServiceAttribute::Fees]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn each_rm_gets_their_own_totals_and_the_branch_adds_them_up() {
        let mut a = customer(1, "A", "1", 100);
        a.rm_id = UserId(7);
        a.complaints = vec![ComplaintSummary {
            received_on: day(2026, 11, 1),
            severity: ComplaintSeverity::General,
            status: ComplaintStatus::Investigating,
        }];
        let mut b = customer(2, "B", "2", 200);
        b.rm_id = UserId(3);
        let c = customer(3, "C", "3", 300);
        let (rms, total) = rm_books(&index(vec![a, b, c]));
        let ids: Vec<i64> = rms.iter().map(|r| r.rm.0).collect();
        assert_eq!(ids, vec![1, 3, 7]);
        assert_eq!(rms[2].open_complaints, 1);
        assert_eq!(rms[0].aum, Money::from_yuan(300));
        assert_eq!(total.customers, 3);
        assert_eq!(total.aum, Money::from_yuan(600));
    }
}
