//! Policy of the contact plan: the contact interval per tier (docs/rules.md, Contact
//! plan).

use crate::tier::Tier;
use serde::{Deserialize, Serialize};

/// Contact interval per tier in days (docs/rules.md, Contact plan).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ContactPolicy {
    pub private_banking_days: u32,
    pub diamond_days: u32,
    pub platinum_days: u32,
    pub gold_days: u32,
    pub standard_days: u32,
}

impl Default for ContactPolicy {
    fn default() -> Self {
        Self {
            private_banking_days: 14,
            diamond_days: 30,
            platinum_days: 60,
            gold_days: 90,
            standard_days: 180,
        }
    }
}

impl ContactPolicy {
    pub fn interval_days(&self, tier: Tier) -> u32 {
        match tier {
            Tier::PrivateBanking => self.private_banking_days,
            Tier::Diamond => self.diamond_days,
            Tier::Platinum => self.platinum_days,
            Tier::Gold => self.gold_days,
            Tier::Standard => self.standard_days,
        }
    }

    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        for (field, days) in [
            ("contact.private_banking_days", self.private_banking_days),
            ("contact.diamond_days", self.diamond_days),
            ("contact.platinum_days", self.platinum_days),
            ("contact.gold_days", self.gold_days),
            ("contact.standard_days", self.standard_days),
        ] {
            if days == 0 || days > 3660 {
                push(field, "must be between 1 and 3660 days");
            }
        }
    }
}
