//! Care (客户关怀) items marked done (logged as a contact) or snoozed, so the browser,
//! which computes the care list itself, can hide them.

use super::{customer_id, write_scope};
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppResult};
use crate::scope::Scope;
use crate::storage::{parse_enum, NewInteractionRow};
use crate::validate::Problems;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Days;
use clientbook_domain::api::{AuditAction, ErrorBody, Me};
use clientbook_domain::service::{
    CareDone, CareKind, CareMarker, CareMarkerState, CareMarkersResponse, CareSnooze,
    InteractionKind, InteractionOutcome, SHORT_TEXT_MAX_CHARS,
};
use clientbook_domain::{Channel, CustomerId};

/// Done markers are sent back for this many days.
const DONE_KEPT_DAYS: u64 = 60;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/care", get(markers))
        .route("/customers/{id}/care/{kind}/done", post(done))
        .route("/customers/{id}/care/{kind}/snooze", post(snooze))
}

/// An unknown kind is an unknown path.
fn care_kind(raw: &str) -> AppResult<CareKind> {
    parse_enum(raw).map_err(|_| AppError::NotFound)
}

fn contact_kind(channel: Channel) -> InteractionKind {
    match channel {
        Channel::Phone => InteractionKind::Call,
        Channel::Branch | Channel::Visit => InteractionKind::Visit,
        Channel::Event => InteractionKind::Event,
        Channel::Message | Channel::App | Channel::Email => InteractionKind::Message,
    }
}

async fn marker(state: &AppState, scope: Scope, id: i64) -> AppResult<CareMarker> {
    let today = state.settings.today();
    state
        .storage
        .care_markers(scope, today - Days::new(DONE_KEPT_DAYS), today)
        .await?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| AppError::internal("the new care marker is gone"))
}

/// The customer and care kind of a done/snooze request, checked in this order: a
/// read-only role (403), the path id, the kind, then the customer's scope (404).
async fn care_target(
    state: &AppState,
    me: &Me,
    raw_id: &str,
    raw_kind: &str,
) -> AppResult<(Scope, CustomerId, CareKind)> {
    let scope = write_scope(me)?;
    let id = customer_id(raw_id)?;
    let kind = care_kind(raw_kind)?;
    state
        .storage
        .customer_ref(scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((scope, id, kind))
}

/// The care action was delivered today: a marker, and a contact in the log.
#[utoipa::path(post, path = "/api/customers/{id}/care/{kind}/done", tag = "care",
    params(("id" = i64, Path, description = "Customer id"),
        ("kind" = clientbook_domain::service::CareKind, Path, description = "Birthday, Maturity, QuestionnaireExpiry or Holiday")),
    request_body = CareDone,
    responses((status = 201, body = CareMarker), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"), (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn done(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path((id, kind)): Path<(String, String)>,
    AppJson(req): AppJson<CareDone>,
) -> AppResult<(StatusCode, Json<CareMarker>)> {
    let me = &user.0;
    let (scope, id, kind) = care_target(&state, me, &id, &kind).await?;
    let today = state.settings.today();
    let mut p = Problems::new();
    p.opt_text("note", req.note.as_deref(), SHORT_TEXT_MAX_CHARS);
    if let Some(on) = req.occasion_on {
        if on > today + Days::new(366) || on + Days::new(366) < today {
            p.add("occasion_on", "must be within a year of today");
        }
    }
    p.finish()?;
    let contact = NewInteractionRow {
        occurred_on: today,
        kind: contact_kind(req.channel),
        channel: req.channel,
        outcome: InteractionOutcome::CareDelivered,
        note: req.note.unwrap_or_default(),
        next_step: None,
    };
    let mut entry = origin.entry(me, AuditAction::CareDone);
    entry.customer_id = Some(id.0);
    entry.fields = vec!["care".into(), "interactions".into()];
    let marker_id = state
        .storage
        .mark_care(
            scope,
            id,
            me.id,
            kind,
            CareMarkerState::Done,
            today,
            req.occasion_on,
            None,
            Some(&contact),
            &entry,
        )
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(marker(&state, scope, marker_id).await?),
    ))
}

/// Hide the care item until `until` (after today, within a year).
#[utoipa::path(post, path = "/api/customers/{id}/care/{kind}/snooze", tag = "care",
    params(("id" = i64, Path, description = "Customer id"),
        ("kind" = clientbook_domain::service::CareKind, Path, description = "Birthday, Maturity, QuestionnaireExpiry or Holiday")),
    request_body = CareSnooze,
    responses((status = 201, body = CareMarker), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"), (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn snooze(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path((id, kind)): Path<(String, String)>,
    AppJson(req): AppJson<CareSnooze>,
) -> AppResult<(StatusCode, Json<CareMarker>)> {
    let me = &user.0;
    let (scope, id, kind) = care_target(&state, me, &id, &kind).await?;
    let today = state.settings.today();
    let mut p = Problems::new();
    if req.until <= today {
        p.add("until", format!("must be after today ({today})"));
    } else if req.until > today + Days::new(366) {
        p.add("until", "must be within a year");
    }
    p.finish()?;
    let mut entry = origin.entry(me, AuditAction::CareSnooze);
    entry.customer_id = Some(id.0);
    entry.fields = vec!["care".into()];
    let marker_id = state
        .storage
        .mark_care(
            scope,
            id,
            me.id,
            kind,
            CareMarkerState::Snoozed,
            today,
            req.occasion_on,
            Some(req.until),
            None,
            &entry,
        )
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(marker(&state, scope, marker_id).await?),
    ))
}

/// Markers of the caller's scope still relevant: done in the last 60 days, snoozes not
/// over.
#[utoipa::path(get, path = "/api/care", tag = "care",
    responses((status = 200, body = CareMarkersResponse)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn markers(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<CareMarkersResponse>> {
    let today = state.settings.today();
    let markers = state
        .storage
        .care_markers(Scope::of(&user.0), today - Days::new(DONE_KEPT_DAYS), today)
        .await?;
    Ok(Json(CareMarkersResponse {
        as_of: today,
        markers,
    }))
}
