//! The book's summary folded customer by customer ([`SummaryFold`]): what
//! [`crate::book::summarize`] computes over a whole book in memory, and what the server
//! computes over a scope too big for the browser, one batch at a time (docs/rules.md,
//! Big scopes). One implementation: `summarize` is this fold over every customer.
//!
//! What a fold keeps is bounded by what it answers, not by the scope: the counts, the
//! satisfaction tallies, the retention candidates (at most twice the list's size between
//! prunings), the care list when asked to keep only the soonest, and one integer of
//! deposits per customer for the concentration curve (which needs the whole ordering).

use crate::book::{concentration, BookSummary, CareCounts, CareEntry, CareItem, RetentionEntry};
use crate::care::QuestionnaireStatus;
use crate::churn::ChurnBand;
use crate::customer::{BookCustomer, Survey};
use crate::money::Money;
use crate::policy::ScoringPolicy;
use crate::satisfaction::SatisfactionAccumulator;
use crate::scores::CustomerScores;
use chrono::{Datelike, NaiveDate};
use std::cmp::Ordering;

/// The retention list's order: highest churn risk × AUM first, then book position.
fn retention_order(a: &RetentionEntry, b: &RetentionEntry) -> Ordering {
    let weight = |r: &RetentionEntry| i128::from(r.churn_score) * i128::from(r.aum.fen().max(0));
    weight(b).cmp(&weight(a)).then(a.index.cmp(&b.index))
}

/// The care list's order: soonest first, then book position, then the order the items
/// were found in (a customer may have two items on one day).
fn care_order(a: &(u64, CareEntry), b: &(u64, CareEntry)) -> Ordering {
    a.1.item
        .date()
        .cmp(&b.1.item.date())
        .then(a.1.index.cmp(&b.1.index))
        .then(a.0.cmp(&b.0))
}

/// The whole care list in [`care_order`], from the items in the order they were found
/// (book position, then finding order): that order is the tie-break, so a stable sort
/// by date alone gives it. Dates span a few years at most, so counting the items per day
/// sorts in linear time (a book of 100,000 customers has about as many items); a span
/// much wider than the list falls back to a comparison sort.
fn soonest_first(found: Vec<(u64, CareEntry)>) -> Vec<CareEntry> {
    debug_assert!(found.windows(2).all(|w| w[0].0 < w[1].0));
    let day = |e: &CareEntry| i64::from(e.item.date().num_days_from_ce());
    let (Some(lo), Some(hi)) = (
        found.iter().map(|(_, e)| day(e)).min(),
        found.iter().map(|(_, e)| day(e)).max(),
    ) else {
        return Vec::new();
    };
    let span = (hi - lo + 1) as usize;
    if span > 4 * found.len() + 1024 {
        // By date, then finding order: the keys are unique, so an unstable sort gives
        // the stable sort's list without its buffer (a few percent of a 1k book's time).
        let mut found = found;
        found.sort_unstable_by_key(|(i, e)| (e.item.date(), *i));
        return found.into_iter().map(|(_, e)| e).collect();
    }
    // starts[d]: where the items of day lo + d begin in the sorted list.
    let mut starts = vec![0usize; span + 1];
    for (_, e) in &found {
        starts[(day(e) - lo) as usize + 1] += 1;
    }
    for d in 1..=span {
        starts[d] += starts[d - 1];
    }
    let mut list = vec![found[0].1; found.len()];
    for (_, e) in found {
        let at = &mut starts[(day(&e) - lo) as usize];
        list[*at] = e;
        *at += 1;
    }
    list
}

/// Keep the first `n` of `list` in `order` (the rest are dropped, the kept ones are not
/// sorted yet).
fn keep_first<T>(list: &mut Vec<T>, n: usize, order: impl FnMut(&T, &T) -> Ordering) {
    if n == 0 {
        list.clear();
    } else if list.len() > n {
        list.select_nth_unstable_by(n - 1, order);
        list.truncate(n);
    }
}

/// A book summary folded one scored customer at a time, in book order.
#[derive(Clone, Debug)]
pub struct SummaryFold<'p> {
    policy: &'p ScoringPolicy,
    s: BookSummary,
    sat: SatisfactionAccumulator,
    retention: Vec<RetentionEntry>,
    care: Vec<(u64, CareEntry)>,
    care_found: u64,
    /// Keep only the soonest this many care items (`None`: all of them).
    care_kept: Option<usize>,
    deposits: Vec<Money>,
}

impl<'p> SummaryFold<'p> {
    pub fn new(policy: &'p ScoringPolicy, today: NaiveDate) -> Self {
        SummaryFold {
            policy,
            s: BookSummary {
                as_of: today,
                customers: 0,
                aum: Money::ZERO,
                deposits: Money::ZERO,
                clv: Money::ZERO,
                by_tier: Default::default(),
                by_value_class: Default::default(),
                by_churn_band: Default::default(),
                by_activity: Default::default(),
                by_lifecycle: Default::default(),
                overdue_contacts: 0,
                satisfaction: SatisfactionAccumulator::new(&policy.satisfaction, today).finish(),
                concentration: concentration(std::iter::empty(), &[]),
                retention: Vec::new(),
                care_today: Vec::new(),
                care_counts: CareCounts::default(),
            },
            sat: SatisfactionAccumulator::new(&policy.satisfaction, today),
            retention: Vec::new(),
            care: Vec::new(),
            care_found: 0,
            care_kept: None,
            deposits: Vec::new(),
        }
    }

    /// Room for `n` customers (the concentration curve keeps one figure per customer):
    /// a book's size is known before it is folded.
    pub fn expecting(mut self, n: usize) -> Self {
        self.deposits.reserve(n);
        self
    }

