//! RFM scores 1–5 (docs/rules.md, RFM) for recency (days since the last month
//! with a transaction), frequency (transactions in 12 months) and monetary value
//! (margin in 12 months), with the bins of [`crate::policy::RfmPolicy`].

use crate::customer::BookCustomer;
use crate::history::{MonthEnds, Window};
use crate::money::Money;
use crate::policy::RfmPolicy;
use crate::policy::ScoringPolicy;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rfm {
    pub recency: u8,
    pub frequency: u8,
    pub monetary: u8,
}

impl Rfm {
    /// 3..=15
    pub fn total(self) -> u8 {
        self.recency + self.frequency + self.monetary
    }
}

fn ascending<T: PartialOrd>(v: T, cuts: &[T; 4]) -> u8 {
    1 + cuts.iter().filter(|c| v >= **c).count() as u8
}

pub(crate) fn bins(days: Option<u32>, frequency: u32, monetary: Money, p: &RfmPolicy) -> Rfm {
    let recency = match days {
        None => 1,
        Some(d) => 1 + p.recency_days.iter().filter(|c| d <= **c).count() as u8,
    };
    Rfm {
        recency,
        frequency: ascending(frequency, &p.frequency),
        monetary: ascending(monetary, &p.monetary),
    }
}

pub(crate) fn score_window(w: &Window<'_>, policy: &ScoringPolicy, today: NaiveDate) -> Rfm {
    score_window_with(w, policy, today, None)
}

/// [`score_window`] with the book's month ends worked out once ([`MonthEnds`], made for
/// the same `today`).
pub(crate) fn score_window_with(
    w: &Window<'_>,
    policy: &ScoringPolicy,
    today: NaiveDate,
    ends: Option<&MonthEnds>,
) -> Rfm {
    bins(
        w.days_since_last_transaction_with(today, ends),
        w.transactions(0, 12),
        w.annual_margin(),
        &policy.rfm,
    )
}

pub fn score(customer: &BookCustomer, policy: &ScoringPolicy, today: NaiveDate) -> Rfm {
    score_window(&Window::new(&customer.history, today), policy, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn each_bin_edge_moves_the_score_by_one() {
        let p = RfmPolicy::default();
        let y = Money::from_yuan;
        assert_eq!(
            bins(Some(0), 120, y(20_000), &p),
            Rfm {
                recency: 5,
                frequency: 5,
                monetary: 5
            }
        );
        assert_eq!(
            bins(Some(30), 119, y(19_999), &p),
            Rfm {
                recency: 5,
                frequency: 4,
                monetary: 4
            }
        );
        assert_eq!(
            bins(Some(31), 60, y(5_000), &p),
            Rfm {
                recency: 4,
                frequency: 4,
                monetary: 4
            }
        );
        assert_eq!(bins(Some(90), 24, y(1_000), &p).recency, 3);
        assert_eq!(
            bins(Some(180), 6, y(200), &p),
            Rfm {
                recency: 2,
                frequency: 2,
                monetary: 2
            }
        );
        assert_eq!(
            bins(Some(181), 5, y(199), &p),
            Rfm {
                recency: 1,
                frequency: 1,
                monetary: 1
            }
        );
        assert_eq!(bins(None, 0, Money::ZERO, &p).total(), 3);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn recency_counts_from_the_end_of_the_last_month_with_a_transaction() {
        let mut c = customer();
        c.history.transactions = vec![0; 12];
        c.history.transactions[7] = 1; // July 2026, ended 31 July: 115 days before 23 Nov.
        let r = score(&c, &ScoringPolicy::default(), today());
        assert_eq!(r.recency, 2);
        assert_eq!(r.frequency, 1);
        // 300 CNY a month = 3,600 a year: monetary 3.
        assert_eq!(r.monetary, 3);
    }
}
