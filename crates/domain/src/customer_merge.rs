//! Merging two customers the bank recorded twice (docs/rules.md, Merging customers): the
//! wire types of the side-by-side preview and of the merge itself. The server moves the
//! history and retires the duplicate; nothing here does I/O.

use crate::api::IdType;
use serde::{Deserialize, Serialize};

/// A field of the customer record whose value the merge chooses from either side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MergeableField {
    Name,
    Phone,
    Email,
    Address,
    Occupation,
    Employer,
    IncomeBand,
    Gender,
    BirthDate,
}

impl MergeableField {
    pub const ALL: [MergeableField; 9] = [
        Self::Name,
        Self::Phone,
        Self::Email,
        Self::Address,
        Self::Occupation,
        Self::Employer,
        Self::IncomeBand,
        Self::Gender,
        Self::BirthDate,
    ];

    /// The stored column's name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Phone => "phone",
            Self::Email => "email",
            Self::Address => "address",
            Self::Occupation => "occupation",
            Self::Employer => "employer",
            Self::IncomeBand => "income_band",
            Self::Gender => "gender",
            Self::BirthDate => "birth_date",
        }
    }
}

/// One of the two customers, as the preview names it (masked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeSide {
    pub id: i64,
    pub customer_no: Option<String>,
    pub name: String,
    pub rm_id: i64,
    pub version: i64,
    /// The identity document (证件): its kind and its number, masked. Each record keeps its
    /// own (a merge never moves an identity), but the two are shown side by side because
    /// they are usually what differs (an ID card and a passport, a 15- and an 18-digit
    /// number).
    #[serde(default)]
    pub id_type: Option<IdType>,
    #[serde(default)]
    pub id_number: Option<String>,
    /// Records hanging off this customer (holdings, contacts, complaints, surveys,
    /// notes, opportunities, meetings, months of history): all go to the kept one.
    pub history_records: i64,
}

/// One field side by side, masked where personal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeFieldChoice {
    pub field: MergeableField,
    pub kept: Option<String>,
    pub duplicate: Option<String>,
    pub differs: bool,
}

/// `GET /api/customers/{id}/merge-preview?other=`: the kept customer (`id`) and the
/// duplicate side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergePreview {
    pub kept: MergeSide,
    pub duplicate: MergeSide,
    pub fields: Vec<MergeFieldChoice>,
}

/// `POST /api/customers/{id}/merge`: keep customer `id`, retire `duplicate`; the fields
/// named in `take_from_duplicate` take the duplicate's value, every other keeps the kept
/// customer's. Both versions as the preview showed them (409 if either changed since).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MergeCustomers {
    pub duplicate: i64,
    #[serde(default)]
    pub take_from_duplicate: Vec<MergeableField>,
    pub version: i64,
    pub duplicate_version: i64,
}

/// What a merge did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeDone {
    pub kept: i64,
    /// Retired: kept, never deleted, as "merged into" the kept one.
    pub retired: i64,
    /// History records moved to the kept customer.
    pub moved: i64,
    pub version: i64,
}

/// The customer a retired one was merged into: the end of its chain of merges
/// (A into B, then B into C: C), named as the caller sees it (masked name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergedInto {
    pub id: i64,
    pub customer_no: Option<String>,
    /// Masked as on every page.
    pub name: String,
}

/// The body of `GET /api/customers/{id}`'s 404: an [`ErrorBody`](crate::api::ErrorBody)
/// (`code` and `message`, so a client reading only those reads "not found"), and with the
/// code `customer_merged` also where the customer went. That is sent only when the
/// survivor is in the caller's scope; otherwise the answer is the plain `not_found`,
/// without `merged_into` (one schema for both, as the same status carries both).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerMergedBody {
    pub code: crate::error_code::ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<MergedInto>,
}
