//! Windows over a customer's column-wise monthly history, anchored at the month that
//! contains "today". Months missing from the data count as zero.

use crate::customer::MonthlyHistory;
use crate::money::Money;
use crate::scoring_input::HistoryView;
use chrono::{Datelike, Months, NaiveDate};

/// `a × x` against `b × y`, exactly: in 64 bits when both products fit (any real
/// balance), in 128 otherwise. The rules compare percentages by cross-multiplying, and
/// wasm has no 128-bit multiply (each is a library call, on every customer).
pub(crate) fn cmp_products(a: i64, x: i64, b: i64, y: i64) -> std::cmp::Ordering {
    match (a.checked_mul(x), b.checked_mul(y)) {
        (Some(l), Some(r)) => l.cmp(&r),
        _ => (i128::from(a) * i128::from(x)).cmp(&(i128::from(b) * i128::from(y))),
    }
}

/// Months from `from`'s month to `to`'s month (negative when `to` is earlier).
pub(crate) fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month0())
        - i64::from(from.month0())
}

/// Days from the end of each of the last months to today (index: how many months before
/// today's month; 0 unused), worked out once per book ([`crate::scorer::Scorer`]): the
/// day a customer last transacted depends only on how many months ago that was, so a
/// book's customers need no date arithmetic of their own for it.
#[derive(Clone, Debug)]
pub(crate) struct MonthEnds {
    days: [u32; 37],
}

impl MonthEnds {
    pub fn new(today: NaiveDate) -> Self {
        let mut days = [u32::MAX; 37];
        let first = today.with_day(1);
        for (m, d) in days.iter_mut().enumerate().skip(1) {
            // The last day of the month `m` months ago: the day before the first of the
            // month after it. `u32::MAX` where the calendar ends (never a day count here).
            let end = first
                .and_then(|f| f.checked_sub_months(Months::new(m as u32 - 1)))
                .and_then(|f| f.pred_opt());
            if let Some(end) = end {
                *d = (today - end).num_days().max(0) as u32;
            }
        }
        Self { days }
    }
}

/// The history seen from today's month.
#[derive(Clone, Copy)]
pub(crate) struct Window<'a> {
    pub h: HistoryView<'a>,
    /// One past the index of today's month.
    end: i64,
}

impl<'a> Window<'a> {
    pub fn new(h: &'a MonthlyHistory, today: NaiveDate) -> Self {
        Self::of(h.view(), today)
    }

    /// The window over a borrowed history (a record's or a book's columns).
    pub fn of(h: HistoryView<'a>, today: NaiveDate) -> Self {
        Self {
            h,
            end: months_between(h.first_month, today) + 1,
        }
    }

    /// Index range of the `len` months ending `back` months before today's month
    /// (`back = 0`: today's month is the last one), clipped to the data.
    fn range(&self, n: usize, back: u32, len: u32) -> (usize, usize) {
        let hi = (self.end - i64::from(back)).clamp(0, n as i64);
        let lo = (self.end - i64::from(back) - i64::from(len)).clamp(0, n as i64);
        (lo as usize, hi as usize)
    }

    /// How many of those months the data covers.
    pub fn covered(&self, back: u32, len: u32) -> u32 {
        let (lo, hi) = self.range(self.h.len(), back, len);
        (hi - lo) as u32
    }

    pub fn sum_u32(&self, v: &[u32], back: u32, len: u32) -> u32 {
        let (lo, hi) = self.range(v.len(), back, len);
        v[lo..hi].iter().fold(0u32, |a, b| a.saturating_add(*b))
    }

    pub fn sum_money(&self, v: &[Money], back: u32, len: u32) -> Money {
        let (lo, hi) = self.range(v.len(), back, len);
        v[lo..hi].iter().sum()
    }

    pub fn transactions(&self, back: u32, len: u32) -> u32 {
        self.sum_u32(self.h.transactions, back, len)
    }

    pub fn logins(&self, back: u32, len: u32) -> u32 {
        self.sum_u32(self.h.logins, back, len)
    }

    /// AUM at the end of the month `months_ago` months before today's month.
    pub fn aum_end(&self, months_ago: u32) -> Option<Money> {
        let i = self.end - 1 - i64::from(months_ago);
        if i < 0 {
            return None;
        }
        self.h.aum_end.get(i as usize).copied()
    }

