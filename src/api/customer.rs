//! API calls of the customer page (customer 360) and its service-work forms.
//!
//! Reads return `Result<T, ApiError>`; the record itself is `Ok(None)` when the server
//! answers 404 (no such customer, or not in the caller's scope). Writes return a
//! [`Written`]: the saved answer, or the server's 409 sentence (someone changed the record
//! first, or a complaint cannot move that way) so the form can offer a reload.

use super::{exchange, send_json, Answer, ApiError, NO_BODY};
use clientbook_domain::api::{
    ConflictBody, CustomerDetail, RevealField, RevealRequest, RevealResponse,
};
use clientbook_domain::customer_merge::{CustomerMergedBody, MergedInto};
use clientbook_domain::error_code::ErrorCode;
use clientbook_domain::service::{
    CareDone, CareKind, CareMarker, CareMarkersResponse, CareSnooze, Complaint,
    ComplaintTransition, ContactState, EditNote, InteractionCreated, NewComplaint, NewInteraction,
    NewNote, NewSurvey, Note, SetNextContact, SurveysCreated,
};
use clientbook_domain::CustomerId;
use gloo_net::http::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The outcome of a write the server accepted or refused with a 409.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written<T> {
    Saved(T),
    /// 409 `stale_version` or `illegal_transition`.
    Conflict(Conflict),
}

/// A refused write's 409: the server's sentence and the record as it is now, so a form
/// can show what changed and let the user keep their own values on top of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// `StaleVersion`, `IllegalTransition`, or whatever a newer server sends.
    pub code: ErrorCode,
    pub message: String,
    pub current: Option<serde_json::Value>,
}

impl Conflict {
    /// The current record as the type the form edits; `None` if it is not one.
    pub fn current<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_value(self.current.clone()?).ok()
    }

    /// Someone else saved first (as opposed to a step that is not allowed).
    pub fn is_stale(&self) -> bool {
        self.code == ErrorCode::StaleVersion
    }
}

pub(crate) mod url {
    use clientbook_domain::service::CareKind;
    use clientbook_domain::CustomerId;

    pub fn customer(id: CustomerId) -> String {
        format!("/api/customers/{id}")
    }
    pub fn reveal(id: CustomerId) -> String {
        format!("/api/customers/{id}/reveal")
    }
    pub fn interactions(id: CustomerId) -> String {
        format!("/api/customers/{id}/interactions")
    }
    pub fn next_contact(id: CustomerId) -> String {
        format!("/api/customers/{id}/next-contact")
    }
    pub fn complaints(id: CustomerId) -> String {
        format!("/api/customers/{id}/complaints")
    }
    pub fn transitions(complaint: i64) -> String {
        format!("/api/complaints/{complaint}/transitions")
    }
    pub fn notes(id: CustomerId) -> String {
        format!("/api/customers/{id}/notes")
    }
    pub fn note(id: CustomerId, note: i64) -> String {
        format!("/api/customers/{id}/notes/{note}")
    }
    pub fn surveys(id: CustomerId) -> String {
        format!("/api/customers/{id}/surveys")
    }
    /// The path segment is the kind's name as the server spells it (`Birthday`, …).
    pub fn care(id: CustomerId, kind: CareKind, action: &str) -> String {
        format!("/api/customers/{id}/care/{kind:?}/{action}")
    }
    pub const CARE: &str = "/api/care";
}

/// A write: its answer, or the 409 that refused it read as a [`Conflict`].
pub(super) async fn write<B: Serialize, T: DeserializeOwned>(
    method: Method,
    url: &str,
    body: &B,
) -> Result<Written<T>, ApiError> {
    match exchange(method, url, Some(body)).await? {
        Answer::Refused { status: 409, body } => Ok(Written::Conflict(
            match body.read::<ConflictBody<serde_json::Value>>() {
                Some(b) => Conflict {
                    code: b.code,
                    message: b.message,
                    current: Some(b.current),
                },
                // A 409 without the record (such as a taken unique value).
                None => {
                    let error = body.error();
                    Conflict {
                        code: error.as_ref().map_or(ErrorCode::Other, |e| e.code),
                        message: ApiError::from_status(409, error).to_string(),
                        current: None,
                    }
                }
            },
        )),
        answer => answer.ok().map(Written::Saved),
    }
}

/// GET /api/customers/{id}: the record, masked; `None` when not found or not in scope
/// (a customer retired by a merge included: see [`customer_or_merged`]).
pub async fn customer(id: CustomerId) -> Result<Option<CustomerDetail>, ApiError> {
    Ok(match customer_or_merged(id).await? {
        CustomerAnswer::Found(detail) => Some(*detail),
        CustomerAnswer::Merged(_) | CustomerAnswer::NotFound => None,
    })
}

