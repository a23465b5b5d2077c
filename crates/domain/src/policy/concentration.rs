//! Policy of deposit concentration: which top shares are reported (docs/rules.md,
//! Concentration).

use serde::{Deserialize, Serialize};

/// Concentration (集中度): the shares of deposits held by the top percents of customers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ConcentrationPolicy {
    pub top_percents: Vec<u32>,
}

impl Default for ConcentrationPolicy {
    fn default() -> Self {
        Self {
            top_percents: vec![10, 20],
        }
    }
}

impl ConcentrationPolicy {
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.top_percents.iter().any(|p| *p == 0 || *p > 100) {
            push(
                "concentration.top_percents",
                "each must be between 1 and 100",
            );
        }
    }
}
