//! What one column predicts of another, so that the book carries only the difference:
//! each function here is used alike by the encoder (value − prediction) and the decoder
//! (prediction + difference), in wrapping arithmetic so that any `i64` comes back.

use crate::customer::Holding;
use chrono::{Datelike, Months, NaiveDate};

/// `s` cut just after its last `*` (`("", s)` when it has none).
pub(super) fn split_mask(s: &str) -> (&str, &str) {
    s.rfind('*').map_or(("", s), |at| s.split_at(at + 1))
}

/// What the month's flows predict for its outflow, in fen: the inflow less the change in
/// AUM over the month (AUM moves by the net flow, and by market moves that the residual
/// carries). `delta` is 0 for the window's first month.
pub(super) fn predicted_outflow(inflow: i64, delta: i64) -> i64 {
    inflow.wrapping_sub(delta)
}

/// The month's inflow less the AUM it added (`delta` when positive): the turnover, the
/// smaller part of the flows.
pub(super) fn turnover(inflow: i64, delta: i64) -> i64 {
    inflow.wrapping_sub(delta.max(0))
}

/// The customer's AUM from what they hold (assets only, as [`BookCustomer::aum`], but
/// wrapping): what the last month's `aum_end` is expected to be.
pub(super) fn held_aum(holdings: &[Holding]) -> i64 {
    holdings
        .iter()
        .filter(|h| h.family.is_asset())
        .fold(0i64, |sum, h| sum.wrapping_add(h.balance.fen()))
}

/// What last month's margin predicts for this month's: the same share of AUM (margin
/// follows the assets it is earned on). `prev_margin` alone when there was no AUM, or
/// when the product does not fit in an `i64`.
pub(super) fn predicted_margin(prev_margin: i64, prev_aum: i64, aum: i64) -> i64 {
    if prev_aum == 0 {
        return prev_margin;
    }
    let p = i128::from(prev_margin) * i128::from(aum) / i128::from(prev_aum);
    i64::try_from(p).unwrap_or(prev_margin)
}

/// A maturity as whole months and days after the opening (a 3-year deposit is 36
/// months and 0 days, whatever the leap years): `None` when it falls before the opening
/// or past what a date can hold.
pub(super) fn term(opened: NaiveDate, matures: NaiveDate) -> Option<(u32, u64)> {
    if matures < opened {
        return None;
    }
    let months =
        (matures.year() - opened.year()) * 12 + matures.month() as i32 - opened.month() as i32;
    let mut months = u32::try_from(months).ok()?;
    loop {
        let end = opened.checked_add_months(Months::new(months))?;
        if end <= matures {
            let days = u64::try_from((matures - end).num_days()).ok()?;
            return Some((months, days));
        }
        months = months.checked_sub(1)?;
    }
}

/// [`term`] undone.
pub(super) fn maturity(opened: NaiveDate, months: u32, days: u64) -> Option<NaiveDate> {
    opened
        .checked_add_months(Months::new(months))?
        .checked_add_days(chrono::Days::new(days))
}
