//! Policy of satisfaction: NPS and CSAT cut points and the trend span (docs/rules.md,
//! Satisfaction).

use serde::{Deserialize, Serialize};

/// Satisfaction (docs/rules.md, Satisfaction): NPS promoters score at least `promoter_min`,
/// detractors at most `detractor_max`; CSAT counts `csat_min` and above on 1–5;
/// trends cover `trend_months` months.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SatisfactionPolicy {
    pub promoter_min: u8,
    pub detractor_max: u8,
    pub csat_min: u8,
    pub trend_months: u32,
}

impl Default for SatisfactionPolicy {
    fn default() -> Self {
        Self {
            promoter_min: 9,
            detractor_max: 6,
            csat_min: 4,
            trend_months: 12,
        }
    }
}

impl SatisfactionPolicy {
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.promoter_min > 10 || self.promoter_min <= self.detractor_max {
            push(
                "satisfaction.promoter_min",
                "must be above satisfaction.detractor_max and at most 10",
            );
        }
        if self.csat_min == 0 || self.csat_min > 5 {
            push("satisfaction.csat_min", "must be between 1 and 5");
        }
        if self.trend_months == 0 || self.trend_months > 120 {
            push("satisfaction.trend_months", "must be between 1 and 120");
        }
    }
}
