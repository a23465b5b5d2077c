//! What each demo customer holds: a demand deposit, investments allowed by their risk
//! level that add up to their AUM, and now and then a loan or a credit card.

use super::{days_before, pick, DemoBank, DemoCustomer, DemoHolding};
use chrono::Months;
use clientbook_domain::{Product, ProductFamily, ProductRisk, RiskLevel};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Today's holdings of `c` (`tier`: 0 Standard ..= 4 Private banking).
pub(super) fn generate(rng: &mut ChaCha8Rng, bank: &mut DemoBank, c: &DemoCustomer, tier: usize) {
    let as_of = bank.as_of;
    let level = c
        .risk_level
        .map(RiskLevel::max_product_risk)
        .unwrap_or(ProductRisk::R1);
    // Chance of holding each investment family, by tier (Standard .. Private).
    let p = |table: [f64; 5]| table[tier];
    let mut wanted: Vec<(ProductFamily, f64)> =
        vec![(ProductFamily::DemandDeposit, 0.5 + rng.random::<f64>())];
    for (family, chance) in [
        (ProductFamily::TimeDeposit, p([0.25, 0.5, 0.6, 0.65, 0.7])),
        (
            ProductFamily::WealthManagement,
            p([0.08, 0.4, 0.6, 0.75, 0.85]),
        ),
        (ProductFamily::Fund, p([0.1, 0.35, 0.55, 0.7, 0.85])),
        (ProductFamily::Bond, p([0.02, 0.1, 0.25, 0.4, 0.6])),
        (ProductFamily::Insurance, p([0.05, 0.2, 0.35, 0.5, 0.6])),
    ] {
        if rng.random_bool(chance) {
            wanted.push((family, 0.3 + rng.random::<f64>() * 2.5));
        }
    }
    let total_w: f64 = wanted.iter().map(|(_, w)| w).sum();
    let mut rest = c.aum;
    let mut demand_extra = 0i64;
    let mut planned: Vec<(i64, i64)> = vec![];
    for (family, w) in wanted.iter().skip(1) {
        let share = (c.aum as f64 * w / total_w) as i64;
        let candidates: Vec<&Product> = bank
            .products
            .iter()
            .filter(|p| p.family == *family && p.risk <= level && p.min_amount.fen() <= share)
            .collect();
        if candidates.is_empty() || share <= 0 {
            demand_extra += share;
        } else {
            planned.push((
                candidates[rng.random_range(0..candidates.len())].id.0,
                share,
            ));
        }
        rest -= share;
    }
    let demand = bank
        .products
        .iter()
        .filter(|p| p.family == ProductFamily::DemandDeposit)
        .nth(rng.random_range(0..2))
        .map(|p| p.id.0)
        .unwrap_or(1);
    planned.insert(0, (demand, rest + demand_extra));
    // Liabilities count for product depth, never for AUM.
    if rng.random_bool(0.15 + 0.05 * tier as f64) {
        let loan = *pick(rng, &["LN-MTG", "LN-CON", "LN-BIZ", "LN-CAR"]);
        let id = bank
            .products
            .iter()
            .find(|p| p.code == loan)
            .map(|p| p.id.0)
            .unwrap_or(1);
        planned.push((id, rng.random_range(30_000..3_000_000i64) * 100));
    }
    if rng.random_bool(0.45) {
        let card = *pick(rng, &["CC-STD", "CC-PLT", "CC-TRV"]);
        let id = bank
            .products
            .iter()
            .find(|p| p.code == card)
            .map(|p| p.id.0)
            .unwrap_or(1);
        planned.push((id, rng.random_range(0..60_000i64) * 100));
    }
    for (product_id, balance) in planned {
        let product = &bank.products[(product_id - 1) as usize];
        let since_days = (as_of - c.since).num_days().max(1) as u64;
        let (opened_on, matures_on) = match product.term_months {
            Some(term) if product.family != ProductFamily::Loan => {
                // Opened within the last term, so it matures within one term from today:
                // short terms mature within 30 days quite often.
                let term_days = term as u64 * 30;
                let opened =
                    days_before(as_of, rng.random_range(1..term_days.min(since_days).max(2)));
                (opened, Some(opened + Months::new(term as u32)))
            }
            Some(term) => {
                let opened = days_before(as_of, rng.random_range(1..since_days.max(2)));
                (opened, Some(opened + Months::new(term as u32)))
            }
            None => (days_before(as_of, rng.random_range(0..since_days)), None),
        };
        let id = (bank.before.holdings + bank.holdings.len()) as i64 + 1;
        bank.holdings.push(DemoHolding {
            id,
            customer_id: c.id,
            product_id,
            balance,
            opened_on: opened_on.max(c.since),
            matures_on,
        });
    }
}
