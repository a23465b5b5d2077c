//! Service work (docs/rules.md: contact plan, complaints, care, satisfaction): contact log, notes, complaints, care markers,
//! surveys, book ownership and user administration — the request and response types of
//! the write endpoints, shared by the server and the browser. Requests reject unknown
//! fields; the server validates ranges, lengths and dates and answers 422 naming every
//! bad field.

use crate::customer::{
    Channel, ComplaintSeverity, ComplaintStatus, CustomerId, ServiceAttribute, UserId,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// Kept at their old paths: user administration has its own module.
pub use crate::users::{NewUser, PasswordReset, UserSummary, UsersResponse, PASSWORD_MIN_CHARS};

/// Longest note, in characters.
pub const NOTE_MAX_CHARS: usize = 4000;
/// Longest complaint description, resolution or feedback, in characters.
pub const LONG_TEXT_MAX_CHARS: usize = 2000;
/// Longest short text (next step, interaction note, transition note, customer request).
pub const SHORT_TEXT_MAX_CHARS: usize = 500;
/// Most surveys in one import: a fully rated survey is about 560 bytes of JSON, so 1,000
/// stay well inside the server's 1 MiB body limit (1,875 would not).
pub const IMPORT_MAX_ROWS: usize = 1000;
/// An open complaint is "nearing" its deadline within this many hours of it.
pub const NEARING_HOURS: i64 = 24;

// ---------------------------------------------------------------- contact log (联系记录)

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum InteractionKind {
    Visit,
    Call,
    Message,
    Event,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum InteractionOutcome {
    Interested,
    NotInterested,
    FollowUpScheduled,
    ProductPurchased,
    NoAnswer,
    ServiceRequest,
    /// A care action (birthday greeting, maturity reminder...) was delivered.
    CareDelivered,
}

/// A contact with the customer (联系记录).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Interaction {
    pub id: i64,
    pub occurred_on: NaiveDate,
    pub kind: InteractionKind,
    pub channel: Channel,
    pub outcome: InteractionOutcome,
    pub note: String,
    pub next_step: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub rm_id: UserId,
    pub rm_name: String,
}

/// `POST /api/customers/{id}/interactions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewInteraction {
    pub kind: InteractionKind,
    pub channel: Channel,
    /// Not in the future, not before the relationship began.
    pub occurred_on: NaiveDate,
    pub outcome: InteractionOutcome,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub next_step: Option<String>,
    /// After `occurred_on`; becomes the customer's next contact date.
    #[serde(default)]
    pub next_contact_on: Option<NaiveDate>,
}

/// A customer's contact plan after a change (the book shows the same figures).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactState {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: CustomerId,
    pub last_contact_on: Option<NaiveDate>,
    pub next_contact_on: Option<NaiveDate>,
    /// The customer's new version.
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InteractionCreated {
    pub interaction: Interaction,
    pub contact: ContactState,
}

/// `PUT /api/customers/{id}/next-contact`: `null` clears the date set by hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetNextContact {
    pub next_contact_on: Option<NaiveDate>,
    /// The customer's version the edit is based on.
    pub version: i64,
}

// ---------------------------------------------------------------- notes

/// A free-text note on the customer. The text is stored and sent exactly as written:
/// the UI escapes it, nothing interprets it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Note {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: CustomerId,
    /// When the note was first written.
    pub written_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub author_id: UserId,
    pub author_name: String,
    pub text: String,
    /// 1 when never edited.
    pub version: i64,
    /// When and by whom the current text was written (the author until edited).
    pub edited_at: DateTime<Utc>,
    pub edited_by_name: String,
    /// Earlier texts, newest first.
    pub revisions: Vec<NoteRevision>,
}

/// The text of a note as it was at `version`, replaced at `replaced_at`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoteRevision {
    pub version: i64,
    pub text: String,
    pub written_at: DateTime<Utc>,
    pub written_by_name: String,
    pub replaced_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EditNote {
    pub text: String,
    pub version: i64,
}

// ---------------------------------------------------------------- complaints (投诉)

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ComplaintChannel {
    Phone,
    BranchCounter,
    Online,
    Email,
    App,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ComplaintContentType {
    Service,
    Product,
    Operation,
    Policy,
}

/// The one state a complaint may move to from `from` (one step forward only).
pub fn next_complaint_status(from: ComplaintStatus) -> Option<ComplaintStatus> {
    use ComplaintStatus::*;
    match from {
        Received => Some(Investigating),
        Investigating => Some(Resolved),
        Resolved => Some(CustomerInformed),
        CustomerInformed => Some(Closed),
        Closed => None,
    }
}

/// A complaint with its deadlines and the history of its steps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Complaint {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: CustomerId,
    pub received_at: DateTime<Utc>,
    /// The receipt date in the bank's time zone.
    pub received_on: NaiveDate,
    pub channel: ComplaintChannel,
    pub content_type: ComplaintContentType,
    pub severity: ComplaintSeverity,
    pub status: ComplaintStatus,
    pub description: String,
    pub customer_request: Option<String>,
    pub resolution: Option<String>,
    pub feedback: Option<String>,
    pub no_feedback_reason: Option<String>,
    /// The bank's internal deadline by severity (working days follow the bank calendar).
    pub internal_deadline: DateTime<Utc>,
    /// The regulatory outer limit (a decision within 15 days of receipt).
    pub regulatory_deadline: NaiveDate,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i64,
    /// Oldest first.
    pub events: Vec<ComplaintEvent>,
}

/// One step of a complaint, with who and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintEvent {
    pub from: Option<ComplaintStatus>,
    pub to: ComplaintStatus,
    pub at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub by_id: UserId,
    pub by_name: String,
    pub note: Option<String>,
}

