//! Policy of activity (活跃度): the window and the active threshold (docs/rules.md,
//! Activity).

use serde::{Deserialize, Serialize};

/// Activity (活跃度), docs/rules.md, Activity: active = at least `active_min`
/// customer-initiated transactions or logins in the window, potential = 1 to
/// `active_min - 1`, dormant = none. With monthly history the window is the last
/// `window_months` months, the current one included (90 days ≈ 3 months).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ActivityPolicy {
    pub window_months: u32,
    pub active_min: u32,
}

impl Default for ActivityPolicy {
    fn default() -> Self {
        Self {
            window_months: 3,
            active_min: 6,
        }
    }
}

impl ActivityPolicy {
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.window_months == 0 {
            push("activity.window_months", "must be at least 1 month");
        }
        if self.active_min < 2 {
            push(
                "activity.active_min",
                "must be at least 2 (potential is 1 to active_min - 1)",
            );
        }
    }
}
