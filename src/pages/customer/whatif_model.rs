//! The what-if model: edits an advisor tries on a local copy of the customer (move an
//! amount between holdings, add a product from the shelf), applied in order to the
//! customer as loaded, and the portfolio figures compared before and after. Plain
//! functions, no signals: the view keeps a `Vec<Edit>` and re-scores on every change.

use chrono::{Months, NaiveDate};
use clientbook_domain::customer::{BookCustomer, Holding, Product, ProductFamily, ProductId};
use clientbook_domain::money::MoneyError;
use clientbook_domain::tier::{tier_for_aum, Tier};
use clientbook_domain::{Money, ProductRisk, ScoringPolicy};

/// One change tried in the what-if. Holdings are named by their index in the customer's
/// holdings as they stand when the edit is applied (added products are appended).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Move {
        from: usize,
        to: usize,
        amount: Money,
    },
    Add {
        product: ProductId,
        amount: Money,
        /// The holding that pays for it; `None` is new money.
        funded_from: Option<usize>,
    },
}

/// Why typed text is not an amount (a copyable mirror of [`MoneyError`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    NotANumber,
    TooPrecise,
    TooLarge,
}

impl From<MoneyError> for AmountError {
    fn from(e: MoneyError) -> Self {
        match e {
            MoneyError::Empty => AmountError::Empty,
            MoneyError::NotANumber => AmountError::NotANumber,
            MoneyError::TooPrecise => AmountError::TooPrecise,
            MoneyError::TooLarge => AmountError::TooLarge,
        }
    }
}

/// Why an edit cannot be applied (shown inline beside the field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditError {
    Amount(AmountError),
    NotPositive,
    OverBalance,
    SameHolding,
    NoSuchHolding,
    NoSuchProduct,
    BelowMinimum,
}

/// Parse an amount typed by the advisor: a decimal of CNY, more than zero.
pub fn parse_amount(text: &str) -> Result<Money, EditError> {
    let m = Money::parse(text).map_err(|e| EditError::Amount(e.into()))?;
    if m <= Money::ZERO {
        return Err(EditError::NotPositive);
    }
    Ok(m)
}

fn holding_mut(c: &mut BookCustomer, i: usize) -> Result<&mut Holding, EditError> {
    c.holdings.get_mut(i).ok_or(EditError::NoSuchHolding)
}

/// Apply one edit to `c` (unchanged when it fails).
pub fn apply(
    c: &mut BookCustomer,
    edit: &Edit,
    shelf: &[Product],
    today: NaiveDate,
) -> Result<(), EditError> {
    match *edit {
        Edit::Move { from, to, amount } => {
            if from == to {
                return Err(EditError::SameHolding);
            }
            if amount <= Money::ZERO {
                return Err(EditError::NotPositive);
            }
            holding_mut(c, to)?;
            let src = holding_mut(c, from)?;
            if amount > src.balance {
                return Err(EditError::OverBalance);
            }
            src.balance -= amount;
            holding_mut(c, to)?.balance += amount;
            Ok(())
        }
        Edit::Add {
            product,
            amount,
            funded_from,
        } => {
            let p = shelf
                .iter()
                .find(|p| p.id == product)
                .ok_or(EditError::NoSuchProduct)?;
            if amount <= Money::ZERO {
                return Err(EditError::NotPositive);
            }
            if amount < p.min_amount {
                return Err(EditError::BelowMinimum);
            }
            if let Some(i) = funded_from {
                let src = holding_mut(c, i)?;
                if amount > src.balance {
                    return Err(EditError::OverBalance);
                }
                src.balance -= amount;
            }
            c.holdings.push(Holding {
                product_id: p.id,
                family: p.family,
                risk: p.risk,
                balance: amount,
                opened_on: today,
                matures_on: p
                    .term_months
                    .and_then(|m| today.checked_add_months(Months::new(u32::from(m)))),
            });
            Ok(())
        }
    }
}