/// `POST /api/customers/{id}/complaints`: received now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewComplaint {
    pub channel: ComplaintChannel,
    pub content_type: ComplaintContentType,
    pub severity: ComplaintSeverity,
    pub description: String,
    pub customer_request: String,
}

/// `POST /api/complaints/{id}/transitions`: one step forward. Closing needs a resolution
/// (sent now or earlier) and the customer's feedback or the reason there is none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ComplaintTransition {
    pub to: ComplaintStatus,
    pub version: i64,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub resolution: Option<String>,
    #[serde(default)]
    pub feedback: Option<String>,
    #[serde(default)]
    pub no_feedback_reason: Option<String>,
}

/// Where an open complaint stands against its deadlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DeadlineState {
    Closed,
    /// Open, more than [`NEARING_HOURS`] from the internal deadline.
    OnTrack,
    /// Open, within [`NEARING_HOURS`] of the internal deadline or 3 days of the regulatory one.
    Nearing,
    /// Open past the internal or the regulatory deadline.
    Overdue,
}

/// The `state` filter of `GET /api/complaints`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComplaintFilter {
    /// Every complaint not closed.
    Open,
    Nearing,
    Overdue,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintListItem {
    pub complaint: Complaint,
    /// Masked.
    pub customer_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub rm_id: UserId,
    pub deadline_state: DeadlineState,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintsResponse {
    pub as_of: NaiveDate,
    /// Soonest internal deadline first.
    pub complaints: Vec<ComplaintListItem>,
}

/// A customer who complained more than once in the month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepeatComplainant {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: CustomerId,
    pub complaints: u32,
}

/// `GET /api/complaints/analysis?month=YYYY-MM`: the complaints received in the month
/// (bank time zone) within the caller's scope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintAnalysis {
    /// The first day of the month.
    pub month: NaiveDate,
    pub received: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_content_type: BTreeMap<ComplaintContentType, u32>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_severity: BTreeMap<ComplaintSeverity, u32>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by_channel: BTreeMap<ComplaintChannel, u32>,
    /// Complaints of the month that reached `Resolved` (with a recorded time).
    pub resolved: u32,
    /// Median hours from receipt to resolution; `None` when none was resolved.
    pub median_hours_to_resolve: Option<f64>,
    /// Of `resolved`, those resolved by the internal deadline.
    pub resolved_within_deadline: u32,
    /// `resolved_within_deadline / resolved`, 0–1; `None` when none was resolved.
    pub share_resolved_within_deadline: Option<f64>,
    /// Customers with two or more complaints received in the month, most first.
    pub repeat_complainants: Vec<RepeatComplainant>,
}

// ---------------------------------------------------------------- care (客户关怀)

/// A care item kind; the path segment of `/api/customers/{id}/care/{kind}/...`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CareKind {
    Birthday,
    Maturity,
    QuestionnaireExpiry,
    Holiday,
}

/// `POST .../care/{kind}/done`: the care action was delivered (logged as a contact).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CareDone {
    pub channel: Channel,
    /// The occasion (birthday, maturity or expiry date) the action was for.
    #[serde(default)]
    pub occasion_on: Option<NaiveDate>,
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST .../care/{kind}/snooze`: hide the item until `until` (after today, within a year).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CareSnooze {
    pub until: NaiveDate,
    #[serde(default)]
    pub occasion_on: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CareMarkerState {
    Done,
    Snoozed,
}

/// A care item marked done or snoozed: the browser hides matching items (same customer
/// and kind; done: the same occasion, or any occasion up to `on`; snoozed: until `until`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CareMarker {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: CustomerId,
    pub kind: CareKind,
    pub state: CareMarkerState,
    /// The business date the marker was set.
    pub on: NaiveDate,
    pub occasion_on: Option<NaiveDate>,
    /// For a snooze.
    pub until: Option<NaiveDate>,
    pub at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub by_id: UserId,
}

/// `GET /api/care`: the markers still relevant (done in the last 60 days, snoozes not
/// yet over) of the caller's scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CareMarkersResponse {
    pub as_of: NaiveDate,
    pub markers: Vec<CareMarker>,
}

// ---------------------------------------------------------------- surveys

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RatingInput {
    pub attribute: ServiceAttribute,
    /// 1–5.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub satisfaction: u8,
    /// 1–5.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub importance: u8,
}

/// `POST /api/customers/{id}/surveys`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewSurvey {
    /// Not in the future, not before the relationship began.
    pub answered_on: NaiveDate,
    /// "Would you recommend us?" 0–10.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub recommend: u8,
    /// Overall satisfaction 1–5.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub overall: u8,
    /// Each attribute at most once.
    #[serde(default)]
    pub ratings: Vec<RatingInput>,
}

/// One row of `POST /api/surveys/import`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportedSurvey {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: CustomerId,
    pub answered_on: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub recommend: u8,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub overall: u8,
    #[serde(default)]
    pub ratings: Vec<RatingInput>,
}

/// All or nothing: one bad row and nothing is stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SurveyImport {
    pub surveys: Vec<ImportedSurvey>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveysCreated {
    /// The new surveys' ids, in the order sent.
    pub ids: Vec<i64>,
}

// ---------------------------------------------------------------- ownership

/// `PUT /api/customers/{id}/owner` (branch manager): to an RM of the same branch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangeOwner {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub rm_id: UserId,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerChanged {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub customer_id: CustomerId,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub rm_id: UserId,
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_complaint_moves_one_step_forward_and_stops_when_closed() {
        use ComplaintStatus::*;
        let mut s = Received;
        let mut path = vec![s];
        while let Some(n) = next_complaint_status(s) {
            s = n;
            path.push(s);
        }
        assert_eq!(
            path,
            vec![Received, Investigating, Resolved, CustomerInformed, Closed]
        );
    }
}