    /// Margin over the last 12 months, annualised when fewer months are known.
    pub fn annual_margin(&self) -> Money {
        let covered = self.covered(0, 12);
        if covered == 0 {
            return Money::ZERO;
        }
        let sum = self.sum_money(self.h.margin, 0, 12);
        if covered == 12 {
            sum
        } else {
            Money::from_fen(sum.fen().saturating_mul(12) / i64::from(covered))
        }
    }

    /// Days from the end of the last month with a transaction to today (0 when it is
    /// today's month); `None` when no month had one. With `ends` (made for the same
    /// `today`), the last months' ends are looked up there instead of worked out.
    pub(crate) fn days_since_last_transaction_with(
        &self,
        today: NaiveDate,
        ends: Option<&MonthEnds>,
    ) -> Option<u32> {
        let (lo, hi) = self.range(self.h.transactions.len(), 0, u32::MAX / 2);
        let i = (lo..hi).rev().find(|i| self.h.transactions[*i] > 0)?;
        let months_ago = self.end - 1 - i as i64;
        if months_ago <= 0 {
            return Some(0);
        }
        if let Some(&d) = ends.and_then(|e| e.days.get(months_ago as usize)) {
            if d != u32::MAX {
                return Some(d);
            }
        }
        let month_end = self
            .h
            .first_month
            .with_day(1)?
            .checked_add_months(Months::new(i as u32 + 1))?
            .pred_opt()?;
        Some((today - month_end).num_days().max(0) as u32)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::cmp_products;
    use proptest::prelude::*;

    fn wide(a: i64, x: i64, b: i64, y: i64) -> std::cmp::Ordering {
        (i128::from(a) * i128::from(x)).cmp(&(i128::from(b) * i128::from(y)))
    }

    proptest! {
        /// The table of month ends gives the day count the date arithmetic gives, for
        /// histories starting before, at and after today's month, short and long.
        #[test]
        fn the_month_ends_table_gives_the_days_worked_out_one_by_one(
            today in 0i32..40_000, start in -60i32..14, months in 0usize..60,
            active in proptest::collection::vec(any::<bool>(), 60),
        ) {
            use crate::customer::MonthlyHistory;
            use chrono::{Datelike, Days, Months, NaiveDate};
            let today = NaiveDate::from_ymd_opt(1990, 1, 1)
                .and_then(|d| d.checked_add_days(Days::new(today as u64)))
                .unwrap_or_default();
            let first = today.with_day(1).and_then(|f| if start < 0 {
                f.checked_sub_months(Months::new(start.unsigned_abs()))
            } else {
                f.checked_add_months(Months::new(start as u32))
            }).unwrap_or_default();
            let h = MonthlyHistory {
                first_month: first,
                transactions: active[..months].iter().map(|a| u32::from(*a)).collect(),
                ..MonthlyHistory::default()
            };
            let w = super::Window::new(&h, today);
            let ends = super::MonthEnds::new(today);
            prop_assert_eq!(
                w.days_since_last_transaction_with(today, Some(&ends)),
                w.days_since_last_transaction_with(today, None)
            );
        }

        #[test]
        fn products_compare_as_in_128_bits_whether_or_not_they_fit_in_64(
            a in any::<i64>(), x in any::<i64>(), b in any::<i64>(), y in any::<i64>(),
            small in -1_000_000i64..1_000_000,
        ) {
            prop_assert_eq!(cmp_products(a, x, b, y), wide(a, x, b, y));
            prop_assert_eq!(cmp_products(a, 100, small, y), wide(a, 100, small, y));
            prop_assert_eq!(cmp_products(small, 100, b, 30), wide(small, 100, b, 30));
        }
    }

    #[test]
    fn products_at_the_edges_of_64_bits_compare_exactly() {
        for (a, x, b, y) in [
            (i64::MAX, 100, i64::MAX, 99),
            (i64::MIN, 100, i64::MIN, 100),
            (i64::MAX / 100, 100, i64::MAX / 100 + 1, 100),
            (-1, i64::MIN, 1, i64::MAX),
        ] {
            assert_eq!(
                cmp_products(a, x, b, y),
                wide(a, x, b, y),
                "{a} {x} {b} {y}"
            );
        }
    }
}
