//! Allocation drift (docs/rules.md, Target allocation): a target allocation per risk level
//! (policy) lets the advisor see how far a portfolio has drifted from it, and the moves
//! that would bring it back. The level is the customer's assessed one while the
//! questionnaire is valid, C1 (the most cautious) otherwise.

use crate::care::questionnaire_status;
use crate::customer::{BookCustomer, ProductFamily};
use crate::money::Money;
use crate::policy::ScoringPolicy;
use crate::risk::RiskLevel;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The asset classes of the target allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AssetClass {
    /// Demand and time deposits.
    Deposits,
    /// Wealth-management products and bonds.
    FixedIncome,
    /// Funds.
    Equity,
    /// Insurance cash value.
    Insurance,
}

impl AssetClass {
    pub const ALL: [AssetClass; 4] = [
        Self::Deposits,
        Self::FixedIncome,
        Self::Equity,
        Self::Insurance,
    ];

    /// The class of a family; liabilities have none.
    pub const fn of(family: ProductFamily) -> Option<AssetClass> {
        match family {
            ProductFamily::DemandDeposit | ProductFamily::TimeDeposit => Some(Self::Deposits),
            ProductFamily::WealthManagement | ProductFamily::Bond => Some(Self::FixedIncome),
            ProductFamily::Fund => Some(Self::Equity),
            ProductFamily::Insurance => Some(Self::Insurance),
            ProductFamily::Loan | ProductFamily::CreditCard => None,
        }
    }
}

/// One class against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassDrift {
    pub class: AssetClass,
    pub current: Money,
    pub target: Money,
    /// Basis points of AUM.
    pub current_bp: u32,
    pub target_bp: u32,
    /// current − target, in basis points of AUM.
    pub drift_bp: i32,
    pub outside_tolerance: bool,
}

/// Move `amount` from one class to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    pub from: AssetClass,
    pub to: AssetClass,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationDrift {
    /// The level whose target applies.
    pub level: RiskLevel,
    /// False when the questionnaire is missing or expired (the C1 target applies).
    pub assessed: bool,
    pub aum: Money,
    /// Indexed by `AssetClass as usize`.
    pub classes: [ClassDrift; 4],
    /// Empty when every class is within tolerance; otherwise the moves that bring every
    /// class to its target, largest first.
    pub moves: Vec<Move>,
}

impl AllocationDrift {
    pub fn is_within_tolerance(&self) -> bool {
        self.moves.is_empty()
    }
}

fn bp(part: i64, whole: i64) -> u32 {
    if whole <= 0 {
        0
    } else {
        let part = part.max(0);
        // In 64 bits when the product fits (always, below 9 × 10^14 yuan): wasm has no
        // 128-bit division, each is a library call. The same quotient either way.
        match part.checked_mul(10_000) {
            Some(x) => (x / whole) as u32,
            None => (i128::from(part) * 10_000 / i128::from(whole)) as u32,
        }
    }
}

/// Drift of amounts per class from the targets of `level`.
pub fn drift(
    current: [Money; 4],
    level: RiskLevel,
    assessed: bool,
    policy: &ScoringPolicy,
) -> AllocationDrift {
    let aum: Money = current
        .iter()
        .map(|m| Money::from_fen(m.fen().max(0)))
        .sum();
    let pct = policy.allocation.target(level);
    let total = aum.fen();
    let mut targets = [0i64; 4];
    for (t, p) in targets.iter_mut().zip(pct) {
        // As in `bp`: 64 bits when the product fits, the same quotient.
        *t = match total.checked_mul(i64::from(p)) {
            Some(x) => x / 100,
            None => (i128::from(total) * i128::from(p) / 100) as i64,
        };
    }
    // Rounding remainder goes to deposits so targets sum to the AUM.
    if pct.iter().sum::<u32>() == 100 {
        targets[0] += total - targets.iter().sum::<i64>();
    }
    let tol = i64::from(policy.allocation.tolerance_points) * 100;
    let classes = AssetClass::ALL.map(|class| {
        let i = class as usize;
        let cur = current[i].fen().max(0);
        let current_bp = bp(cur, total);
        let target_bp = pct[i] * 100;
        let drift_bp = current_bp as i32 - target_bp as i32;
        ClassDrift {
            class,
            current: Money::from_fen(cur),
            target: Money::from_fen(targets[i]),
            current_bp,
            target_bp,
            drift_bp,
            outside_tolerance: total > 0 && i64::from(drift_bp).abs() > tol,
        }
    });
    let mut moves = Vec::new();
    if classes.iter().any(|c| c.outside_tolerance) {
        let mut excess: [i64; 4] = classes.map(|c| c.current.fen() - c.target.fen());
        loop {
            let (hi, lo) = (
                (0..4)
                    .max_by_key(|i| (excess[*i], std::cmp::Reverse(*i)))
                    .unwrap_or(0),
                (0..4).min_by_key(|i| (excess[*i], *i)).unwrap_or(0),
            );
            let amount = excess[hi].min(-excess[lo]);
            if amount <= 0 {
                break;
            }
            excess[hi] -= amount;
            excess[lo] += amount;
            moves.push(Move {
                from: AssetClass::ALL[hi],
                to: AssetClass::ALL[lo],
                amount: Money::from_fen(amount),
            });
        }
    }
    AllocationDrift {
        level,
        assessed,
        aum,
        classes,
        moves,
    }
}

