//! Households (家庭), docs/rules.md, Households: the members a viewer may see, their
//! combined AUM and allocation, and the household's tier by the same thresholds as a
//! customer's (`policy.tiers`).
//!
//! Scoping stays per member: a member outside the viewer's scope is counted, never
//! shown, and their money is not in the combined figures (the caller passes only the
//! members it may see, and the count of the others).

use crate::allocation::AssetClass;
use crate::api::HouseholdRole;
use crate::customer::{BookCustomer, CustomerId};
use crate::money::Money;
use crate::tier::{tier_for_aum, Tier, TierPolicy};
use serde::{Deserialize, Serialize};

/// The household's figures over the members the viewer may see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HouseholdSummary {
    /// Sum of the visible members' AUM (the Tiers rule's AUM), fen.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub combined_aum: Money,
    /// The visible members' assets per asset class: deposits, fixed income, equity,
    /// insurance (the Target allocation rule's classes), fen.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub allocation: [Money; 4],
    /// The tier of `combined_aum` by `policy.tiers`.
    pub tier: Tier,
    /// Members counted in the figures.
    pub members_counted: u32,
    /// Members outside the viewer's scope: neither shown nor counted.
    pub others_not_in_book: u32,
}

/// The combined figures of `visible` members; `others_not_in_book` is only carried, so
/// the page can say that more members exist (docs/rules.md, Households).
pub fn summarise(
    visible: &[&BookCustomer],
    others_not_in_book: u32,
    policy: &TierPolicy,
) -> HouseholdSummary {
    let mut allocation = [Money::ZERO; 4];
    for member in visible {
        for h in &member.holdings {
            if let Some(class) = AssetClass::of(h.family) {
                allocation[class as usize] += h.balance;
            }
        }
    }
    let combined_aum: Money = visible.iter().map(|c| c.aum()).sum();
    HouseholdSummary {
        combined_aum,
        allocation,
        tier: tier_for_aum(combined_aum, policy),
        members_counted: visible.len() as u32,
        others_not_in_book,
    }
}

/// One member the viewer may see (`GET /api/customers/{id}/household`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HouseholdMemberView {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: CustomerId,
    /// Masked.
    pub name: String,
    pub role: Option<HouseholdRole>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub aum: Money,
    /// The member's own tier.
    pub tier: Tier,
}

/// A customer's household as the viewer may see it. `members` holds the customer
/// themself first, then the other visible members; `summary` is `None` when the
/// customer is in no household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HouseholdView {
    pub members: Vec<HouseholdMemberView>,
    pub summary: Option<HouseholdSummary>,
    /// The customer's version, for a change to the household.
    pub version: i64,
}

/// Add a customer of the caller's scope to this customer's household
/// (`POST /api/customers/{id}/household/members`); a customer in no household gets a
/// new one with themself as its head.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddHouseholdMember {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub member: CustomerId,
    pub role: HouseholdRole,
    /// The customer's version as read.
    pub version: i64,
}

/// Take a member out of this customer's household
/// (`DELETE /api/customers/{id}/household/members/{member}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RemoveHouseholdMember {
    /// The customer's version as read.
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::ProductFamily;
    use crate::risk::ProductRisk;
    use crate::testkit::{customer, holding};

    fn member(id: i64, deposits: i64, funds: i64) -> BookCustomer {
        let mut c = customer();
        c.id = CustomerId(id);
        c.holdings = vec![
            holding(1, ProductFamily::DemandDeposit, ProductRisk::R1, deposits),
            holding(2, ProductFamily::Fund, ProductRisk::R3, funds),
            holding(3, ProductFamily::Loan, ProductRisk::R1, 900_000),
        ];
        c
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn two_gold_spouses_make_a_platinum_household() {
        let (a, b) = (member(1, 200_000, 100_000), member(2, 150_000, 50_000));
        let p = TierPolicy::default();
        assert_eq!(crate::tier::tier(&a, &p), Tier::Gold);
        assert_eq!(crate::tier::tier(&b, &p), Tier::Gold);
        let s = summarise(&[&a, &b], 0, &p);
        assert_eq!(s.combined_aum, Money::from_yuan(500_000));
        assert_eq!(s.tier, Tier::Platinum);
        assert_eq!(s.members_counted, 2);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_allocation_sums_each_class_and_leaves_out_liabilities() {
        let (a, b) = (member(1, 200_000, 100_000), member(2, 150_000, 50_000));
        let s = summarise(&[&a, &b], 0, &TierPolicy::default());
        assert_eq!(
            s.allocation,
            [
                Money::from_yuan(350_000),
                Money::ZERO,
                Money::from_yuan(150_000),
                Money::ZERO
            ]
        );
        assert_eq!(s.allocation.iter().copied().sum::<Money>(), s.combined_aum);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn members_out_of_the_book_are_counted_but_add_no_money() {
        let a = member(1, 40_000, 0);
        let s = summarise(&[&a], 2, &TierPolicy::default());
        assert_eq!(s.combined_aum, Money::from_yuan(40_000));
        assert_eq!(s.tier, Tier::Standard);
        assert_eq!((s.members_counted, s.others_not_in_book), (1, 2));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_household_tier_follows_the_policy_thresholds() {
        let a = member(1, 40_000, 0);
        let p = TierPolicy {
            gold: Money::from_yuan(30_000),
            ..TierPolicy::default()
        };
        assert_eq!(summarise(&[&a], 0, &p).tier, Tier::Gold);
    }
}
