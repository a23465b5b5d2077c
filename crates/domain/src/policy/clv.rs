//! Policy of the customer lifetime value: horizon, discount rate and retention
//! (docs/rules.md, CLV).

use serde::{Deserialize, Serialize};

/// Customer lifetime value (docs/rules.md, CLV): CLV = Σ_{t=1..T} m·r^t/(1+d)^t with
/// T = `horizon_years`, d = `discount_rate_bp`/10,000, m = the last 12 months' margin
/// (annualised when fewer months are known), r from the churn risk:
/// r = `retention_at_zero_risk` − (`retention_at_zero_risk` − `retention_at_full_risk`)
/// × risk/100, both in basis points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ClvPolicy {
    pub horizon_years: u32,
    pub discount_rate_bp: u32,
    pub retention_at_zero_risk_bp: u32,
    pub retention_at_full_risk_bp: u32,
}

impl Default for ClvPolicy {
    fn default() -> Self {
        Self {
            horizon_years: 10,
            discount_rate_bp: 800,
            retention_at_zero_risk_bp: 9_500,
            retention_at_full_risk_bp: 3_000,
        }
    }
}

impl ClvPolicy {
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if self.horizon_years == 0 || self.horizon_years > 100 {
            push("clv.horizon_years", "must be between 1 and 100");
        }
        if self.discount_rate_bp > 10_000 {
            push("clv.discount_rate_bp", "must be between 0 and 10000 (100%)");
        }
        if self.retention_at_zero_risk_bp > 10_000 {
            push(
                "clv.retention_at_zero_risk_bp",
                "must be between 0 and 10000",
            );
        }
        if self.retention_at_full_risk_bp > self.retention_at_zero_risk_bp {
            push(
                "clv.retention_at_full_risk_bp",
                "must not be above clv.retention_at_zero_risk_bp",
            );
        }
    }
}
