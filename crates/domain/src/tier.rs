//! Tier by assets (按资产分层), docs/rules.md, Tiers. The thresholds are a section of
//! the policy (`policy.tiers`) kept here, beside the rule, so the policy builds on this
//! module and not the other way round.

use crate::customer::BookCustomer;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// Asset tiers, ordered from lowest to highest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Tier {
    /// 普通
    Standard,
    /// 金卡
    Gold,
    /// 白金
    Platinum,
    /// 钻石
    Diamond,
    /// 私人银行
    PrivateBanking,
}

impl Tier {
    pub const ALL: [Tier; 5] = [
        Self::Standard,
        Self::Gold,
        Self::Platinum,
        Self::Diamond,
        Self::PrivateBanking,
    ];
}

/// AUM thresholds of each tier (inclusive lower bounds), docs/rules.md, Tiers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TierPolicy {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub gold: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub platinum: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub diamond: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub private_banking: Money,
}

impl Default for TierPolicy {
    fn default() -> Self {
        Self {
            gold: Money::from_yuan(50_000),
            platinum: Money::from_yuan(500_000),
            diamond: Money::from_yuan(1_000_000),
            private_banking: Money::from_yuan(6_000_000),
        }
    }
}

impl TierPolicy {
    /// Each threshold above the one beneath it (docs/rules.md, Tiers).
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.gold.is_negative() {
            push("tiers.gold", "must not be negative");
        }
        if self.platinum <= self.gold {
            push("tiers.platinum", "must be higher than tiers.gold");
        }
        if self.diamond <= self.platinum {
            push("tiers.diamond", "must be higher than tiers.platinum");
        }
        if self.private_banking <= self.diamond {
            push("tiers.private_banking", "must be higher than tiers.diamond");
        }
    }
}

/// The tier for an AUM: the highest tier whose threshold the AUM reaches
/// (a threshold is inclusive: exactly 50,000 CNY is Gold by default).
pub fn tier_for_aum(aum: Money, policy: &TierPolicy) -> Tier {
    if aum >= policy.private_banking {
        Tier::PrivateBanking
    } else if aum >= policy.diamond {
        Tier::Diamond
    } else if aum >= policy.platinum {
        Tier::Platinum
    } else if aum >= policy.gold {
        Tier::Gold
    } else {
        Tier::Standard
    }
}

/// A customer's tier from their current holdings.
pub fn tier(customer: &BookCustomer, policy: &TierPolicy) -> Tier {
    tier_for_aum(customer.aum(), policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn each_threshold_is_inclusive() {
        let p = TierPolicy::default();
        assert_eq!(tier_for_aum(Money::from_yuan(49_999), &p), Tier::Standard);
        assert_eq!(tier_for_aum(Money::from_yuan(50_000), &p), Tier::Gold);
        assert_eq!(tier_for_aum(Money::from_yuan(499_999), &p), Tier::Gold);
        assert_eq!(tier_for_aum(Money::from_yuan(500_000), &p), Tier::Platinum);
        assert_eq!(tier_for_aum(Money::from_yuan(1_000_000), &p), Tier::Diamond);
        assert_eq!(
            tier_for_aum(Money::from_yuan(6_000_000) - Money::from_fen(1), &p),
            Tier::Diamond
        );
        assert_eq!(
            tier_for_aum(Money::from_yuan(6_000_000), &p),
            Tier::PrivateBanking
        );
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_aum() -> impl Strategy<Value = Money> {
        (0i64..100_000_000_000).prop_map(Money::from_fen)
    }

    proptest! {
        #[test]
        fn more_assets_never_lower_the_tier(a in any_aum(), extra in any_aum()) {
            let p = TierPolicy::default();
            prop_assert!(tier_for_aum(a + extra, &p) >= tier_for_aum(a, &p));
        }
    }
}
