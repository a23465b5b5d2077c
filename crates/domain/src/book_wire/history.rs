//! The monthly history's columns. Each column may be sent as it is or as what is left
//! after a prediction (`predict.rs`); the encoder estimates each way's size (the bits of
//! its values) and sends the smallest, behind a mode byte. A bank's real figures and a
//! generated book favour different ways: the demo bank's flows follow its AUM, the
//! generated books' are independent and in whole yuan.

use super::predict::{held_aum, predicted_margin, predicted_outflow, turnover};
use super::varint::{unzigzag, zigzag, Reader, Writer};
use super::WireError;
use crate::customer::BookCustomer;
use crate::Money;

/// What a money value costs on the wire before compression: the code of `Writer::fen`
/// (whole yuan a bit and two digits shorter), here up to 65 bits wide.
fn fen_code(v: i64) -> u128 {
    if v % 100 == 0 {
        u128::from(zigzag(v / 100)) << 1
    } else {
        (u128::from(zigzag(v)) << 1) | 1
    }
}

fn from_fen_code(code: u128, column: &'static str) -> Result<i64, WireError> {
    let overflow = WireError::Overflow { column };
    let z = u64::try_from(code >> 1).map_err(|_| overflow.clone())?;
    if code & 1 == 0 {
        unzigzag(z).checked_mul(100).ok_or(overflow)
    } else {
        Ok(unzigzag(z))
    }
}

fn bits(code: u128) -> u64 {
    u64::from(128 - code.leading_zeros())
}

/// How the values of a column are laid out.
#[derive(Clone, Copy)]
enum Layout {
    /// One `Writer::fen` varint each.
    Varint,
    /// The fen codes as byte planes (`Writer::planes`).
    Planes,
}

/// Writes the mode (the index of the cheapest candidate) and that candidate's values.
fn money(w: &mut Writer, candidates: Vec<Vec<i64>>, layout: Layout) {
    let cost = |c: &Vec<i64>| c.iter().map(|&v| bits(fen_code(v))).sum::<u64>();
    let (mode, best) = candidates
        .into_iter()
        .enumerate()
        .min_by_key(|(_, c)| cost(c))
        .unwrap_or((0, vec![]));
    w.byte(mode as u8);
    match layout {
        Layout::Varint => best.iter().for_each(|&v| w.fen(v)),
        Layout::Planes => w.planes(&best.iter().map(|&v| fen_code(v)).collect::<Vec<_>>()),
    }
}

/// A mode below `modes` and `count` values written by [`money`].
fn read_money(
    r: &mut Reader,
    modes: u8,
    count: usize,
    layout: Layout,
) -> Result<(u8, std::vec::IntoIter<i64>), WireError> {
    let mode = r.tag(modes)?;
    let values = match layout {
        Layout::Varint => (0..count).map(|_| r.fen()).collect::<Result<Vec<_>, _>>()?,
        Layout::Planes => r
            .planes(count)?
            .into_iter()
            .map(|c| from_fen_code(c, r.column))
            .collect::<Result<Vec<_>, _>>()?,
    };
    Ok((mode, values.into_iter()))
}

/// A count column (transactions, logins): mode 0 as they are, 1 as the change from the
/// month before.
fn counts(w: &mut Writer, customers: &[BookCustomer], of: fn(&BookCustomer) -> &[u32]) {
    let plain: u64 = customers
        .iter()
        .flat_map(of)
        .map(|&v| bits(u128::from(v)))
        .sum();
    let deltas: Vec<i64> = customers
        .iter()
        .flat_map(|c| {
            let v = of(c);
            (0..v.len())
                .map(move |k| i64::from(v[k]) - if k == 0 { 0 } else { i64::from(v[k - 1]) })
        })
        .collect();
    let delta: u64 = deltas.iter().map(|&d| bits(u128::from(zigzag(d)))).sum();
    if plain <= delta {
        w.byte(0);
        customers
            .iter()
            .flat_map(of)
            .for_each(|&v| w.u(u64::from(v)));
    } else {
        w.byte(1);
        deltas.iter().for_each(|&d| w.i(d));
    }
}

fn read_counts(r: &mut Reader, delta: bool, months: usize) -> Result<Vec<u32>, WireError> {
    let overflow = |r: &Reader| WireError::Overflow { column: r.column };
    let mut prev = 0i64;
    (0..months)
        .map(|_| {
            let v = if delta {
                prev.checked_add(r.i()?).ok_or_else(|| overflow(r))?
            } else {
                i64::try_from(r.u()?).map_err(|_| overflow(r))?
            };
            prev = v;
            u32::try_from(v).map_err(|_| overflow(r))
        })
        .collect()
}

/// Each month's change in AUM from the month before (0 for the window's first month).
fn aum_delta(aum: &[Money], k: usize) -> i64 {
    if k == 0 {
        0
    } else {
        aum[k].fen().wrapping_sub(aum[k - 1].fen())
    }
}

