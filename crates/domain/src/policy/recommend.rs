//! Policy of recommendations (个性化推荐) (docs/rules.md, Recommendations).

use crate::money::Money;
use serde::{Deserialize, Serialize};

/// Recommendations (个性化推荐): at most `max_items`; an idle demand balance is at least
/// `idle_demand_min`; a peer gap is a family held by at least `peer_gap_min_percent` of
/// the customer's tier but not by the customer; maturities within `maturity_days`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RecommendPolicy {
    pub max_items: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub idle_demand_min: Money,
    pub peer_gap_min_percent: u32,
    pub maturity_days: u32,
}

impl Default for RecommendPolicy {
    fn default() -> Self {
        Self {
            max_items: 5,
            idle_demand_min: Money::from_yuan(50_000),
            peer_gap_min_percent: 40,
            maturity_days: 30,
        }
    }
}

impl RecommendPolicy {
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.max_items == 0 {
            push("recommend.max_items", "must be at least 1");
        }
        if self.idle_demand_min.is_negative() {
            push("recommend.idle_demand_min", "must not be negative");
        }
        if self.peer_gap_min_percent > 100 {
            push("recommend.peer_gap_min_percent", "must be at most 100");
        }
    }
}