pub fn score(customer: &BookCustomer, policy: &ScoringPolicy, today: NaiveDate) -> AllocationDrift {
    let valid = questionnaire_status(customer.risk_assessed_on, policy, today).is_valid();
    score_with(customer, valid, policy)
}

/// A customer's drift, whether their questionnaire is valid already known.
pub(crate) fn score_with(
    customer: &BookCustomer,
    valid: bool,
    policy: &ScoringPolicy,
) -> AllocationDrift {
    let mut current = [Money::ZERO; 4];
    for h in &customer.holdings {
        if let Some(c) = AssetClass::of(h.family) {
            current[c as usize] += h.balance;
        }
    }
    drift_of(current, customer.risk_level, valid, policy)
}

/// A customer's drift from their amounts per class (summed by the caller, in the same
/// pass over the holdings as the rest of scoring).
pub(crate) fn drift_of(
    current: [Money; 4],
    risk_level: Option<RiskLevel>,
    valid: bool,
    policy: &ScoringPolicy,
) -> AllocationDrift {
    let (level, assessed) = match risk_level {
        Some(l) if valid => (l, true),
        _ => (RiskLevel::C1, false),
    };
    drift(current, level, assessed, policy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::ProductRisk::*;
    use crate::testkit::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_all_deposit_c3_portfolio_moves_seventy_percent_out_of_deposits() {
        // C3 target 30/35/25/10 on 100,000 CNY all in deposits.
        let d = score(&customer(), &ScoringPolicy::default(), today());
        assert_eq!(d.level, RiskLevel::C3);
        assert_eq!(d.classes[0].drift_bp, 7_000);
        assert!(d.classes[0].outside_tolerance);
        let y = Money::from_yuan;
        assert_eq!(
            d.moves,
            vec![
                Move {
                    from: AssetClass::Deposits,
                    to: AssetClass::FixedIncome,
                    amount: y(35_000)
                },
                Move {
                    from: AssetClass::Deposits,
                    to: AssetClass::Equity,
                    amount: y(25_000)
                },
                Move {
                    from: AssetClass::Deposits,
                    to: AssetClass::Insurance,
                    amount: y(10_000)
                },
            ]
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_portfolio_within_five_points_needs_no_move() {
        let mut c = customer();
        c.holdings[0].balance = Money::from_yuan(32_000);
        c.holdings
            .push(holding(2, ProductFamily::WealthManagement, R2, 33_000));
        c.holdings.push(holding(3, ProductFamily::Fund, R3, 26_000));
        c.holdings
            .push(holding(4, ProductFamily::Insurance, R1, 9_000));
        let d = score(&c, &ScoringPolicy::default(), today());
        assert!(d.is_within_tolerance());
        assert_eq!(d.classes[1].drift_bp, -200);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_expired_questionnaire_falls_back_to_the_c1_target() {
        let mut c = customer();
        c.risk_assessed_on = Some(date(2024, 1, 1));
        c.holdings
            .push(holding(3, ProductFamily::Fund, R3, 100_000));
        let d = score(&c, &ScoringPolicy::default(), today());
        assert_eq!((d.level, d.assessed), (RiskLevel::C1, false));
        // C1 target 80/15/0/5 on 200,000: all 100,000 of funds move out, 60,000 to deposits.
        assert_eq!(
            d.moves[0],
            Move {
                from: AssetClass::Equity,
                to: AssetClass::Deposits,
                amount: Money::from_yuan(60_000)
            }
        );
        let out: Money = d
            .moves
            .iter()
            .filter(|m| m.from == AssetClass::Equity)
            .map(|m| m.amount)
            .sum();
        assert_eq!(out, Money::from_yuan(100_000));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_amounts() -> impl Strategy<Value = [Money; 4]> {
        proptest::array::uniform4((0i64..1_000_000_000).prop_map(Money::from_fen))
    }

    proptest! {
        #[test]
        fn the_moves_bring_every_class_exactly_to_its_target(
            amounts in any_amounts(), level in 0usize..5
        ) {
            let d = drift(amounts, RiskLevel::ALL[level], true, &ScoringPolicy::default());
            if d.moves.is_empty() {
                return Ok(());
            }
            let mut after = d.classes.map(|c| c.current.fen());
            for m in &d.moves {
                after[m.from as usize] -= m.amount.fen();
                after[m.to as usize] += m.amount.fen();
            }
            for (a, c) in after.iter().zip(d.classes.iter()) {
                prop_assert_eq!(*a, c.target.fen());
            }
        }
    }
}