/// Every customer's history (all of the same `months`), column by column.
pub(super) fn write(w: &mut Writer, customers: &[BookCustomer], months: usize) {
    let each = |f: &dyn Fn(&BookCustomer, usize) -> i64| -> Vec<i64> {
        customers
            .iter()
            .flat_map(|c| (0..months).map(move |k| f(c, k)))
            .collect()
    };
    w.mark("history.transactions");
    counts(w, customers, |c| &c.history.transactions);
    w.mark("history.logins");
    counts(w, customers, |c| &c.history.logins);

    w.mark("history.aum_end");
    let aum = |c: &BookCustomer, k: usize| c.history.aum_end[k].fen();
    // 0: the first month, then the change from the month before; 1: the last month less
    // the holdings' AUM, then backwards, each month less the month after it.
    let forward = each(&|c, k| aum(c, k).wrapping_sub(if k == 0 { 0 } else { aum(c, k - 1) }));
    let backward = each(&|c, j| {
        let k = months - 1 - j;
        let next = if j == 0 {
            held_aum(&c.holdings)
        } else {
            aum(c, k + 1)
        };
        aum(c, k).wrapping_sub(next)
    });
    money(w, vec![forward, backward], Layout::Planes);

    w.mark("history.inflow");
    let inflow = |c: &BookCustomer, k: usize| c.history.inflow[k].fen();
    let plain = each(&inflow);
    let turnovers = each(&|c, k| turnover(inflow(c, k), aum_delta(&c.history.aum_end, k)));
    money(w, vec![plain, turnovers], Layout::Planes);

    w.mark("history.outflow");
    let plain = each(&|c, k| c.history.outflow[k].fen());
    let residual = each(&|c, k| {
        let p = predicted_outflow(inflow(c, k), aum_delta(&c.history.aum_end, k));
        c.history.outflow[k].fen().wrapping_sub(p)
    });
    money(w, vec![plain, residual], Layout::Varint);

    w.mark("history.margin");
    let margin = |c: &BookCustomer, k: usize| c.history.margin[k].fen();
    let plain = each(&margin);
    let delta = each(&|c, k| margin(c, k).wrapping_sub(if k == 0 { 0 } else { margin(c, k - 1) }));
    let share = each(&|c, k| {
        let p = match k {
            0 => 0,
            _ => predicted_margin(margin(c, k - 1), aum(c, k - 1), aum(c, k)),
        };
        margin(c, k).wrapping_sub(p)
    });
    money(w, vec![plain, delta, share], Layout::Varint);
}

/// [`write`] undone into `out` (whose holdings are read already: the AUM starts from
/// them), in three parts read one after the other (the decoder may yield between them):
/// this one the two count columns, then [`read_aum_inflow`], then [`read_outflow_margin`].
pub(super) fn read_counts_columns(
    r: &mut Reader,
    out: &mut [BookCustomer],
    months: usize,
) -> Result<(), WireError> {
    r.column = "history.transactions";
    let delta = r.tag(2)? == 1;
    for c in out.iter_mut() {
        c.history.transactions = read_counts(r, delta, months)?;
    }
    r.column = "history.logins";
    let delta = r.tag(2)? == 1;
    for c in out.iter_mut() {
        c.history.logins = read_counts(r, delta, months)?;
    }
    Ok(())
}

/// The second part of [`write`] undone: month-end AUM and inflow.
pub(super) fn read_aum_inflow(
    r: &mut Reader,
    out: &mut [BookCustomer],
    months: usize,
) -> Result<(), WireError> {
    let cells = out.len() * months;
    r.column = "history.aum_end";
    let (mode, mut v) = read_money(r, 2, cells, Layout::Planes)?;
    for c in out.iter_mut() {
        let mut aum = vec![Money::ZERO; months];
        if mode == 0 {
            let mut prev = 0i64;
            for m in aum.iter_mut() {
                prev = prev.wrapping_add(v.next().unwrap_or(0));
                *m = Money::from_fen(prev);
            }
        } else {
            let mut next = held_aum(&c.holdings);
            for m in aum.iter_mut().rev() {
                next = next.wrapping_add(v.next().unwrap_or(0));
                *m = Money::from_fen(next);
            }
        }
        c.history.aum_end = aum;
    }

    r.column = "history.inflow";
    let (mode, mut v) = read_money(r, 2, cells, Layout::Planes)?;
    for c in out.iter_mut() {
        let h = &mut c.history;
        h.inflow = (0..months)
            .map(|k| {
                let x = v.next().unwrap_or(0);
                Money::from_fen(match mode {
                    0 => x,
                    // The turnover back to the inflow.
                    _ => x.wrapping_add(aum_delta(&h.aum_end, k).max(0)),
                })
            })
            .collect();
    }
    Ok(())
}

/// The last part of [`write`] undone: outflow and margin.
pub(super) fn read_outflow_margin(
    r: &mut Reader,
    out: &mut [BookCustomer],
    months: usize,
) -> Result<(), WireError> {
    let cells = out.len() * months;
    r.column = "history.outflow";
    let (mode, mut v) = read_money(r, 2, cells, Layout::Varint)?;
    for c in out.iter_mut() {
        let h = &mut c.history;
        h.outflow = (0..months)
            .map(|k| {
                let x = v.next().unwrap_or(0);
                Money::from_fen(match mode {
                    0 => x,
                    _ => predicted_outflow(h.inflow[k].fen(), aum_delta(&h.aum_end, k))
                        .wrapping_add(x),
                })
            })
            .collect();
    }

    r.column = "history.margin";
    let (mode, mut v) = read_money(r, 3, cells, Layout::Varint)?;
    for c in out.iter_mut() {
        let h = &mut c.history;
        let mut margin: Vec<i64> = Vec::with_capacity(months);
        for k in 0..months {
            let x = v.next().unwrap_or(0);
            let p = match (mode, k) {
                (0, _) | (_, 0) => 0,
                (1, _) => margin[k - 1],
                _ => predicted_margin(margin[k - 1], h.aum_end[k - 1].fen(), h.aum_end[k].fen()),
            };
            margin.push(p.wrapping_add(x));
        }
        h.margin = margin.into_iter().map(Money::from_fen).collect();
    }
    Ok(())
}
