//! API types the server adds beside `clientbook_domain::api` (candidates to move into
//! the domain crate once the browser uses them).

use chrono::{DateTime, NaiveDate, Utc};
use clientbook_domain::{
    BookCustomer, Channel, ComplaintSeverity, ComplaintStatus, CustomerId, UserId,
};
use serde::{Deserialize, Serialize};

/// One customer's record (`GET /api/customers/{id}`): the scoring view with 24 months of
/// history, plus what only the record page shows. Identifiers are masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDetail {
    pub customer: BookCustomer,
    pub profile: CustomerProfile,
    /// Other members of the household that the caller may see.
    pub household: Vec<HouseholdMember>,
    pub interactions: Vec<Interaction>,
    pub complaints: Vec<Complaint>,
    pub notes: Vec<Note>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerProfile {
    /// e.g. `ResidentIdCard`.
    pub id_type: String,
    /// Masked: first character and the domain (z***@example.com).
    pub email: Option<String>,
    pub address: String,
    pub occupation: String,
    pub employer: Option<String>,
    /// e.g. `200k-500k` (CNY a year).
    pub income_band: String,
    pub hobbies: Vec<String>,
    /// The customer's role in the household (`Spouse`, `Head`), if any.
    pub household_role: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdMember {
    pub id: CustomerId,
    /// Masked.
    pub name: String,
    pub household_role: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InteractionKind {
    Visit,
    Call,
    Message,
    Event,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InteractionOutcome {
    Interested,
    NotInterested,
    FollowUpScheduled,
    ProductPurchased,
    NoAnswer,
    ServiceRequest,
}

/// A contact with the customer (联系记录).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: i64,
    pub occurred_on: NaiveDate,
    pub kind: InteractionKind,
    pub channel: Channel,
    pub outcome: InteractionOutcome,
    pub note: String,
    pub rm_id: UserId,
    pub rm_name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComplaintChannel {
    Phone,
    BranchCounter,
    Online,
    Email,
    App,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComplaintContentType {
    Service,
    Product,
    Operation,
    Policy,
}

/// A complaint (投诉) with what the record page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    pub id: i64,
    pub received_on: NaiveDate,
    pub channel: ComplaintChannel,
    pub content_type: ComplaintContentType,
    pub severity: ComplaintSeverity,
    pub status: ComplaintStatus,
    pub summary: String,
    pub resolution: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: i64,
    pub written_at: DateTime<Utc>,
    pub author_id: UserId,
    pub author_name: String,
    pub body: String,
}

/// The identifier to reveal in full (`POST /api/customers/{id}/reveal`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RevealField {
    Name,
    Phone,
    IdNumber,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevealRequest {
    pub field: RevealField,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RevealResponse {
    pub field: RevealField,
    pub value: String,
}

/// One entry of the append-only audit log (`GET /api/audit`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    #[schema(value_type = Option<i64>)]
    pub user_id: Option<UserId>,
    pub username: String,
    pub role: Option<String>,
    pub action: String,
    #[schema(value_type = Option<i64>)]
    pub customer_id: Option<CustomerId>,
    pub fields: Vec<String>,
    pub detail: Option<String>,
    /// The TCP peer (a proxy, when behind one).
    pub client_ip: Option<String>,
    /// `X-Forwarded-For` as received (not trusted, recorded).
    pub forwarded_for: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditResponse {
    pub entries: Vec<AuditEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Health {
    pub status: String,
    pub database: String,
}
