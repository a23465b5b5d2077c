//! Two years of monthly history per demo customer: AUM, flows, transactions, logins and
//! margin, following a pattern (stable, growing, declining or dormant).

use super::{weighted, DemoBank, DemoCustomer, DemoMonth, HISTORY_MONTHS};
use chrono::{Datelike, Months, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

fn month_start(date: NaiveDate, back: u32) -> NaiveDate {
    date.with_day(1).expect("day 1") - Months::new(back)
}

/// The months of `c` up to today's holdings (`tier`: 0 Standard ..= 4 Private banking).
/// `declining`: assets and activity falling, the customers the churn warning is for.
pub(super) fn generate(
    rng: &mut ChaCha8Rng,
    bank: &mut DemoBank,
    c: &DemoCustomer,
    tier: usize,
    declining: bool,
) {
    #[derive(Clone, Copy, PartialEq)]
    enum Pattern {
        Stable,
        Growing,
        Declining,
        Dormant,
    }
    let pattern = if declining {
        Pattern::Declining
    } else {
        weighted(
            rng,
            &[
                (Pattern::Stable, 76),
                (Pattern::Growing, 12),
                (Pattern::Dormant, 12),
            ],
        )
    };
    let n = HISTORY_MONTHS as usize;
    // AUM path backwards from today's holdings.
    let mut aum = vec![0f64; n];
    aum[n - 1] = c.aum as f64;
    for k in (0..n - 1).rev() {
        let factor = match pattern {
            Pattern::Stable | Pattern::Dormant => 1.0 + rng.random_range(-0.03..0.03),
            Pattern::Growing => 0.97 + rng.random_range(-0.02..0.01),
            // Down by over 20% across the last six months.
            Pattern::Declining if k >= n - 7 => 1.06 + rng.random_range(0.0..0.05),
            Pattern::Declining => 1.0 + rng.random_range(-0.02..0.02),
        };
        aum[k] = aum[k + 1] * factor;
    }
    let base_tx = [4.0, 8.0, 10.0, 12.0, 14.0][tier] * rng.random_range(0.3..1.7);
    let base_login = rng.random_range(0.0..14.0);
    let margin_rate = rng.random_range(0.003..0.012) / 12.0;
    let first_month = month_start(c.since, 0);
    for k in 0..n {
        let month = month_start(bank.as_of, (n - 1 - k) as u32);
        if month < first_month {
            continue;
        }
        let recent = k >= n - 3;
        let activity = match pattern {
            Pattern::Dormant if k >= n - 6 => 0.0,
            Pattern::Declining if recent => 0.3,
            _ => 1.0,
        };
        // The current month is under way: scale its counts to the days elapsed.
        let elapsed = if k == n - 1 {
            bank.as_of.day() as f64 / 30.0
        } else {
            1.0
        };
        let tx = (base_tx * activity * elapsed * rng.random_range(0.6..1.4)).round() as i64;
        let logins = (base_login * activity * elapsed * rng.random_range(0.5..1.5)).round() as i64;
        let delta = if k == 0 { 0.0 } else { aum[k] - aum[k - 1] };
        let turnover = if activity == 0.0 {
            0.0
        } else {
            aum[k] * rng.random_range(0.005..0.06)
        };
        bank.history.push(DemoMonth {
            customer_id: c.id,
            month,
            transactions: tx,
            logins,
            inflow: (turnover + delta.max(0.0)) as i64,
            outflow: (turnover + (-delta).max(0.0)) as i64,
            aum_end: aum[k] as i64,
            margin: (aum[k] * margin_rate) as i64
                + if tx > 0 {
                    rng.random_range(0..2_000)
                } else {
                    0
                },
        });
    }
}
