//! Policy of suitability (适当性管理): questionnaire validity and the protected age
//! (docs/rules.md, Suitability).

use serde::{Deserialize, Serialize};

/// Suitability (适当性管理) parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SuitabilityPolicy {
    /// A questionnaire older than this has expired: nothing above R1 may be recommended.
    pub questionnaire_valid_months: u32,
    /// Customers this old or older are protected.
    pub protected_age: u32,
}

impl Default for SuitabilityPolicy {
    fn default() -> Self {
        Self {
            questionnaire_valid_months: 12,
            protected_age: 65,
        }
    }
}

impl SuitabilityPolicy {
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.questionnaire_valid_months == 0 {
            push(
                "suitability.questionnaire_valid_months",
                "must be at least 1 month",
            );
        }
    }
}
