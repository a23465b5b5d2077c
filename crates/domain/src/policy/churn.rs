//! Policy of the churn warning (流失预警): each factor's threshold and weight, and the
//! bands (docs/rules.md, Churn warning).

use serde::{Deserialize, Serialize};

/// Churn early warning (流失预警), docs/rules.md, Churn warning. Each factor adds its weight; the
/// risk is the sum capped at 100. Bands: low below `medium_from`, high from `high_from`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ChurnPolicy {
    /// Months compared: the last `window_months` vs the `window_months` before.
    pub window_months: u32,
    /// A fall of at least this percent is the strong signal (50 by default).
    pub strong_fall_percent: u32,
    /// A fall of at least this percent (and below the strong one) is a weak signal.
    pub weak_fall_percent: u32,
    pub strong_fall_weight: u8,
    pub weak_fall_weight: u8,
    /// Net outflow over the window of at least this percent of the AUM at its start.
    pub net_outflow_min_percent: u32,
    pub net_outflow_weight: u8,
    pub complaints_min: u32,
    pub complaints_window_days: u32,
    pub complaints_weight: u8,
    /// The latest survey's "would you recommend" at or under this is a detractor.
    pub detractor_max: u8,
    pub detractor_weight: u8,
    pub maturing_days: u32,
    pub maturing_weight: u8,
    pub no_contact_weight: u8,
    pub medium_from: u8,
    pub high_from: u8,
}

impl Default for ChurnPolicy {
    fn default() -> Self {
        Self {
            window_months: 3,
            strong_fall_percent: 50,
            weak_fall_percent: 25,
            strong_fall_weight: 35,
            weak_fall_weight: 15,
            net_outflow_min_percent: 10,
            net_outflow_weight: 25,
            complaints_min: 2,
            complaints_window_days: 30,
            complaints_weight: 20,
            detractor_max: 6,
            detractor_weight: 15,
            maturing_days: 30,
            maturing_weight: 10,
            no_contact_weight: 10,
            medium_from: 30,
            high_from: 60,
        }
    }
}

impl ChurnPolicy {
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.window_months == 0 || self.window_months > 6 {
            push("churn.window_months", "must be between 1 and 6 months");
        }
        if self.strong_fall_percent == 0 || self.strong_fall_percent > 100 {
            push("churn.strong_fall_percent", "must be between 1 and 100");
        }
        if self.weak_fall_percent == 0 || self.weak_fall_percent > self.strong_fall_percent {
            push(
                "churn.weak_fall_percent",
                "must be between 1 and churn.strong_fall_percent",
            );
        }
        if self.complaints_min == 0 {
            push("churn.complaints_min", "must be at least 1");
        }
        if self.complaints_window_days == 0 {
            push("churn.complaints_window_days", "must be at least 1 day");
        }
        if self.detractor_max > 10 {
            push("churn.detractor_max", "must be between 0 and 10");
        }
        if self.medium_from == 0 || self.medium_from > 100 {
            push(
                "churn.medium_from",
                "must be between 1 and 100 (the low band must not be empty)",
            );
        }
        if self.high_from <= self.medium_from || self.high_from > 100 {
            push(
                "churn.high_from",
                "must be above churn.medium_from and at most 100",
            );
        }
    }
}
