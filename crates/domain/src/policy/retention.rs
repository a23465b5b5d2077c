//! Policy of the retention list (挽留名单) (docs/rules.md, Retention list).

use serde::{Deserialize, Serialize};

/// The retention list (挽留名单): the top `list_size` customers by churn risk × value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RetentionPolicy {
    pub list_size: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        Self { list_size: 50 }
    }
}

impl RetentionPolicy {
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.list_size == 0 {
            push("retention.list_size", "must be at least 1");
        }
    }
}
