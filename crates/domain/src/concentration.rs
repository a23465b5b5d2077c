//! Deposit concentration (集中度, docs/rules.md, Concentration): the share of all
//! deposits held by the top percents of customers, and the whole curve.

use crate::money::Money;
use serde::{Deserialize, Serialize};

/// The share of deposits held by the top `percent` of customers (docs/rules.md,
/// Concentration).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopShare {
    pub percent: u32,
    /// How many customers the top `percent` is (k): k = ⌈n × percent / 100⌉ of the n
    /// customers, rounded up so a share is never of nobody, and at least 1 when n > 0
    /// (docs/rules.md, Concentration). Ties at the cut are broken by order, not widened.
    pub customers: u32,
    pub deposits: Money,
    /// Basis points of all deposits (0–10,000).
    pub share_bp: u32,
}

/// Deposit concentration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concentration {
    pub total_deposits: Money,
    /// 101 points: `curve_bp[k]` is the share (basis points) held by the top k% of
    /// customers.
    pub curve_bp: Vec<u32>,
    /// The policy's top shares (default top 10% and top 20%).
    pub top: Vec<TopShare>,
}

/// Deposit concentration from per-customer deposits (negative ones count as zero).
pub fn concentration(deposits: impl Iterator<Item = Money>, percents: &[u32]) -> Concentration {
    let mut d: Vec<i64> = deposits.map(|m| m.fen().max(0)).collect();
    // Largest first (plain integers: ascending then reversed is the same list, and the
    // standard library's integer sort is faster than a sort by a closure).
    d.sort_unstable();
    d.reverse();
    let n = d.len() as u64;
    let total: i128 = d.iter().map(|x| i128::from(*x)).sum();
    let mut prefix = Vec::with_capacity(d.len() + 1);
    let mut acc: i128 = 0;
    prefix.push(0i128);
    for x in &d {
        acc += i128::from(*x);
        prefix.push(acc);
    }
    let top_k = |pct: u32| -> (u32, i128) {
        let k = (n * u64::from(pct.min(100))).div_ceil(100) as usize;
        (k as u32, prefix[k])
    };
    let bp = |part: i128| -> u32 {
        if total <= 0 {
            0
        } else {
            (part * 10_000 / total) as u32
        }
    };
    Concentration {
        total_deposits: Money::from_fen(total.clamp(0, i128::from(i64::MAX)) as i64),
        curve_bp: (0..=100).map(|p| bp(top_k(p).1)).collect(),
        top: percents
            .iter()
            .map(|p| {
                // At least one customer of a non-empty book, whatever the percent.
                let (k, sum) = top_k(*p);
                let (k, sum) = if k == 0 && n > 0 {
                    (1, prefix[1])
                } else {
                    (k, sum)
                };
                TopShare {
                    percent: *p,
                    customers: k,
                    deposits: Money::from_fen(sum.clamp(0, i128::from(i64::MAX)) as i64),
                    share_bp: bp(sum),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn one_customer_of_ten_holding_ninety_percent_shows_in_the_top_ten_percent() {
        let deposits = (0..10).map(|i| Money::from_yuan(if i == 3 { 900 } else { 11 }));
        let c = concentration(deposits, &[10, 20]);
        // 900 of 999 = 90.09%.
        assert_eq!(c.top[0].customers, 1);
        assert_eq!(c.top[0].share_bp, 9009);
        assert_eq!(c.top[1].customers, 2);
        assert_eq!(c.top[1].share_bp, 9119);
        assert_eq!(c.curve_bp[0], 0);
        assert_eq!(c.curve_bp[100], 10_000);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_top_share_counts_its_customers_rounded_up_and_at_least_one() {
        let of = |n: i64, percents: &[u32]| {
            concentration((0..n).map(Money::from_yuan), percents)
                .top
                .iter()
                .map(|t| t.customers)
                .collect::<Vec<_>>()
        };
        // 15 × 10% = 1.5 → 2; 15 × 20% = 3.
        assert_eq!(of(15, &[10, 20]), vec![2, 3]);
        // 5 × 10% = 0.5 → 1; 1 × 1% → 1; 0% of a book still names one customer.
        assert_eq!(of(5, &[10]), vec![1]);
        assert_eq!(of(1, &[1]), vec![1]);
        assert_eq!(of(7, &[0]), vec![1]);
        assert_eq!(of(0, &[10, 20]), vec![0, 0]);
        // The largest deposits never wrap past i64.
        let huge = concentration([Money::from_fen(i64::MAX); 3].into_iter(), &[100]);
        assert_eq!(huge.top[0].deposits, Money::from_fen(i64::MAX));
    }
}