/// The customer after every edit in order; edits that no longer apply are skipped.
pub fn apply_all(
    original: &BookCustomer,
    edits: &[Edit],
    shelf: &[Product],
    today: NaiveDate,
) -> BookCustomer {
    let mut c = original.clone();
    for e in edits {
        let _ = apply(&mut c, e, shelf, today);
    }
    c
}

/// The portfolio figures the what-if compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortfolioFigures {
    pub aum: Money,
    pub tier: Tier,
    /// AUM per product family (asset families only), indexed by `ProductFamily as usize`.
    pub by_family: [Money; 8],
    /// AUM per product risk, indexed by `ProductRisk as usize`.
    pub by_risk: [Money; 5],
    /// Basis points of AUM in the largest family.
    pub top_family_bp: u32,
    /// Basis points of AUM in the largest single holding.
    pub top_holding_bp: u32,
    /// AUM in products above the highest risk the customer may hold.
    pub above_level: Money,
}

fn bp(part: Money, whole: Money) -> u32 {
    if whole <= Money::ZERO || part <= Money::ZERO {
        0
    } else {
        (i128::from(part.fen()) * 10_000 / i128::from(whole.fen())) as u32
    }
}

/// Figures of `c`; `max_risk` is the highest product risk suitability allows.
pub fn figures(
    c: &BookCustomer,
    policy: &ScoringPolicy,
    max_risk: ProductRisk,
) -> PortfolioFigures {
    let mut by_family = [Money::ZERO; 8];
    let mut by_risk = [Money::ZERO; 5];
    let mut top_holding = Money::ZERO;
    let mut above_level = Money::ZERO;
    for h in c.holdings.iter().filter(|h| h.family.is_asset()) {
        by_family[h.family as usize] += h.balance;
        by_risk[h.risk as usize] += h.balance;
        top_holding = top_holding.max(h.balance);
        if h.risk > max_risk {
            above_level += h.balance;
        }
    }
    let aum: Money = by_family.iter().sum();
    let top_family = by_family.iter().copied().max().unwrap_or(Money::ZERO);
    PortfolioFigures {
        aum,
        tier: tier_for_aum(aum, &policy.tiers),
        by_family,
        by_risk,
        top_family_bp: bp(top_family, aum),
        top_holding_bp: bp(top_holding, aum),
        above_level,
    }
}

/// "12.5%" from basis points.
pub fn percent_text(bp: u32) -> String {
    format!("{}.{}%", bp / 100, (bp % 100) / 10)
}

