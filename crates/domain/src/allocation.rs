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
use smallvec::SmallVec;

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

/// A customer's moves: at most three (each move brings one class to its target, and
/// the last class is then at its own), inline; the same JSON array as a `Vec`.
pub type Moves = SmallVec<[Move; 3]>;

/// How far a portfolio is from its level's target. Only what the amounts do not give is
/// kept (the amounts, the target percentages, which classes are outside the tolerance,
/// the moves): 112 bytes instead of 168, a book of 100,000 customers holds one each. The
/// JSON is the full picture, [`AllocationDrift::classes`] as `classes` and the AUM as
/// `aum`, as before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "AllocationDriftJson", from = "AllocationDriftJson")]
pub struct AllocationDrift {
    /// The level whose target applies.
    pub level: RiskLevel,
    /// False when the questionnaire is missing or expired (the C1 target applies).
    pub assessed: bool,
    /// Bit `AssetClass as usize` set: that class is outside the tolerance.
    outside: u8,
    /// The amount per class (none below zero), indexed by `AssetClass as usize`.
    current: [Money; 4],
    /// The level's target, percent of AUM per class.
    target_percent: [u32; 4],
    /// Empty when every class is within tolerance; otherwise the moves that bring every
    /// class to its target, largest first.
    pub moves: Moves,
}

/// The JSON of [`AllocationDrift`] (its fields before the record was made compact).
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename = "AllocationDrift")]
struct AllocationDriftJson {
    level: RiskLevel,
    assessed: bool,
    aum: Money,
    classes: [ClassDrift; 4],
    moves: Moves,
}

impl From<AllocationDrift> for AllocationDriftJson {
    fn from(d: AllocationDrift) -> Self {
        AllocationDriftJson {
            level: d.level,
            assessed: d.assessed,
            aum: d.aum(),
            classes: d.classes(),
            moves: d.moves,
        }
    }
}

impl From<AllocationDriftJson> for AllocationDrift {
    fn from(j: AllocationDriftJson) -> Self {
        let mut outside = 0u8;
        for (i, c) in j.classes.iter().enumerate() {
            outside |= u8::from(c.outside_tolerance) << i;
        }
        AllocationDrift {
            level: j.level,
            assessed: j.assessed,
            outside,
            current: j.classes.map(|c| c.current),
            target_percent: j.classes.map(|c| c.target_bp / 100),
            moves: j.moves,
        }
    }
}

impl AllocationDrift {
    pub fn is_within_tolerance(&self) -> bool {
        self.moves.is_empty()
    }

    /// The AUM the percentages are of: the classes' amounts.
    pub fn aum(&self) -> Money {
        self.current.iter().copied().sum()
    }

    /// Each class against its target, indexed by `AssetClass as usize`.
    pub fn classes(&self) -> [ClassDrift; 4] {
        let total = self.aum().fen();
        let targets = targets(total, self.target_percent);
        AssetClass::ALL.map(|class| {
            let i = class as usize;
            let current_bp = bp(self.current[i].fen(), total);
            let target_bp = self.target_percent[i] * 100;
            ClassDrift {
                class,
                current: self.current[i],
                target: Money::from_fen(targets[i]),
                current_bp,
                target_bp,
                drift_bp: current_bp as i32 - target_bp as i32,
                outside_tolerance: self.outside & (1 << i) != 0,
            }
        })
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

/// The target amount per class: `pct` percent of `total`, the rounding remainder to
/// deposits when the percentages sum to 100 (so the targets sum to the AUM).
fn targets(total: i64, pct: [u32; 4]) -> [i64; 4] {
    let mut targets = [0i64; 4];
    for (t, p) in targets.iter_mut().zip(pct) {
        // As in `bp`: 64 bits when the product fits, the same quotient.
        *t = match total.checked_mul(i64::from(p)) {
            Some(x) => x / 100,
            None => (i128::from(total) * i128::from(p) / 100) as i64,
        };
    }
    if pct.iter().sum::<u32>() == 100 {
        targets[0] += total - targets.iter().sum::<i64>();
    }
    targets
}

/// Drift of amounts per class from the targets of `level`.
pub fn drift(
    current: [Money; 4],
    level: RiskLevel,
    assessed: bool,
    policy: &ScoringPolicy,
) -> AllocationDrift {
    let current = current.map(|m| Money::from_fen(m.fen().max(0)));
    let aum: Money = current.iter().copied().sum();
    let pct = policy.allocation.target(level);
    let total = aum.fen();
    let targets = targets(total, pct);
    let tol = i64::from(policy.allocation.tolerance_points) * 100;
    let mut outside = 0u8;
    let mut excess = [0i64; 4];
    for i in 0..4 {
        let cur = current[i].fen();
        let drift_bp = bp(cur, total) as i32 - (pct[i] * 100) as i32;
        outside |= u8::from(total > 0 && i64::from(drift_bp).abs() > tol) << i;
        excess[i] = cur - targets[i];
    }
    let mut moves = Moves::new();
    if outside != 0 {
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
        outside,
        current,
        target_percent: pct,
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
        assert_eq!(d.classes()[0].drift_bp, 7_000);
        assert!(d.classes()[0].outside_tolerance);
        let y = Money::from_yuan;
        assert_eq!(
            d.moves.to_vec(),
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
        assert_eq!(d.classes()[1].drift_bp, -200);
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
            let classes = d.classes();
            let mut after = classes.map(|c| c.current.fen());
            for m in &d.moves {
                after[m.from as usize] -= m.amount.fen();
                after[m.to as usize] += m.amount.fen();
            }
            for (a, c) in after.iter().zip(classes.iter()) {
                prop_assert_eq!(*a, c.target.fen());
            }
        }

        /// The compact record's JSON is the full picture (`aum`, `classes` with every
        /// field) and reads back to the same record.
        #[test]
        fn the_json_holds_every_class_and_reads_back_the_same(
            amounts in any_amounts(), level in 0usize..5, tolerance in 0u32..30
        ) {
            let mut p = ScoringPolicy::default();
            p.allocation.tolerance_points = tolerance;
            let d = drift(amounts, RiskLevel::ALL[level], level % 2 == 0, &p);
            let json = serde_json::to_value(&d).unwrap();
            prop_assert_eq!(json["aum"].clone(), serde_json::to_value(d.aum()).unwrap());
            prop_assert_eq!(
                json["classes"].clone(),
                serde_json::to_value(d.classes()).unwrap()
            );
            let total = d.aum().fen();
            for c in d.classes() {
                prop_assert_eq!(
                    c.outside_tolerance,
                    total > 0 && i64::from(c.drift_bp).abs() > i64::from(tolerance) * 100
                );
            }
            let back: AllocationDrift = serde_json::from_value(json).unwrap();
            prop_assert_eq!(back, d);
        }
    }
}
