//! Types of the JSON API under `/api`, shared by the server and the browser so that both
//! sides agree by construction. With the `openapi` feature (the server only) they also
//! derive `utoipa::ToSchema` for the OpenAPI document.

use crate::customer::{BookCustomer, BranchId, CustomerId, Product, UserId};
use crate::error_code::ErrorCode;
use crate::service::{Complaint, Interaction, Note};
/// Kept at its old path: `Role` lives in [`crate::users`], beside the user types.
pub use crate::users::Role;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// The password is authentication data (C3): never printed.
impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("username", &self.username)
            .field("password", &"***")
            .finish()
    }
}

/// The signed-in user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub branch_id: Option<BranchId>,
    /// Set while the session is locked to a client meeting (meeting mode): the app shows
    /// only that meeting, and the server refuses the book.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_id: Option<i64>,
}

/// An RM's whole book in one response, for scoring in the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookResponse {
    /// The bank's business date the data is as of (the server's today in the bank's zone).
    pub as_of: NaiveDate,
    /// `BookCustomer` records (see the domain crate's `customer` module), identifiers masked.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub customers: Vec<BookCustomer>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductsResponse {
    /// `Product` records (the bank's shelf).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub products: Vec<Product>,
}

/// `GET /api/clock`: the bank's business date and time zone, so the browser shows every
/// instant (a deadline, a note's time) as the bank's local time whatever zone the device
/// is set to. The zone's UTC offsets are sent as spans (from each change on), not its name
/// alone, so the app needs no time-zone database of its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankClock {
    /// The IANA name, e.g. `Asia/Shanghai`.
    pub time_zone: String,
    /// The bank's business date.
    pub today: NaiveDate,
    /// Oldest first; each offset holds from `from` until the next span's `from`. The
    /// first applies before its own `from` too.
    pub offsets: Vec<ZoneOffsetSpan>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ZoneOffsetSpan {
    pub from: DateTime<Utc>,
    /// Seconds east of UTC (28800 for UTC+8).
    pub offset_seconds: i32,
}

impl BankClock {
    /// The bank's UTC offset at `at` (UTC when the spans are empty or malformed).
    pub fn offset_at(&self, at: DateTime<Utc>) -> chrono::FixedOffset {
        let i = self.offsets.partition_point(|s| s.from <= at);
        let span = self.offsets.get(i.saturating_sub(1));
        span.and_then(|s| chrono::FixedOffset::east_opt(s.offset_seconds))
            .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("UTC"))
    }

    /// `at` as the bank's local time.
    pub fn local(&self, at: DateTime<Utc>) -> DateTime<chrono::FixedOffset> {
        at.with_timezone(&self.offset_at(at))
    }
}

#[cfg(test)]
mod clock_tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .expect("instant")
    }

    /// London: GMT, then BST from 01:00 UTC on 29 March 2026, GMT again from 01:00 UTC
    /// on 25 October 2026.
    fn london() -> BankClock {
        BankClock {
            time_zone: "Europe/London".into(),
            today: NaiveDate::from_ymd_opt(2026, 6, 1).expect("date"),
            offsets: vec![
                ZoneOffsetSpan {
                    from: at(2025, 10, 26, 1),
                    offset_seconds: 0,
                },
                ZoneOffsetSpan {
                    from: at(2026, 3, 29, 1),
                    offset_seconds: 3600,
                },
                ZoneOffsetSpan {
                    from: at(2026, 10, 25, 1),
                    offset_seconds: 0,
                },
            ],
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_offset_changes_exactly_at_each_span() {
        let c = london();
        let hour = |t| c.local(t).format("%Y-%m-%d %H:%M").to_string();
        assert_eq!(hour(at(2026, 3, 29, 0)), "2026-03-29 00:00");
        assert_eq!(hour(at(2026, 3, 29, 1)), "2026-03-29 02:00");
        assert_eq!(hour(at(2026, 10, 25, 0)), "2026-10-25 01:00");
        assert_eq!(hour(at(2026, 10, 25, 1)), "2026-10-25 01:00");
        // Before the first span, the first offset; after the last, the last.
        assert_eq!(hour(at(2020, 1, 1, 12)), "2020-01-01 12:00");
        assert_eq!(hour(at(2030, 7, 1, 12)), "2030-07-01 12:00");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn shanghai_is_eight_hours_ahead_and_a_day_can_turn() {
        let c = BankClock {
            time_zone: "Asia/Shanghai".into(),
            today: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
            offsets: vec![ZoneOffsetSpan {
                from: at(1991, 9, 14, 15),
                offset_seconds: 28_800,
            }],
        };
        assert_eq!(
            c.local(at(2026, 12, 31, 17))
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            "2027-01-01 01:00"
        );
        let empty = BankClock {
            offsets: vec![],
            ..c
        };
        assert_eq!(empty.offset_at(at(2026, 1, 1, 0)).local_minus_utc(), 0);
    }
}

/// The order of `GET /api/customers`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CustomerSort {
    /// By customer number.
    #[default]
    Id,
    /// Richest first (AUM, then customer number).
    AumDesc,
}

/// One row of `GET /api/customers`: what a list needs, identifiers masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerListItem {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: CustomerId,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub rm_id: UserId,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub branch_id: BranchId,
    /// Masked (张**).
    pub name: String,
    /// Masked (138****5678).
    pub phone: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub risk_level: Option<crate::risk::RiskLevel>,
    /// Deposits + investments + insurance cash value, in fen.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub aum: crate::money::Money,
    /// The tier the current policy gives that AUM.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub tier: crate::tier::Tier,
    pub since: NaiveDate,
    pub version: i64,
}

