//! Policy of the value classes (价值分类) (docs/rules.md, Value class).

use crate::money::Money;
use serde::{Deserialize, Serialize};

/// Value class (价值分类), docs/rules.md, Value class. The classes are defined in
/// words; these figures make them concrete:
/// - dormant (睡眠): AUM below `dormant_max_aum` ("empty") or no transaction and no
///   login in the last `dormant_idle_months` months ("untouched");
/// - valuable (有价值): "large balances and frequent use" = AUM at least
///   `valuable_min_aum` and at least `valuable_min_transactions` transactions in the
///   last 12 months, or a 12-month margin of at least `valuable_min_annual_margin`;
/// - high-value-added (高附加值): valuable and holding at least
///   `high_value_min_families` product families;
/// - low-value (低价值): the rest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ValueClassPolicy {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub dormant_max_aum: Money,
    pub dormant_idle_months: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub valuable_min_aum: Money,
    pub valuable_min_transactions: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub valuable_min_annual_margin: Money,
    pub high_value_min_families: u32,
}

impl Default for ValueClassPolicy {
    fn default() -> Self {
        Self {
            dormant_max_aum: Money::from_yuan(100),
            dormant_idle_months: 6,
            valuable_min_aum: Money::from_yuan(50_000),
            valuable_min_transactions: 12,
            valuable_min_annual_margin: Money::from_yuan(2_000),
            high_value_min_families: 3,
        }
    }
}

impl ValueClassPolicy {
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.dormant_max_aum.is_negative() {
            push("value_class.dormant_max_aum", "must not be negative");
        }
        if self.valuable_min_aum <= self.dormant_max_aum {
            push(
                "value_class.valuable_min_aum",
                "must be higher than value_class.dormant_max_aum",
            );
        }
        if self.valuable_min_annual_margin.is_negative() {
            push(
                "value_class.valuable_min_annual_margin",
                "must not be negative",
            );
        }
        if self.dormant_idle_months == 0 {
            push(
                "value_class.dormant_idle_months",
                "must be at least 1 month",
            );
        }
        if self.high_value_min_families == 0 || self.high_value_min_families > 8 {
            push(
                "value_class.high_value_min_families",
                "must be between 1 and 8",
            );
        }
    }
}
