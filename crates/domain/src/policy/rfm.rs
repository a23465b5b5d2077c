//! Policy of the RFM bins (docs/rules.md, RFM).

use crate::money::Money;
use serde::{Deserialize, Serialize};

/// RFM bins (docs/rules.md, RFM). Each list holds the four cut points between
/// scores 1–2, 2–3, 3–4 and 4–5:
/// - recency in days since the last month with a transaction (0 = this month), fewer
///   is better: `recency_days` ascending, a value at or under `recency_days[3]` scores 5;
/// - frequency in transactions over the last 12 months, ascending, at least the cut
///   point scores the next bin;
/// - monetary in margin (contribution) over the last 12 months, ascending.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RfmPolicy {
    /// Descending: [180, 90, 60, 30] → over 180 days = 1, ≤ 30 days = 5.
    pub recency_days: [u32; 4],
    pub frequency: [u32; 4],
    #[cfg_attr(feature = "openapi", schema(value_type = [i64; 4]))]
    pub monetary: [Money; 4],
}

impl Default for RfmPolicy {
    fn default() -> Self {
        Self {
            recency_days: [180, 90, 60, 30],
            frequency: [6, 24, 60, 120],
            monetary: [
                Money::from_yuan(200),
                Money::from_yuan(1_000),
                Money::from_yuan(5_000),
                Money::from_yuan(20_000),
            ],
        }
    }
}

impl RfmPolicy {
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.recency_days.windows(2).any(|w| w[0] <= w[1]) {
            push("rfm.recency_days", "must be strictly descending");
        }
        if self.frequency.windows(2).any(|w| w[0] >= w[1]) {
            push("rfm.frequency", "must be strictly ascending");
        }
        if self.monetary.windows(2).any(|w| w[0] >= w[1]) || self.monetary[0].is_negative() {
            push(
                "rfm.monetary",
                "must be strictly ascending and not negative",
            );
        }
    }
}
