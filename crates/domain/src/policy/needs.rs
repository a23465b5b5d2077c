//! Policy of needs inferred from holdings (需求) (docs/rules.md, Needs).

use crate::money::Money;
use serde::{Deserialize, Serialize};

/// Needs (需求) inferred from holdings, docs/rules.md, Needs (stated needs are
/// always kept): investment = holds an investment family or an idle demand balance of
/// at least `idle_demand_min`; consumer credit = holds a loan or a credit card, or is
/// aged `credit_min_age`..=`credit_max_age` without one and with at least
/// `credit_min_monthly_outflow` average monthly outflow; asset preservation = aged
/// `preservation_min_age` or more, or deposits at least `preservation_deposit_percent`
/// of an AUM of at least `preservation_min_aum`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NeedsPolicy {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub idle_demand_min: Money,
    pub credit_min_age: u32,
    pub credit_max_age: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub credit_min_monthly_outflow: Money,
    pub preservation_min_age: u32,
    pub preservation_deposit_percent: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub preservation_min_aum: Money,
}

impl Default for NeedsPolicy {
    fn default() -> Self {
        Self {
            idle_demand_min: Money::from_yuan(50_000),
            credit_min_age: 22,
            credit_max_age: 40,
            credit_min_monthly_outflow: Money::from_yuan(10_000),
            preservation_min_age: 55,
            preservation_deposit_percent: 80,
            preservation_min_aum: Money::from_yuan(50_000),
        }
    }
}

impl NeedsPolicy {
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.credit_min_age > self.credit_max_age {
            push(
                "needs.credit_max_age",
                "must not be below needs.credit_min_age",
            );
        }
        if self.preservation_deposit_percent > 100 {
            push("needs.preservation_deposit_percent", "must be at most 100");
        }
        if self.idle_demand_min.is_negative() {
            push("needs.idle_demand_min", "must not be negative");
        }
    }
}