/// A page of `GET /api/customers`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerPage {
    pub items: Vec<CustomerListItem>,
    /// Customers matching the filters in the caller's scope, over all pages.
    pub total: u64,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// One field of a rejected request and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldProblem {
    /// Dotted path of the field, e.g. `tiers.gold`, `password` or `surveys[3].recommend`.
    pub field: String,
    pub problem: String,
}

/// The body of every error response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// A stable machine code, e.g. `invalid_credentials`, `validation`, `not_found`.
    pub code: ErrorCode,
    /// A readable sentence (English).
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}

/// The body of a 409: an [`ErrorBody`] (same `code` and `message`, so a client reading
/// only those still works) plus the record as it is now, so the user can redo the edit
/// on top of it. Codes: `stale_version` (the `version` sent is not the current one) and
/// `illegal_transition` (a complaint cannot move to that state from where it is).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictBody<T> {
    pub code: ErrorCode,
    pub message: String,
    pub current: T,
}

/// The kind of identity document (证件类型).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum IdType {
    /// 居民身份证.
    ResidentIdCard,
    Passport,
    /// 港澳居民来往内地通行证.
    HongKongMacaoPermit,
    /// 台湾居民来往大陆通行证.
    TaiwanPermit,
    /// 外国人永久居留身份证.
    ForeignPermanentResidentCard,
}

/// Yearly income band, CNY.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum IncomeBand {
    #[serde(rename = "<100k")]
    Under100k,
    #[serde(rename = "100k-200k")]
    From100kTo200k,
    #[serde(rename = "200k-500k")]
    From200kTo500k,
    #[serde(rename = "500k-1m")]
    From500kTo1m,
    #[serde(rename = ">1m")]
    Over1m,
}

/// A customer's place in their household (家庭).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum HouseholdRole {
    Head,
    Spouse,
    Parent,
    Child,
    Other,
}

