//! Figures the dashboard screens show that `score_book` does not already give: the change
//! since last month, score distributions, the attributes to improve first and every RM's
//! book side by side. Plain functions over a [`BookIndex`], tested without a browser.

use crate::book_index::BookIndex;
use chrono::{Datelike, NaiveDate};
use clientbook_domain::satisfaction::{AttributeSummary, Quadrant, SatisfactionTally};
use clientbook_domain::{ComplaintStatus, Money, UserId};
use std::collections::BTreeMap;

/// The book now and at the end of last month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthChange {
    pub customers_now: u32,
    pub customers_before: u32,
    pub aum_now: Money,
    pub aum_before: Money,
}

impl MonthChange {
    pub fn customers_delta(&self) -> i64 {
        i64::from(self.customers_now) - i64::from(self.customers_before)
    }

    pub fn aum_delta(&self) -> Money {
        self.aum_now - self.aum_before
    }
}

fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month0())
        - i64::from(from.month0())
}

/// Customers and AUM now vs the end of last month: last month's AUM from each customer's
/// month-end history; last month's customers are those whose relationship began before
/// this month.
pub fn month_change(ix: &BookIndex) -> MonthChange {
    let today = ix.as_of();
    let this_month = today.with_day(1).unwrap_or(today);
    let mut before = MonthChange {
        customers_now: ix.len() as u32,
        customers_before: 0,
        aum_now: ix.summary().aum,
        aum_before: Money::ZERO,
    };
    for c in &ix.book().customers {
        if c.since < this_month {
            before.customers_before += 1;
        }
        let h = &c.history;
        let at = months_between(h.first_month, today) - 1;
        if let Some(aum) = usize::try_from(at).ok().and_then(|i| h.aum_end.get(i)) {
            before.aum_before += *aum;
        }
    }
    before
}

/// How many answers gave each score: recommend 0–10 and overall 1–5 (index 0 is 1),
/// over the surveys in the policy's trend window.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Distributions {
    pub recommend: [u32; 11],
    pub overall: [u32; 5],
}

pub fn distributions(ix: &BookIndex) -> Distributions {
    let first = ix
        .summary()
        .satisfaction
        .months
        .first()
        .map(|m| m.month)
        .unwrap_or(ix.as_of());
    let mut d = Distributions::default();
    for c in &ix.book().customers {
        for s in &c.surveys {
            if s.answered_on < first || s.answered_on > ix.as_of() {
                continue;
            }
            if let Some(slot) = d.recommend.get_mut(usize::from(s.recommend)) {
                *slot += 1;
            }
            if (1..=5).contains(&s.overall) {
                d.overall[usize::from(s.overall - 1)] += 1;
            }
        }
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

/// One RM's book in the branch view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RmBook {
    pub rm: UserId,
    pub customers: u32,
    pub aum: Money,
    pub satisfaction: SatisfactionTally,
    pub overdue: u32,
    pub open_complaints: u32,
}

impl RmBook {
    pub fn empty(rm: UserId) -> RmBook {
        RmBook {
            rm,
            customers: 0,
            aum: Money::ZERO,
            satisfaction: SatisfactionTally::default(),
            overdue: 0,
            open_complaints: 0,
        }
    }
}

/// Every RM's book of the branch book, by RM id; the branch total last.
pub fn rm_books(ix: &BookIndex) -> (Vec<RmBook>, RmBook) {
    let policy = &ix.policy().satisfaction;
    let first = ix
        .summary()
        .satisfaction
        .months
        .first()
        .map(|m| m.month)
        .unwrap_or(ix.as_of());
    let mut by_rm: BTreeMap<UserId, RmBook> = BTreeMap::new();
    for at in 0..ix.len() as u32 {
        let c = ix.customer(at);
        let s = ix.scores(at);
        let b = by_rm
            .entry(c.rm_id)
            .or_insert_with(|| RmBook::empty(c.rm_id));
        b.customers += 1;
        b.aum += s.aum;
        b.overdue += u32::from(s.contact.is_overdue());
        b.open_complaints += c
            .complaints
            .iter()
            .filter(|k| k.status != ComplaintStatus::Closed)
            .count() as u32;
        for survey in &c.surveys {
            if survey.answered_on >= first && survey.answered_on <= ix.as_of() {
                b.satisfaction.add(survey, policy);
            }
        }
    }
    let rms: Vec<RmBook> = by_rm.into_values().collect();
    let mut total = RmBook::empty(UserId(0));
    for b in &rms {
        total.customers += b.customers;
        total.aum += b.aum;
        total.overdue += b.overdue;
        total.open_complaints += b.open_complaints;
        total.satisfaction.merge(&b.satisfaction);
    }
    (rms, total)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::book_index::tests::{customer, index};
    use clientbook_domain::satisfaction::AttributeTally;
    use clientbook_domain::{ComplaintSeverity, ComplaintSummary, ServiceAttribute, Survey};
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
