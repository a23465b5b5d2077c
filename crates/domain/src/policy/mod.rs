//! The scoring policy: every threshold, weight and interval of docs/rules.md, with the
//! rules' values as defaults. A bank changes them at run time (the server stores the
//! policy as JSON); nothing here is compiled in except the defaults.
//!
//! One module per section, each with its fields, defaults and `validate`; `validate` on
//! the whole policy collects every problem of every section. The tier thresholds live
//! beside the tier rule ([`crate::tier`]) and the complaint deadlines beside the bank
//! calendar ([`crate::calendar`]): the policy builds on both, and neither imports it.

mod activity;
mod allocation;
mod care;
mod churn;
mod clv;
mod concentration;
mod contact;
mod lifecycle;
mod masking;
mod needs;
mod offline;
mod recommend;
mod retention;
mod rfm;
mod satisfaction;
mod scale;
mod suitability;
mod value_class;

pub use crate::calendar::{BankCalendar, ComplaintPolicy};
pub use crate::stale::DataQualityPolicy;
pub use crate::tier::TierPolicy;
pub use activity::ActivityPolicy;
pub use allocation::AllocationPolicy;
pub use care::{CareOccasion, CarePolicy, OCCASIONS_MAX, OCCASION_NAME_MAX_CHARS};
pub use churn::ChurnPolicy;
pub use clv::ClvPolicy;
pub use concentration::ConcentrationPolicy;
pub use contact::ContactPolicy;
pub use lifecycle::LifecyclePolicy;
pub use masking::{
    AddressMask, BirthDateMask, KeepEnds, MaskingPolicy, COMPOUND_SURNAMES_MAX,
    DEFAULT_COMPOUND_SURNAMES,
};
pub use needs::NeedsPolicy;
pub use offline::{OfflinePolicy, OFFLINE_KEEP_DAYS_MAX};
pub use recommend::RecommendPolicy;
pub use retention::RetentionPolicy;
pub use rfm::RfmPolicy;
pub use satisfaction::SatisfactionPolicy;
pub use scale::ScalePolicy;
pub use suitability::SuitabilityPolicy;
pub use value_class::ValueClassPolicy;

use serde::{Deserialize, Serialize};

/// The bank's whole scoring policy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ScoringPolicy {
    pub tiers: TierPolicy,
    pub contact: ContactPolicy,
    pub suitability: SuitabilityPolicy,
    pub masking: MaskingPolicy,
    pub activity: ActivityPolicy,
    pub value_class: ValueClassPolicy,
    pub lifecycle: LifecyclePolicy,
    pub needs: NeedsPolicy,
    pub rfm: RfmPolicy,
    pub clv: ClvPolicy,
    pub churn: ChurnPolicy,
    pub care: CarePolicy,
    pub complaints: ComplaintPolicy,
    pub calendar: BankCalendar,
    pub satisfaction: SatisfactionPolicy,
    pub concentration: ConcentrationPolicy,
    pub recommend: RecommendPolicy,
    pub allocation: AllocationPolicy,
    pub retention: RetentionPolicy,
    pub data_quality: DataQualityPolicy,
    pub scale: ScalePolicy,
    pub offline: OfflinePolicy,
}

/// A policy field that breaks a rule: the field's dotted path and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyViolation {
    pub field: String,
    pub problem: String,
}

impl ScoringPolicy {
    /// Every rule a stored policy must satisfy, section by section; empty when the
    /// policy is valid.
    pub fn validate(&self) -> Vec<PolicyViolation> {
        let mut v = Vec::new();
        let mut push = |field: &str, problem: &str| {
            v.push(PolicyViolation {
                field: field.to_owned(),
                problem: problem.to_owned(),
            })
        };
        self.tiers.validate(&mut push);
        self.contact.validate(&mut push);
        self.suitability.validate(&mut push);
        self.masking.validate(&mut push);
        self.activity.validate(&mut push);
        self.value_class.validate(&mut push);
        self.lifecycle.validate(&mut push);
        self.needs.validate(&mut push);
        self.rfm.validate(&mut push);
        self.clv.validate(&mut push);
        self.churn.validate(&mut push);
        self.care.validate(&mut push);
        self.complaints.validate(&mut push);
        for problem in self.calendar.problems() {
            push("calendar", problem);
        }
        self.satisfaction.validate(&mut push);
        self.concentration.validate(&mut push);
        self.recommend.validate(&mut push);
        self.allocation.validate(&mut push);
        self.retention.validate(&mut push);
        self.data_quality.validate(&mut push);
        self.scale.validate(&mut push);
        self.offline.validate(&mut push);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_default_policy_is_valid() {
        assert!(ScoringPolicy::default().validate().is_empty());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_tier_below_the_one_beneath_it_is_named() {
        let mut p = ScoringPolicy::default();
        p.tiers.diamond = Money::from_yuan(100);
        let v = p.validate();
        assert_eq!(v[0].field, "tiers.diamond");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_broken_score_field_is_named() {
        let mut p = ScoringPolicy::default();
        p.clv.discount_rate_bp = 20_000;
        p.churn.high_from = 10;
        p.rfm.frequency = [10, 5, 20, 30];
        p.allocation.targets[2] = [50, 50, 50, 0];
        p.complaints.regulatory_complex_days = 1;
        let fields: Vec<String> = p.validate().into_iter().map(|v| v.field).collect();
        for f in [
            "clv.discount_rate_bp",
            "churn.high_from",
            "rfm.frequency",
            "allocation.targets.C3",
            "complaints.regulatory_complex_days",
        ] {
            assert!(fields.iter().any(|x| x == f), "{f} not in {fields:?}");
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn huge_figures_are_refused_not_overflowed() {
        let mut p = ScoringPolicy::default();
        p.complaints.major_days = u32::MAX;
        p.complaints.regulatory_days = u32::MAX;
        p.complaints.regulatory_complex_days = u32::MAX;
        p.allocation.targets[0] = [u32::MAX; 4];
        let fields: Vec<String> = p.validate().into_iter().map(|v| v.field).collect();
        for f in [
            "complaints.regulatory_days",
            "complaints.regulatory_complex_days",
            "allocation.targets.C1",
        ] {
            assert!(fields.iter().any(|x| x == f), "{f} not in {fields:?}");
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_default_policy_survives_a_round_trip_through_json() {
        let p = ScoringPolicy::default();
        let back: ScoringPolicy =
            serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_partial_policy_document_fills_in_defaults() {
        let p: ScoringPolicy = serde_json::from_str(r#"{"tiers":{"gold":1000}}"#).unwrap();
        assert_eq!(p.tiers.gold, Money::from_fen(1000));
        assert_eq!(p.tiers.platinum, TierPolicy::default().platinum);
        assert_eq!(p.contact, ContactPolicy::default());
    }
}
