//! Stale fields (docs/rules.md, Stale fields): a contact field not confirmed for
//! `data_quality.stale_after_months` months is listed for the relationship manager to
//! confirm or update. The threshold is a section of the policy kept here, beside the
//! rule, so the policy builds on this module and not the other way round.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The contact fields whose confirmation is tracked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactField {
    Phone,
    Address,
    Occupation,
    Employer,
    IncomeBand,
    Email,
}

impl ContactField {
    pub const ALL: [ContactField; 6] = [
        Self::Phone,
        Self::Address,
        Self::Occupation,
        Self::Employer,
        Self::IncomeBand,
        Self::Email,
    ];

    /// The name stored and audited (the column's name).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Address => "address",
            Self::Occupation => "occupation",
            Self::Employer => "employer",
            Self::IncomeBand => "income_band",
            Self::Email => "email",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// How long a confirmation holds (docs/rules.md, Stale fields).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DataQualityPolicy {
    pub stale_after_months: u32,
}

impl Default for DataQualityPolicy {
    fn default() -> Self {
        Self {
            stale_after_months: 12,
        }
    }
}

impl DataQualityPolicy {
    pub(crate) fn validate(&self, push: &mut impl FnMut(&str, &str)) {
        if !(1..=120).contains(&self.stale_after_months) {
            push(
                "data_quality.stale_after_months",
                "must be between 1 and 120 months",
            );
        }
    }
}

/// One field's state on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldStatus {
    pub field: ContactField,
    /// The last confirmation, or the KYC review date when the field was never
    /// confirmed on its own.
    pub confirmed_on: NaiveDate,
    /// Whether the confirmation is older than the policy allows.
    pub stale: bool,
}

/// Every tracked field's state on `today`: a field is stale when `today` is on or after
/// its last confirmation plus `stale_after_months` months. A field with no confirmation
/// of its own counts from `kyc_reviewed_on` (a KYC review checks the contact details).
pub fn field_statuses(
    confirmations: &[(ContactField, NaiveDate)],
    kyc_reviewed_on: NaiveDate,
    policy: &DataQualityPolicy,
    today: NaiveDate,
) -> Vec<FieldStatus> {
    ContactField::ALL
        .into_iter()
        .map(|field| {
            let confirmed_on = confirmations
                .iter()
                .filter(|(f, _)| *f == field)
                .map(|(_, d)| *d)
                .max()
                .unwrap_or(kyc_reviewed_on);
            let due = confirmed_on.checked_add_months(Months::new(policy.stale_after_months));
            FieldStatus {
                field,
                confirmed_on,
                stale: due.is_some_and(|due| today >= due),
            }
        })
        .collect()
}

/// The stale fields only.
pub fn stale_fields(
    confirmations: &[(ContactField, NaiveDate)],
    kyc_reviewed_on: NaiveDate,
    policy: &DataQualityPolicy,
    today: NaiveDate,
) -> Vec<ContactField> {
    field_statuses(confirmations, kyc_reviewed_on, policy, today)
        .into_iter()
        .filter(|s| s.stale)
        .map(|s| s.field)
        .collect()
}

/// A customer's contact fields and their confirmations
/// (`GET /api/customers/{id}/stale-fields`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaleFieldsView {
    pub fields: Vec<FieldStatus>,
    /// The customer's version, for a confirmation.
    pub version: i64,
}

/// Confirm fields as they are (`POST /api/customers/{id}/stale-fields/confirm`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmFields {
    /// At least one.
    pub fields: Vec<ContactField>,
    /// The customer's version as read.
    pub version: i64,
}

/// The customers of the caller's scope with details to confirm
/// (`GET /api/stale-fields/summary`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaleSummary {
    /// Customers with at least one stale field.
    pub customers: u32,
    /// Stale fields over all of them.
    pub fields: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{date, today};

    fn policy() -> DataQualityPolicy {
        DataQualityPolicy::default()
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_field_confirmed_twelve_months_ago_today_is_stale_and_a_day_later_is_not() {
        // today is 2026-11-23
        let c = [
            (ContactField::Phone, date(2025, 11, 23)),
            (ContactField::Address, date(2025, 11, 24)),
        ];
        let stale = stale_fields(&c, today(), &policy(), today());
        assert!(stale.contains(&ContactField::Phone));
        assert!(!stale.contains(&ContactField::Address));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_field_never_confirmed_counts_from_the_kyc_review() {
        let old_kyc = date(2024, 1, 10);
        let c = [(ContactField::Phone, date(2026, 6, 1))];
        let s = field_statuses(&c, old_kyc, &policy(), today());
        let phone = s.iter().find(|s| s.field == ContactField::Phone).unwrap();
        assert!(!phone.stale);
        let email = s.iter().find(|s| s.field == ContactField::Email).unwrap();
        assert_eq!(email.confirmed_on, old_kyc);
        assert!(email.stale);
        assert_eq!(stale_fields(&c, old_kyc, &policy(), today()).len(), 5);
        assert!(stale_fields(&[], date(2026, 1, 1), &policy(), today()).is_empty());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_latest_of_several_confirmations_counts() {
        let c = [
            (ContactField::Email, date(2026, 10, 1)),
            (ContactField::Email, date(2020, 1, 1)),
        ];
        let s = field_statuses(&c, date(2019, 1, 1), &policy(), today());
        assert_eq!(s[5].field, ContactField::Email);
        assert_eq!(s[5].confirmed_on, date(2026, 10, 1));
        assert!(!s[5].stale);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_threshold_is_the_policys() {
        let p = DataQualityPolicy {
            stale_after_months: 6,
        };
        let c = [(ContactField::Phone, date(2026, 5, 1))];
        assert!(stale_fields(&c, today(), &p, today()).contains(&ContactField::Phone));
        assert!(!stale_fields(&c, today(), &policy(), today()).contains(&ContactField::Phone));
        let mut v = vec![];
        DataQualityPolicy {
            stale_after_months: 0,
        }
        .validate(&mut |f: &str, _: &str| v.push(f.to_owned()));
        assert_eq!(v, ["data_quality.stale_after_months"]);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn each_field_name_reads_back() {
        for f in ContactField::ALL {
            assert_eq!(ContactField::parse(f.as_str()), Some(f));
        }
        assert_eq!(ContactField::parse("name"), None);
    }
}
