//! The monthly history of a set of customers, read as one row per customer.
//!
//! The database joins a customer's months into one text (`string_agg`), which is parsed
//! here. Row by row, a book of 600 customers was 7,200 rows; on SQLite each one is a
//! message from the connection's own thread (sqlx runs SQLite there) and a decoded row of
//! eight named columns. Joined, it is 600.

use super::filter::Filter;
use super::{col, parse_date};
use crate::error::AppError;
use chrono::{Datelike, Months, NaiveDate};
use clientbook_domain::{BookCustomer, Money, MonthlyHistory};
use futures_util::TryStreamExt;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// Between two fields of a month, and between two months, in the joined text. Neither
/// occurs in an ISO date nor in an integer.
const FIELD: char = ',';
const MONTH: char = ';';

/// Fills `customers`' history: a window of `months` months ending with `as_of`'s month,
/// zero-filled where no row exists (AUM carried forward, since a balance does not vanish
/// with a missing row). `index` maps a customer's id to its place in `customers`.
pub(super) async fn read_history(
    conn: &mut AnyConnection,
    filter: &Filter,
    customers: &mut [BookCustomer],
    index: &HashMap<i64, usize>,
    as_of: NaiveDate,
    months: u32,
) -> Result<(), AppError> {
    let first = month_start(as_of, months - 1);
    let n = months as usize;
    for c in customers.iter_mut() {
        c.history = MonthlyHistory {
            first_month: first,
            transactions: vec![0; n],
            logins: vec![0; n],
            inflow: vec![Money::ZERO; n],
            outflow: vec![Money::ZERO; n],
            aum_end: vec![Money::ZERO; n],
            margin: vec![Money::ZERO; n],
        };
    }
    // `string_agg` on both: PostgreSQL's, and SQLite's name for `group_concat` with a
    // separator since 3.44 (sqlx bundles a newer SQLite).
    let sql = format!(
        "SELECT m.customer_id, string_agg(m.month || '{FIELD}' || m.transactions || '{FIELD}' || m.logins \
         || '{FIELD}' || m.inflow || '{FIELD}' || m.outflow || '{FIELD}' || m.aum_end || '{FIELD}' || m.margin, '{MONTH}') AS months \
         FROM monthly_history m JOIN customers c ON c.id = m.customer_id \
         WHERE {} AND m.month >= ${} AND m.month <= ${} GROUP BY m.customer_id",
        filter.sql,
        filter.next(),
        filter.next() + 1
    );
    let (first_text, last_text) = (first.to_string(), month_start(as_of, 0).to_string());
    let mut seen = vec![false; n];
    let mut rows = filter
        .query(&sql)
        .bind(&first_text)
        .bind(&last_text)
        .fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        let Some(&i) = index.get(&col::<i64>(&row, "customer_id")?) else {
            continue;
        };
        let joined: String = col(&row, "months")?;
        let h = &mut customers[i].history;
        seen.fill(false);
        for text in joined.split(MONTH) {
            let month = parse_month(text)?;
            let k = (month.date.year() - first.year()) * 12 + month.date.month() as i32
                - first.month() as i32;
            let Ok(k) = usize::try_from(k) else { continue };
            if k >= n {
                continue;
            }
            h.transactions[k] = month.transactions;
            h.logins[k] = month.logins;
            h.inflow[k] = month.inflow;
            h.outflow[k] = month.outflow;
            h.aum_end[k] = month.aum_end;
            h.margin[k] = month.margin;
            seen[k] = true;
        }
        for (k, seen) in seen.iter().enumerate().skip(1) {
            if !seen {
                h.aum_end[k] = h.aum_end[k - 1];
            }
        }
    }
    drop(rows);
    // A customer without any row in the window: every month zero, which carrying AUM
    // forward leaves as it is.
    Ok(())
}

/// First day of the month `months_back` before `date`'s month.
pub fn month_start(date: NaiveDate, months_back: u32) -> NaiveDate {
    let first = date.with_day(1).expect("day 1 exists");
    first - Months::new(months_back)
}

/// One month of one customer, as stored.
#[derive(Debug, PartialEq, Eq)]
struct StoredMonth {
    date: NaiveDate,
    transactions: u32,
    logins: u32,
    inflow: Money,
    outflow: Money,
    aum_end: Money,
    margin: Money,
}

/// `month,transactions,logins,inflow,outflow,aum_end,margin`, as the query joins it.
fn parse_month(text: &str) -> Result<StoredMonth, AppError> {
    let bad = || AppError::internal(format!("bad stored month {text:?}"));
    let mut fields = text.split(FIELD);
    let mut next = || fields.next().ok_or_else(bad);
    let date = parse_date(next()?)?;
    let mut int = || -> Result<i64, AppError> { next()?.parse().map_err(|_| bad()) };
    let count = |v: i64| v.clamp(0, u32::MAX as i64) as u32;
    let month = StoredMonth {
        date,
        transactions: count(int()?),
        logins: count(int()?),
        inflow: Money::from_fen(int()?),
        outflow: Money::from_fen(int()?),
        aum_end: Money::from_fen(int()?),
        margin: Money::from_fen(int()?),
    };
    match fields.next() {
        None => Ok(month),
        Some(_) => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_reads_back_with_negative_amounts_and_clamped_counts() {
        let m = parse_month("2026-10-01,-3,7,120000,-5,99999999999,-42").unwrap();
        assert_eq!(
            m,
            StoredMonth {
                date: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
                transactions: 0,
                logins: 7,
                inflow: Money::from_fen(120_000),
                outflow: Money::from_fen(-5),
                aum_end: Money::from_fen(99_999_999_999),
                margin: Money::from_fen(-42),
            }
        );
    }

    #[test]
    fn a_month_with_a_field_missing_or_extra_or_not_a_number_is_an_error() {
        for bad in [
            "2026-10-01,1,2,3,4,5",
            "2026-10-01,1,2,3,4,5,6,7",
            "2026-10-01,1,2,x,4,5,6",
            "2026-13-01,1,2,3,4,5,6",
            "",
        ] {
            assert!(parse_month(bad).is_err(), "{bad:?} was read");
        }
    }
}
