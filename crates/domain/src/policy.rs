//! The scoring policy: every threshold, weight and interval of DOMAIN.md, with the brief's
//! values as defaults. A bank changes them at run time (the server stores the policy as
//! JSON); nothing here is compiled in except the defaults.

use crate::money::Money;
use crate::tier::Tier;
use serde::{Deserialize, Serialize};

/// The bank's whole scoring policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoringPolicy {
    pub tiers: TierPolicy,
    pub contact: ContactPolicy,
    pub suitability: SuitabilityPolicy,
    pub masking: MaskingPolicy,
}

impl Default for ScoringPolicy {
    fn default() -> Self {
        Self {
            tiers: TierPolicy::default(),
            contact: ContactPolicy::default(),
            suitability: SuitabilityPolicy::default(),
            masking: MaskingPolicy::default(),
        }
    }
}

/// AUM thresholds of each tier (inclusive lower bounds), DOMAIN.md Classification 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TierPolicy {
    pub gold: Money,
    pub platinum: Money,
    pub diamond: Money,
    pub private_banking: Money,
}

impl Default for TierPolicy {
    fn default() -> Self {
        Self {
            gold: Money::from_yuan(50_000),
            platinum: Money::from_yuan(500_000),
            diamond: Money::from_yuan(1_000_000),
            private_banking: Money::from_yuan(6_000_000),
        }
    }
}

/// Contact interval per tier in days (DOMAIN.md Service work, Contact plan).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// Suitability (适当性管理) parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SuitabilityPolicy {
    /// A questionnaire older than this has expired: nothing above R1 may be recommended.
    pub questionnaire_valid_months: u32,
    /// Customers this old or older are protected.
    pub protected_age: u32,
}

impl Default for SuitabilityPolicy {
    fn default() -> Self {
        Self {
            questionnaire_valid_months: 12,
            protected_age: 65,
        }
    }
}

/// How many leading and trailing characters of each C2 identifier stay visible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MaskingPolicy {
    pub card: KeepEnds,
    pub mobile: KeepEnds,
    pub id_number: KeepEnds,
    pub account: KeepEnds,
    /// Names keep this many leading characters (the surname).
    pub name_keep: u8,
}

/// Keep `first` leading and `last` trailing characters; mask the rest with `*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeepEnds {
    pub first: u8,
    pub last: u8,
}

impl Default for MaskingPolicy {
    fn default() -> Self {
        Self {
            card: KeepEnds { first: 6, last: 4 },
            mobile: KeepEnds { first: 3, last: 4 },
            id_number: KeepEnds { first: 6, last: 4 },
            account: KeepEnds { first: 0, last: 4 },
            name_keep: 1,
        }
    }
}

/// A policy field that breaks a rule: the field's dotted path and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyViolation {
    pub field: String,
    pub problem: String,
}

impl ScoringPolicy {
    /// Every rule a stored policy must satisfy; empty when the policy is valid.
    pub fn validate(&self) -> Vec<PolicyViolation> {
        let mut v = Vec::new();
        let mut push = |field: &str, problem: &str| {
            v.push(PolicyViolation {
                field: field.to_owned(),
                problem: problem.to_owned(),
            })
        };
        let t = &self.tiers;
        if t.gold.is_negative() {
            push("tiers.gold", "must not be negative");
        }
        if t.platinum <= t.gold {
            push("tiers.platinum", "must be higher than tiers.gold");
        }
        if t.diamond <= t.platinum {
            push("tiers.diamond", "must be higher than tiers.platinum");
        }
        if t.private_banking <= t.diamond {
            push("tiers.private_banking", "must be higher than tiers.diamond");
        }
        let c = &self.contact;
        for (field, days) in [
            ("contact.private_banking_days", c.private_banking_days),
            ("contact.diamond_days", c.diamond_days),
            ("contact.platinum_days", c.platinum_days),
            ("contact.gold_days", c.gold_days),
            ("contact.standard_days", c.standard_days),
        ] {
            if days == 0 || days > 3660 {
                push(field, "must be between 1 and 3660 days");
            }
        }
        if self.suitability.questionnaire_valid_months == 0 {
            push(
                "suitability.questionnaire_valid_months",
                "must be at least 1 month",
            );
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_is_valid() {
        assert!(ScoringPolicy::default().validate().is_empty());
    }

    #[test]
    fn a_tier_below_the_one_beneath_it_is_named() {
        let mut p = ScoringPolicy::default();
        p.tiers.diamond = Money::from_yuan(100);
        let v = p.validate();
        assert_eq!(v[0].field, "tiers.diamond");
    }

    #[test]
    fn a_partial_policy_document_fills_in_defaults() {
        let p: ScoringPolicy = serde_json::from_str(r#"{"tiers":{"gold":1000}}"#).unwrap();
        assert_eq!(p.tiers.gold, Money::from_fen(1000));
        assert_eq!(p.tiers.platinum, TierPolicy::default().platinum);
        assert_eq!(p.contact, ContactPolicy::default());
    }
}
