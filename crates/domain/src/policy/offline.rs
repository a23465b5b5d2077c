//! Policy of offline work on a tablet (docs/rules.md, Offline).

use serde::{Deserialize, Serialize};

/// How long customer data prepared for offline use may stay in a browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OfflinePolicy {
    /// Customers prepared for offline use are erased from the browser this many days
    /// after they were prepared (and at sign-out).
    pub keep_days: u32,
}

/// The longest a bank may let data stay on a tablet.
pub const OFFLINE_KEEP_DAYS_MAX: u32 = 90;

impl Default for OfflinePolicy {
    fn default() -> Self {
        OfflinePolicy { keep_days: 7 }
    }
}

impl OfflinePolicy {
    pub(super) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.keep_days == 0 || self.keep_days > OFFLINE_KEEP_DAYS_MAX {
            push("offline.keep_days", "must be between 1 and 90 days");
        }
    }

    /// Whether data prepared at `prepared_ms` (Unix ms) is past its keeping time at
    /// `now_ms`.
    pub fn expired(&self, prepared_ms: i64, now_ms: i64) -> bool {
        now_ms.saturating_sub(prepared_ms) > i64::from(self.keep_days) * 86_400_000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn data_is_kept_for_the_policys_days_and_no_longer() {
        let p = OfflinePolicy::default();
        let day = 86_400_000;
        assert!(!p.expired(0, 7 * day));
        assert!(p.expired(0, 7 * day + 1));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn zero_or_too_many_days_are_named() {
        for days in [0, OFFLINE_KEEP_DAYS_MAX + 1] {
            let mut v = Vec::new();
            OfflinePolicy { keep_days: days }
                .validate(&mut |f: &str, _: &str| v.push(f.to_owned()));
            assert_eq!(v, ["offline.keep_days"]);
        }
    }
}