    /// Keep only the soonest `n` care items (a scope of a million customers has far
    /// more than a screen can list); the first `n` of the whole list are the same.
    pub fn keeping_care(mut self, n: usize) -> Self {
        self.care_kept = Some(n);
        self
    }

    /// The first month of the satisfaction trend window.
    pub fn trend_first_month(&self) -> NaiveDate {
        self.sat.first_month()
    }

    /// Count the next customer of the book (`c` scored as `sc`); its position in the
    /// book is the number of customers counted before it.
    pub fn add(&mut self, c: &BookCustomer, sc: &CustomerScores) {
        self.add_surveyed(&c.surveys, sc);
    }

    /// [`Self::add`] with only what the fold reads of the customer: their surveys (a
    /// book's columns keep them apart from the record, [`crate::scoring_input`]).
    pub fn add_surveyed(&mut self, surveys: &[Survey], sc: &CustomerScores) {
        let s = &mut self.s;
        let index = s.customers;
        s.customers += 1;
        s.aum += sc.aum;
        s.deposits += sc.deposits;
        s.clv += sc.clv.value;
        s.by_tier[sc.tier as usize].add(sc.aum);
        s.by_value_class[sc.value_class as usize].add(sc.aum);
        s.by_churn_band[sc.churn.band as usize].add(sc.aum);
        s.by_activity[sc.activity.class as usize].add(sc.aum);
        s.by_lifecycle[sc.lifecycle as usize].add(sc.aum);
        self.deposits.push(sc.deposits);
        for survey in surveys {
            self.sat.add(survey);
        }
        if sc.churn.band == ChurnBand::High {
            self.retention.push(RetentionEntry {
                customer: sc.id,
                index,
                churn_score: sc.churn.score,
                aum: sc.aum,
                clv: sc.clv.value,
                action: sc.churn.action,
            });
            let n = self.policy.retention.list_size as usize;
            if n > 0 && self.retention.len() >= 2 * n {
                keep_first(&mut self.retention, n, retention_order);
            }
        }
        let (care, found, counts) = (&mut self.care, &mut self.care_found, &mut s.care_counts);
        let mut push = |item: CareItem| {
            counts.add(&item);
            care.push((
                *found,
                CareEntry {
                    customer: sc.id,
                    index,
                    item,
                },
            ));
            *found += 1;
        };
        if let Some(on) = sc.care.birthday_on {
            push(CareItem::Birthday { on });
        }
        for h in &sc.care.holidays {
            push(CareItem::Holiday {
                on: h.on,
                occasion: h.occasion,
            });
        }
        for m in &sc.care.maturities {
            push(CareItem::Maturity {
                on: m.matures_on,
                product_id: m.product_id,
                amount: m.balance,
            });
        }
        match sc.care.questionnaire {
            QuestionnaireStatus::ExpiringSoon { expires_on } => {
                push(CareItem::QuestionnaireExpiring { on: expires_on })
            }
            QuestionnaireStatus::Expired { expired_on } => {
                push(CareItem::QuestionnaireExpired { on: expired_on })
            }
            _ => {}
        }
        if sc.contact.is_overdue() {
            s.overdue_contacts += 1;
            push(CareItem::ContactOverdue {
                due_on: sc.contact.due_on,
                days: sc.contact.overdue_days,
                never_contacted: sc.contact.last_contact_on.is_none(),
            });
        }
        if let Some(n) = self.care_kept {
            if self.care.len() >= 2 * n.max(1) {
                keep_first(&mut self.care, n, care_order);
            }
        }
    }

    pub fn finish(self) -> BookSummary {
        let mut s = self.s;
        let mut retention = self.retention;
        let n = self.policy.retention.list_size as usize;
        if n > 0 {
            keep_first(&mut retention, n, retention_order);
        }
        retention.sort_unstable_by(retention_order);
        s.retention = retention;
        let mut care = self.care;
        s.care_today = if let Some(n) = self.care_kept {
            keep_first(&mut care, n, care_order);
            care.sort_unstable_by(care_order);
            care.into_iter().map(|(_, e)| e).collect()
        } else {
            soonest_first(care)
        };
        s.satisfaction = self.sat.finish();
        s.concentration = concentration(
            self.deposits.into_iter(),
            &self.policy.concentration.top_percents,
        );
        s
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::customer::CustomerId;
    use chrono::Days;
    use proptest::prelude::*;

    /// Care items as a fold finds them: book positions rising, found in order, on dates
    /// within `span` days (narrow: counted per day; wide: the comparison sort).
    fn any_found() -> impl Strategy<Value = Vec<(u64, CareEntry)>> {
        prop_oneof![Just(40u64), Just(4_000), Just(3_000_000)].prop_flat_map(|span| {
            proptest::collection::vec((0u32..3, 0..span), 0..300).prop_map(|items| {
                let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
                let mut index = 0;
                items
                    .into_iter()
                    .zip(0u64..)
                    .map(|((step, day), found)| {
                        index += step;
                        let on = start + Days::new(day);
                        let item = if step == 0 {
                            CareItem::Birthday { on }
                        } else {
                            CareItem::QuestionnaireExpired { on }
                        };
                        let customer = CustomerId(i64::from(index));
                        (
                            found,
                            CareEntry {
                                customer,
                                index,
                                item,
                            },
                        )
                    })
                    .collect()
            })
        })
    }

    proptest! {
        #[test]
        fn the_care_list_counted_per_day_is_the_one_sorted_by_date_position_and_finding(
            found in any_found()
        ) {
            let mut sorted = found.clone();
            sorted.sort_unstable_by(care_order);
            let sorted: Vec<CareEntry> = sorted.into_iter().map(|(_, e)| e).collect();
            prop_assert_eq!(soonest_first(found), sorted);
        }
    }
}
