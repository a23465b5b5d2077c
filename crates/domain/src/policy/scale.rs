//! Policy of big scopes (docs/rules.md, Big scopes): above what size a user's scope is
//! not downloaded into the browser, and how much of a big scope's care list is sent.

use serde::{Deserialize, Serialize};

/// Where a scope's figures are computed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ScalePolicy {
    /// A scope of more customers than this is not downloaded: its figures come from the
    /// server and its lists are paged.
    pub browser_book_max_customers: u32,
    /// The soonest care items the server's figures of a big scope list.
    pub server_care_listed: u32,
}

impl Default for ScalePolicy {
    fn default() -> Self {
        Self {
            browser_book_max_customers: 20_000,
            server_care_listed: 100,
        }
    }
}

impl ScalePolicy {
    /// Whether a scope of `customers` customers is too big for the browser.
    pub fn too_big_for_browser(&self, customers: u64) -> bool {
        customers > u64::from(self.browser_book_max_customers)
    }

    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.server_care_listed == 0 || self.server_care_listed > 10_000 {
            push("scale.server_care_listed", "must be between 1 and 10,000");
        }
    }
}