/// One customer's record (`GET /api/customers/{id}`): the scoring view with 24 months of
/// history, plus what only the record page shows. Identifiers are masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerDetail {
    /// The `BookCustomer` (as in the book, with 24 months of history).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub customer: BookCustomer,
    pub profile: CustomerProfile,
    /// Other members of the household that the caller may see.
    pub household: Vec<HouseholdMember>,
    /// Newest first.
    pub interactions: Vec<Interaction>,
    /// Newest first, each with its history of steps.
    pub complaints: Vec<Complaint>,
    /// Newest first, each with its earlier versions.
    pub notes: Vec<Note>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerProfile {
    pub id_type: IdType,
    /// Masked: first character and the domain (z***@example.com).
    pub email: Option<String>,
    /// Masked by the policy (to the district: 北京市朝阳区****); the full value only by
    /// an audited reveal.
    pub address: String,
    /// The birth date as shown, masked by the policy (1958-**-**); the full value only by
    /// an audited reveal. (The scoring record carries the date itself: see
    /// ARCHITECTURE.md, "What leaves the server".)
    #[serde(default)]
    pub birth_date: String,
    pub occupation: String,
    pub employer: Option<String>,
    pub income_band: IncomeBand,
    pub hobbies: Vec<String>,
    pub household_role: Option<HouseholdRole>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HouseholdMember {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: CustomerId,
    /// Masked.
    pub name: String,
    pub household_role: Option<HouseholdRole>,
}

/// The identifier to reveal in full (`POST /api/customers/{id}/reveal`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RevealField {
    Name,
    Phone,
    IdNumber,
    Address,
    BirthDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RevealRequest {
    pub field: RevealField,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealResponse {
    pub field: RevealField,
    pub value: String,
}

/// What an audit entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignIn,
    SignInFailed,
    SignInLocked,
    AccountLocked,
    SignOut,
    ReadBook,
    /// A page of `GET /api/customers` (masked rows): the filters and row count in `detail`.
    ListCustomers,
    ReadCustomer,
    Reveal,
    UpdatePolicy,
    CreateNote,
    EditNote,
    RecordInteraction,
    SetNextContact,
    CreateComplaint,
    ComplaintTransition,
    ReadComplaints,
    CareDone,
    CareSnooze,
    RecordSurvey,
    ImportSurvey,
    ChangeOwner,
    CreateUser,
    ResetPassword,
    DisableUser,
    EnableUser,
    /// An export of data (the audit log as CSV): what was exported is in `detail`.
    ExportAudit,
    /// An export of a list or its figures (customers, complaints, complaint analysis,
    /// satisfaction) as CSV or XLSX: what, the format, the filters and the row count in
    /// `detail`.
    ExportList,
    /// A customer added to a household (the member in `detail`).
    HouseholdAdd,
    /// A customer taken out of a household (the member in `detail`).
    HouseholdRemove,
    /// Contact fields confirmed as they are (the fields in `fields`).
    ConfirmFields,
    /// The printable client review opened for printing (an export of the customer).
    PrintReview,
    /// An opportunity opened (商机): its id and source in `detail`.
    CreateOpportunity,
    /// An opportunity moved to another stage: its id and the move in `detail`.
    MoveOpportunity,
    SetOpportunityNextStep,
    /// The pipeline or one opportunity read: the filters and count in `detail`.
    ReadOpportunities,
    /// Meeting mode: the advisor set their meeting PIN.
    SetMeetingPin,
    /// A client meeting began; the session is locked to it (`detail`: the meeting).
    StartMeeting,
    /// The meeting screen read the customer's record.
    ReadMeeting,
    /// A product was shown to the client (`detail`: the meeting and product).
    ShowProduct,
    /// A risk warning for a product above the client's level, acknowledged by the client.
    RiskWarning,
    /// The client confirmed and signed the summary (`detail`: the chain hash).
    SignMeeting,
    /// The advisor left meeting mode with the PIN.
    LeaveMeeting,
    /// A wrong meeting PIN.
    MeetingPinFailed,
    /// Compliance checked the meeting hash chain (`detail`: the outcome).
    CheckMeetingChain,
    /// Compliance opened a signed meeting summary.
    ReadMeetingSummary,
    /// A file uploaded for import and validated (nothing written to customers yet).
    ImportFile,
    /// An import committed: the file name, its row counts and who, in `detail`.
    ImportCommit,
    ImportCancel,
    /// A customer updated from an import row by an accepted merge (`customer_id`).
    MergeCustomer,
    CreateCampaign,
    /// The segment frozen: members and left-out counts in `detail`.
    StartCampaign,
    FinishCampaign,
    /// The members of a campaign the caller may see (masked names).
    ReadCampaignMembers,
    /// A contact or response logged for a campaign member.
    UpdateCampaignMember,
    /// Recommendations and retention listings shown, recorded for measuring the rules.
    RecordShown,
    /// Two existing customers merged: written on the kept one (`customer_id`) and on the
    /// retired duplicate, with both ids and the fields taken from the duplicate.
    MergeCustomers,
    /// The offline secret released to a signed-in browser (never its value).
    ReadOfflineKey,
    /// The offline secret replaced: data encrypted under the old one is unreadable.
    RotateOfflineKey,
}

/// One entry of the append-only audit log (`GET /api/audit`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub user_id: Option<UserId>,
    pub username: String,
    pub role: Option<Role>,
    pub action: AuditAction,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub customer_id: Option<CustomerId>,
    /// The fields read, revealed or changed.
    pub fields: Vec<String>,
    pub detail: Option<String>,
    /// The TCP peer (a proxy, when behind one).
    pub client_ip: Option<String>,
    /// `X-Forwarded-For` as received (not trusted, recorded).
    pub forwarded_for: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditResponse {
    pub entries: Vec<AuditEntry>,
}

/// A member of staff as a colleague sees them (`GET /api/staff`): enough to name the RM
/// of a customer. No username, branch or account state (those are the admin's
/// `UserSummary`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: UserId,
    pub display_name: String,
    pub role: Role,
}

/// `GET /api/staff`: the staff of the caller's scope, by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffResponse {
    pub staff: Vec<StaffMember>,
}
