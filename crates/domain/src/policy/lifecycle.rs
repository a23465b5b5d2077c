//! Policy of the lifecycle stages (生命周期) (docs/rules.md, Lifecycle).

use serde::{Deserialize, Serialize};

/// Lifecycle (生命周期), docs/rules.md, Lifecycle: new = relationship younger than
/// `new_months`; lost = no assets and no activity in the activity window; declining =
/// AUM down more than `decline_percent` over `trend_months`; growing = AUM up at least
/// `growth_percent` over the same months; mature otherwise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LifecyclePolicy {
    pub new_months: u32,
    pub trend_months: u32,
    pub decline_percent: u32,
    pub growth_percent: u32,
}

impl Default for LifecyclePolicy {
    fn default() -> Self {
        Self {
            new_months: 12,
            trend_months: 6,
            decline_percent: 20,
            growth_percent: 10,
        }
    }
}

impl LifecyclePolicy {
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.trend_months == 0 {
            push("lifecycle.trend_months", "must be at least 1 month");
        }
        if self.decline_percent == 0 || self.decline_percent > 100 {
            push("lifecycle.decline_percent", "must be between 1 and 100");
        }
        if self.growth_percent == 0 {
            push("lifecycle.growth_percent", "must be at least 1");
        }
    }
}
