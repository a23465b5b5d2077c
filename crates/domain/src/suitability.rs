//! Suitability (适当性管理), docs/rules.md, Suitability — a hard rule: never a product
//! whose risk R exceeds the customer's level C (C1 only R1 … C5 up to R5); no level or an
//! expired questionnaire → nothing above R1; customers aged 65+ or in the lowest
//! sub-category of C1 are flagged, and anything beyond R1 for them needs the advisor to
//! confirm the flag was discussed.

use crate::care::{questionnaire_status, QuestionnaireStatus};
use crate::customer::BookCustomer;
use crate::policy::ScoringPolicy;
use crate::risk::{ProductRisk, RiskLevel};
use crate::scoring_input::CustomerInput;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Why a customer is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Protection {
    /// Aged at least the protected age.
    Age { age: u32 },
    /// In the lowest sub-category of C1 (最低类别).
    LowestSubcategory,
}

/// What suitability allows for one customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuitabilityProfile {
    pub level: Option<RiskLevel>,
    pub assessed_on: Option<NaiveDate>,
    pub questionnaire: QuestionnaireStatus,
    /// The highest product risk that may be recommended.
    pub max_risk: ProductRisk,
    pub protection: Option<Protection>,
}

impl SuitabilityProfile {
    pub fn allows(&self, risk: ProductRisk) -> bool {
        risk <= self.max_risk
    }

    /// A protected customer and a product beyond R1: the advisor must confirm the flag
    /// was discussed.
    pub fn needs_advisor_confirmation(&self, risk: ProductRisk) -> bool {
        self.protection.is_some() && risk > ProductRisk::R1
    }

    /// The statement a recommendation of a product of `risk` carries.
    pub fn statement(&self, risk: ProductRisk) -> SuitabilityStatement {
        SuitabilityStatement {
            customer_level: self.level,
            product_risk: risk,
            assessed_on: self.assessed_on,
            questionnaire_valid: self.questionnaire.is_valid(),
            protection: self.protection,
            advisor_confirmation_required: self.needs_advisor_confirmation(risk),
        }
    }
}

/// The suitability statement of a recommendation (data; the UI words it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuitabilityStatement {
    pub customer_level: Option<RiskLevel>,
    pub product_risk: ProductRisk,
    pub assessed_on: Option<NaiveDate>,
    pub questionnaire_valid: bool,
    pub protection: Option<Protection>,
    pub advisor_confirmation_required: bool,
}

pub fn score(
    customer: &BookCustomer,
    policy: &ScoringPolicy,
    today: NaiveDate,
) -> SuitabilityProfile {
    let questionnaire = questionnaire_status(customer.risk_assessed_on, policy, today);
    profile(
        &CustomerInput::of(customer),
        questionnaire,
        customer.age_on(today),
        policy,
    )
}

/// A customer's suitability, their questionnaire's state and age already known.
pub(crate) fn profile(
    customer: &CustomerInput<'_>,
    questionnaire: QuestionnaireStatus,
    age: u32,
    policy: &ScoringPolicy,
) -> SuitabilityProfile {
    let max_risk = match customer.risk_level {
        Some(level) if questionnaire.is_valid() => level.max_product_risk(),
        _ => ProductRisk::R1,
    };
    let protection = if age >= policy.suitability.protected_age {
        Some(Protection::Age { age })
    } else if customer.lowest_risk_subcategory {
        Some(Protection::LowestSubcategory)
    } else {
        None
    };
    SuitabilityProfile {
        level: customer.risk_level,
        assessed_on: customer.risk_assessed_on,
        questionnaire,
        max_risk,
        protection,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn each_level_sees_up_to_its_own_product_risk() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        for (level, max) in RiskLevel::ALL.into_iter().zip(ProductRisk::ALL) {
            c.risk_level = Some(level);
            let s = score(&c, &p, today());
            assert_eq!(s.max_risk, max);
            assert!(s.allows(max));
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn no_level_or_an_expired_questionnaire_allows_only_r1() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        c.risk_level = Some(RiskLevel::C5);
        c.risk_assessed_on = Some(date(2025, 11, 1));
        assert_eq!(score(&c, &p, today()).max_risk, ProductRisk::R1);
        c.risk_level = None;
        c.risk_assessed_on = Some(date(2026, 11, 1));
        assert_eq!(score(&c, &p, today()).max_risk, ProductRisk::R1);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_customer_of_65_needs_the_advisor_to_confirm_anything_beyond_r1() {
        let p = ScoringPolicy::default();
        let mut c = customer();
        c.birth_date = date(1961, 11, 23);
        let s = score(&c, &p, today());
        assert_eq!(s.protection, Some(Protection::Age { age: 65 }));
        assert!(!s.needs_advisor_confirmation(ProductRisk::R1));
        assert!(s.needs_advisor_confirmation(ProductRisk::R2));
        c.birth_date = date(1961, 11, 24);
        c.lowest_risk_subcategory = true;
        assert_eq!(
            score(&c, &p, today()).protection,
            Some(Protection::LowestSubcategory)
        );
    }
}