/// What the customer page finds at an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CustomerAnswer {
    Found(Box<CustomerDetail>),
    /// Retired by a merge into this customer, which the user may see (404
    /// `customer_merged`).
    Merged(MergedInto),
    /// No such customer, or not in the user's scope.
    NotFound,
}

/// GET /api/customers/{id}: the record, where a retired customer went, or nothing.
pub async fn customer_or_merged(id: CustomerId) -> Result<CustomerAnswer, ApiError> {
    match exchange(Method::GET, &url::customer(id), NO_BODY).await? {
        Answer::Refused { status: 404, body } => Ok(match body.read::<CustomerMergedBody>() {
            Some(CustomerMergedBody {
                code: ErrorCode::CustomerMerged,
                merged_into: Some(into),
                ..
            }) => CustomerAnswer::Merged(into),
            _ => CustomerAnswer::NotFound,
        }),
        answer => answer.ok().map(|d| CustomerAnswer::Found(Box::new(d))),
    }
}

/// GET /api/care: the care markers of the caller's scope and the bank's business date.
pub async fn care_markers() -> Result<CareMarkersResponse, ApiError> {
    super::get(url::CARE).await
}

/// POST /api/customers/{id}/reveal: one identifier in full (audited).
pub async fn reveal(id: CustomerId, field: RevealField) -> Result<RevealResponse, ApiError> {
    send_json(
        Method::POST,
        &url::reveal(id),
        Some(&RevealRequest { field }),
    )
    .await
}

/// POST /api/customers/{id}/interactions: log a contact.
pub async fn record_interaction(
    id: CustomerId,
    body: &NewInteraction,
) -> Result<Written<InteractionCreated>, ApiError> {
    write(Method::POST, &url::interactions(id), body).await
}

/// PUT /api/customers/{id}/next-contact: set (or clear) the next contact date.
pub async fn set_next_contact(
    id: CustomerId,
    body: &SetNextContact,
) -> Result<Written<ContactState>, ApiError> {
    write(Method::PUT, &url::next_contact(id), body).await
}

/// POST /api/customers/{id}/complaints: record a complaint received now.
pub async fn create_complaint(
    id: CustomerId,
    body: &NewComplaint,
) -> Result<Written<Complaint>, ApiError> {
    write(Method::POST, &url::complaints(id), body).await
}

/// POST /api/complaints/{id}/transitions: move a complaint one step forward.
pub async fn transition_complaint(
    complaint: i64,
    body: &ComplaintTransition,
) -> Result<Written<Complaint>, ApiError> {
    write(Method::POST, &url::transitions(complaint), body).await
}

/// POST /api/customers/{id}/notes: add a note.
pub async fn create_note(id: CustomerId, body: &NewNote) -> Result<Written<Note>, ApiError> {
    write(Method::POST, &url::notes(id), body).await
}

/// PUT /api/customers/{id}/notes/{note}: edit a note (the old text is kept as history).
pub async fn edit_note(
    id: CustomerId,
    note: i64,
    body: &EditNote,
) -> Result<Written<Note>, ApiError> {
    write(Method::PUT, &url::note(id, note), body).await
}

/// POST /api/customers/{id}/surveys: enter a satisfaction survey.
pub async fn create_survey(
    id: CustomerId,
    body: &NewSurvey,
) -> Result<Written<SurveysCreated>, ApiError> {
    write(Method::POST, &url::surveys(id), body).await
}

/// POST /api/customers/{id}/care/{kind}/done: the care action was delivered.
pub async fn care_done(
    id: CustomerId,
    kind: CareKind,
    body: &CareDone,
) -> Result<Written<CareMarker>, ApiError> {
    write(Method::POST, &url::care(id, kind, "done"), body).await
}

/// POST /api/customers/{id}/care/{kind}/snooze: hide a care item until a date.
pub async fn care_snooze(
    id: CustomerId,
    kind: CareKind,
    body: &CareSnooze,
) -> Result<Written<CareMarker>, ApiError> {
    write(Method::POST, &url::care(id, kind, "snooze"), body).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn care_paths_name_the_kind_as_the_server_spells_it() {
        assert_eq!(
            url::care(CustomerId(7), CareKind::QuestionnaireExpiry, "done"),
            "/api/customers/7/care/QuestionnaireExpiry/done"
        );
        assert_eq!(url::transitions(3), "/api/complaints/3/transitions");
    }
}