/// Asset families, in display order (liabilities are not part of AUM).
pub fn asset_families() -> impl Iterator<Item = ProductFamily> {
    ProductFamily::ALL.into_iter().filter(|f| f.is_asset())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use clientbook_domain::customer::{
        BranchId, Channel, CustomerId, Gender, MonthlyHistory, UserId,
    };
    use clientbook_domain::RiskLevel;

    pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn holding(id: i64, family: ProductFamily, risk: ProductRisk, yuan: i64) -> Holding {
        Holding {
            product_id: ProductId(id),
            family,
            risk,
            balance: Money::from_yuan(yuan),
            opened_on: day(2024, 1, 1),
            matures_on: None,
        }
    }

    pub fn customer() -> BookCustomer {
        BookCustomer {
            id: CustomerId(1),
            rm_id: UserId(1),
            branch_id: BranchId(1),
            name: "张**".into(),
            phone: "138****5678".into(),
            id_number: "110105********1234".into(),
            gender: Gender::Female,
            birth_date: day(1980, 5, 1),
            risk_level: Some(RiskLevel::C3),
            risk_assessed_on: Some(day(2026, 6, 1)),
            lowest_risk_subcategory: false,
            kyc_reviewed_on: day(2026, 1, 1),
            since: day(2015, 1, 1),
            household_id: None,
            preferred_channel: Channel::Phone,
            stated_needs: vec![],
            holdings: vec![
                holding(1, ProductFamily::DemandDeposit, ProductRisk::R1, 400_000),
                holding(2, ProductFamily::Fund, ProductRisk::R4, 100_000),
                holding(3, ProductFamily::Loan, ProductRisk::R1, 50_000),
            ],
            history: MonthlyHistory::default(),
            last_contact_on: None,
            next_contact_on: None,
            surveys: vec![],
            complaints: vec![],
            version: 1,
        }
    }

    fn bond() -> Product {
        Product {
            id: ProductId(90),
            code: "B90".into(),
            name_en: "Bond".into(),
            name_zh: "债券".into(),
            family: ProductFamily::Bond,
            risk: ProductRisk::R2,
            min_amount: Money::from_yuan(10_000),
            term_months: Some(12),
            yield_bp: Some(300),
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn amounts_are_parsed_as_money_and_must_be_positive() {
        assert_eq!(parse_amount("12,000.5"), Ok(Money::from_fen(1_200_050)));
        assert_eq!(parse_amount("0"), Err(EditError::NotPositive));
        assert_eq!(parse_amount("-5"), Err(EditError::NotPositive));
        assert_eq!(
            parse_amount("1.234"),
            Err(EditError::Amount(AmountError::TooPrecise))
        );
        assert_eq!(parse_amount(""), Err(EditError::Amount(AmountError::Empty)));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_move_keeps_the_aum_and_shifts_the_risk_mix() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        let before = figures(&c, &p, ProductRisk::R3);
        let edit = Edit::Move {
            from: 0,
            to: 1,
            amount: Money::from_yuan(100_000),
        };
        apply(&mut c, &edit, &[], day(2026, 11, 23)).unwrap();
        let after = figures(&c, &p, ProductRisk::R3);
        assert_eq!(before.aum, after.aum);
        assert_eq!(
            after.by_risk[ProductRisk::R4 as usize],
            Money::from_yuan(200_000)
        );
        assert_eq!(after.above_level, Money::from_yuan(200_000));
        assert_eq!(before.top_family_bp, 8_000);
        assert_eq!(after.top_family_bp, 6_000);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_move_larger_than_the_balance_or_onto_itself_is_refused() {
        let mut c = customer();
        let today = day(2026, 11, 23);
        let too_much = Edit::Move {
            from: 1,
            to: 0,
            amount: Money::from_yuan(100_001),
        };
        assert_eq!(
            apply(&mut c, &too_much, &[], today),
            Err(EditError::OverBalance)
        );
        let same = Edit::Move {
            from: 1,
            to: 1,
            amount: Money::from_yuan(1),
        };
        assert_eq!(
            apply(&mut c, &same, &[], today),
            Err(EditError::SameHolding)
        );
        assert_eq!(c, customer());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn new_money_into_a_product_can_lift_the_tier() {
        let p = ScoringPolicy::default();
        let today = day(2026, 11, 23);
        let original = customer();
        assert_eq!(figures(&original, &p, ProductRisk::R3).tier, Tier::Platinum);
        let edits = [Edit::Add {
            product: ProductId(90),
            amount: Money::from_yuan(600_000),
            funded_from: None,
        }];
        let c = apply_all(&original, &edits, &[bond()], today);
        let f = figures(&c, &p, ProductRisk::R3);
        assert_eq!(f.tier, Tier::Diamond);
        let added = c.holdings.last().unwrap();
        assert_eq!(added.matures_on, Some(day(2027, 11, 23)));
        assert_eq!(added.opened_on, today);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_purchase_below_the_minimum_or_unfunded_is_refused() {
        let today = day(2026, 11, 23);
        let mut c = customer();
        let small = Edit::Add {
            product: ProductId(90),
            amount: Money::from_yuan(9_999),
            funded_from: None,
        };
        assert_eq!(
            apply(&mut c, &small, &[bond()], today),
            Err(EditError::BelowMinimum)
        );
        let unfunded = Edit::Add {
            product: ProductId(90),
            amount: Money::from_yuan(200_000),
            funded_from: Some(1),
        };
        assert_eq!(
            apply(&mut c, &unfunded, &[bond()], today),
            Err(EditError::OverBalance)
        );
        assert_eq!(c, customer());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn percentages_read_with_one_decimal() {
        assert_eq!(percent_text(1_234), "12.3%");
        assert_eq!(percent_text(10_000), "100.0%");
    }
}
