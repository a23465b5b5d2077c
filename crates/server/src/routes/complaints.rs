//! Complaints (投诉): recorded with their deadlines (internal by severity on the bank
//! calendar, and the regulatory outer limit), moved one step at a time, listed by where
//! they stand against their deadlines, and analysed by month.

use super::{record_id, writable_customer, write_scope};
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppResult};
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::storage::{enum_code, ComplaintSelection, NewComplaintRow, TransitionRow, Versioned};
use crate::validate::Problems;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeDelta, Utc};
use clientbook_domain::api::{AuditAction, ErrorBody};
use clientbook_domain::calendar::{complaint_deadlines, Complexity};
use clientbook_domain::masking::mask_name;
use clientbook_domain::service::{
    next_complaint_status, Complaint, ComplaintAnalysis, ComplaintFilter, ComplaintListItem,
    ComplaintTransition, ComplaintsResponse, DeadlineState, NewComplaint, RepeatComplainant,
    LONG_TEXT_MAX_CHARS, NEARING_HOURS, SHORT_TEXT_MAX_CHARS,
};
use clientbook_domain::{ComplaintStatus, CustomerId};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/customers/{id}/complaints", post(create_complaint))
        .route("/complaints", get(list_complaints))
        .route("/complaints/analysis", get(analysis))
        .route("/complaints/{id}", get(get_complaint))
        .route("/complaints/{id}/transitions", post(transition))
}

/// Days before the regulatory limit an open complaint counts as nearing it.
const REGULATORY_NEARING_DAYS: u64 = 3;

/// Where a complaint stands against its deadlines at `now` (`today`: the bank's date).
pub fn deadline_state(c: &Complaint, now: DateTime<Utc>, today: NaiveDate) -> DeadlineState {
    if c.status == ComplaintStatus::Closed {
        DeadlineState::Closed
    } else if now > c.internal_deadline || today > c.regulatory_deadline {
        DeadlineState::Overdue
    } else if c.internal_deadline - now <= TimeDelta::hours(NEARING_HOURS)
        || today + Days::new(REGULATORY_NEARING_DAYS) >= c.regulatory_deadline
    {
        DeadlineState::Nearing
    } else {
        DeadlineState::OnTrack
    }
}

async fn one_complaint(
    state: &AppState,
    scope: Scope,
    id: i64,
) -> AppResult<(Complaint, CustomerId)> {
    let k = state
        .storage
        .complaints(scope, ComplaintSelection::One(id))
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let customer = k.complaint.customer_id;
    Ok((k.complaint, customer))
}

/// Record a complaint received now; both deadlines are computed from the stored policy
/// and the bank calendar, in the bank's time zone.
#[utoipa::path(post, path = "/api/customers/{id}/complaints", tag = "complaints",
    params(("id" = i64, Path, description = "Customer id")),
    request_body = NewComplaint,
    responses((status = 201, body = Complaint), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"), (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn create_complaint(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<NewComplaint>,
) -> AppResult<(StatusCode, Json<Complaint>)> {
    let me = &user.0;
    let (scope, id, _c) = writable_customer(&state, me, &id).await?;
    let mut p = Problems::new();
    p.text("description", &req.description, LONG_TEXT_MAX_CHARS);
    p.text(
        "customer_request",
        &req.customer_request,
        SHORT_TEXT_MAX_CHARS,
    );
    p.finish()?;
    let policy = load_policy(&state.storage).await?;
    let settings = &state.settings;
    let received = settings.now();
    let local = received
        .with_timezone(&settings.bank_timezone)
        .naive_local();
    let d = complaint_deadlines(
        local,
        req.severity,
        Complexity::Standard,
        false,
        &policy.complaints,
        &policy.calendar,
    );
    let row = NewComplaintRow {
        received_at_ms: received.timestamp_millis(),
        received_on: local.date(),
        channel: enum_code(&req.channel),
        content_type: enum_code(&req.content_type),
        severity: enum_code(&req.severity),
        description: req.description,
        customer_request: req.customer_request,
        internal_deadline_ms: settings.bank_instant(d.internal).timestamp_millis(),
        regulatory_deadline: d.regulatory,
    };
    let mut entry = origin.entry(me, AuditAction::CreateComplaint);
    entry.customer_id = Some(id.0);
    entry.fields = vec!["complaints".into()];
    let complaint_id = state
        .storage
        .create_complaint(scope, id, me.id, &row, &entry)
        .await?
        .ok_or(AppError::NotFound)?;
    let (complaint, _) = one_complaint(&state, scope, complaint_id).await?;
    Ok((StatusCode::CREATED, Json(complaint)))
}

/// One complaint with its steps.
#[utoipa::path(get, path = "/api/complaints/{id}", tag = "complaints",
    params(("id" = i64, Path, description = "Complaint id")),
    responses((status = 200, body = Complaint), (status = 404, description = "not_found")))]
#[tracing::instrument(skip(state, user, origin), fields(user = %user.0.username))]
pub async fn get_complaint(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
) -> AppResult<Json<Complaint>> {
    let (complaint, customer) = one_complaint(&state, Scope::of(&user.0), record_id(&id)?).await?;
    let mut entry = origin.entry(&user.0, AuditAction::ReadComplaints);
    entry.customer_id = Some(customer.0);
    state.storage.audit(&entry).await?;
    Ok(Json(complaint))
}

/// Move a complaint one step forward: received → investigating → resolved → customer
/// informed → closed. Closing needs a resolution and the customer's feedback or the
/// reason there is none.
#[utoipa::path(post, path = "/api/complaints/{id}/transitions", tag = "complaints",
    params(("id" = i64, Path, description = "Complaint id")),
    request_body = ComplaintTransition,
    responses((status = 200, body = Complaint), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"),
        (status = 409, description = "illegal_transition or stale_version, with the complaint as `current`"),
        (status = 422, description = "validation: what closing needs", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn transition(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<ComplaintTransition>,
) -> AppResult<Json<Complaint>> {
    let me = &user.0;
    let scope = write_scope(me)?;
    let id = record_id(&id)?;
    let (current, customer) = one_complaint(&state, scope, id).await?;
    if req.version != current.version {
        return Err(AppError::stale(&current));
    }
    let from = current.status;
    match next_complaint_status(from) {
        Some(next) if next == req.to => {}
        Some(next) => {
            let why = if req.to <= from {
                "a complaint never goes back a step"
            } else {
                "a complaint moves one step at a time"
            };
            return Err(AppError::illegal_transition(
                format!(
                    "The complaint is {} and can only move to {} ({why}), not to {}.",
                    enum_code(&from),
                    enum_code(&next),
                    enum_code(&req.to)
                ),
                &current,
            ));
        }
        None => {
            return Err(AppError::illegal_transition(
                "The complaint is closed: it does not move any more.".to_owned(),
                &current,
            ))
        }
    }
    let mut p = Problems::new();
    p.opt_text("note", req.note.as_deref(), SHORT_TEXT_MAX_CHARS);
    p.opt_text("resolution", req.resolution.as_deref(), LONG_TEXT_MAX_CHARS);
    p.opt_text("feedback", req.feedback.as_deref(), LONG_TEXT_MAX_CHARS);
    p.opt_text(
        "no_feedback_reason",
        req.no_feedback_reason.as_deref(),
        SHORT_TEXT_MAX_CHARS,
    );
    if req.to == ComplaintStatus::Closed {
        if req.resolution.is_none() && current.resolution.is_none() {
            p.add("resolution", "closing a complaint needs its resolution");
        }
        let has_feedback = req.feedback.is_some() || current.feedback.is_some();
        let has_reason = req.no_feedback_reason.is_some() || current.no_feedback_reason.is_some();
        if !has_feedback && !has_reason {
            p.add(
                "feedback",
                "closing a complaint needs the customer's feedback, or no_feedback_reason saying why there is none",
            );
        }
    }
    p.finish()?;
    let mut fields = vec!["status".to_owned()];
    for (name, given) in [
        ("resolution", req.resolution.is_some()),
        ("feedback", req.feedback.is_some()),
        ("no_feedback_reason", req.no_feedback_reason.is_some()),
    ] {
        if given {
            fields.push(name.to_owned());
        }
    }
    let mut entry = origin.entry(me, AuditAction::ComplaintTransition);
    entry.customer_id = Some(customer.0);
    entry.fields = fields;
    let t = TransitionRow {
        at_ms: state.settings.now().timestamp_millis(),
        from,
        to: req.to,
        version: req.version,
        note: req.note,
        resolution: req.resolution,
        feedback: req.feedback,
        no_feedback_reason: req.no_feedback_reason,
    };
    match state
        .storage
        .transition_complaint(scope, id, customer, me.id, &t, &entry)
        .await?
    {
        Versioned::Stale => {
            let (now, _) = one_complaint(&state, scope, id).await?;
            Err(AppError::stale(&now))
        }
        Versioned::Done(()) => Ok(Json(one_complaint(&state, scope, id).await?.0)),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// `open` (default: every complaint not closed), `nearing` or `overdue`.
    pub state: Option<ComplaintFilter>,
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> AppResult<T> {
    q.map(|Query(q)| q).map_err(|e| AppError::BadRequest {
        message: e.body_text(),
        field: None,
    })
}

/// Open complaints of the caller's scope (RM: own book; branch manager: the branch;
/// compliance: all), soonest internal deadline first, with where each stands.
#[utoipa::path(get, path = "/api/complaints", tag = "complaints", params(ListQuery),
    responses((status = 200, body = ComplaintsResponse)))]
#[tracing::instrument(skip(state, user, origin, q), fields(user = %user.0.username))]
pub async fn list_complaints(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> AppResult<Json<ComplaintsResponse>> {
    let q = query(q)?;
    let me = &user.0;
    let policy = load_policy(&state.storage).await?;
    let now = state.settings.now();
    let today = state.settings.today();
    let rows = state
        .storage
        .complaints(
            Scope::of(me),
            ComplaintSelection::All {
                open_only: true,
                received: None,
            },
        )
        .await?;
    let complaints: Vec<ComplaintListItem> = rows
        .into_iter()
        .map(|k| {
            let s = deadline_state(&k.complaint, now, today);
            ComplaintListItem {
                complaint: k.complaint,
                customer_name: mask_name(&k.customer_name, &policy.masking),
                rm_id: k.rm_id,
                deadline_state: s,
            }
        })
        .filter(|k| match q.state.unwrap_or(ComplaintFilter::Open) {
            ComplaintFilter::Open => true,
            ComplaintFilter::Nearing => k.deadline_state == DeadlineState::Nearing,
            ComplaintFilter::Overdue => k.deadline_state == DeadlineState::Overdue,
        })
        .collect();
    let mut entry = origin.entry(me, AuditAction::ReadComplaints);
    entry.detail = Some(format!("count={}", complaints.len()));
    state.storage.audit(&entry).await?;
    Ok(Json(ComplaintsResponse {
        as_of: today,
        complaints,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AnalysisQuery {
    /// YYYY-MM (default: the current month).
    #[param(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub month: Option<String>,
}

fn parse_month(s: &str) -> Option<NaiveDate> {
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// The month's complaints (received in it, bank time zone) of the caller's scope: counts
/// by content type, severity and channel; median hours to resolve; the share resolved by
/// the internal deadline; customers who complained more than once.
#[utoipa::path(get, path = "/api/complaints/analysis", tag = "complaints", params(AnalysisQuery),
    responses((status = 200, body = ComplaintAnalysis), (status = 422, description = "validation: month", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, q), fields(user = %user.0.username))]
pub async fn analysis(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    q: Result<Query<AnalysisQuery>, QueryRejection>,
) -> AppResult<Json<ComplaintAnalysis>> {
    let q = query(q)?;
    let me = &user.0;
    let today = state.settings.today();
    let month = match q.month.as_deref() {
        None => today.with_day(1).unwrap_or(today),
        Some(s) => parse_month(s).ok_or_else(|| {
            AppError::invalid("month", format!("must be a month as YYYY-MM (got {s:?})"))
        })?,
    };
    let last = month + Months::new(1) - Days::new(1);
    let rows = state
        .storage
        .complaints(
            Scope::of(me),
            ComplaintSelection::All {
                open_only: false,
                received: Some((month, last)),
            },
        )
        .await?;
    let mut by_content_type = BTreeMap::new();
    let mut by_severity = BTreeMap::new();
    let mut by_channel = BTreeMap::new();
    let mut per_customer: HashMap<CustomerId, u32> = HashMap::new();
    let mut hours = vec![];
    let mut within = 0u32;
    for k in &rows {
        let c = &k.complaint;
        *by_content_type.entry(c.content_type).or_insert(0u32) += 1;
        *by_severity.entry(c.severity).or_insert(0u32) += 1;
        *by_channel.entry(c.channel).or_insert(0u32) += 1;
        *per_customer.entry(c.customer_id).or_insert(0) += 1;
        if let Some(resolved) = c.resolved_at {
            hours.push((resolved - c.received_at).num_seconds() as f64 / 3600.0);
            if resolved <= c.internal_deadline {
                within += 1;
            }
        }
    }
    let resolved = hours.len() as u32;
    let mut repeat_complainants: Vec<RepeatComplainant> = per_customer
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(customer_id, complaints)| RepeatComplainant {
            customer_id,
            complaints,
        })
        .collect();
    repeat_complainants.sort_by(|a, b| {
        b.complaints
            .cmp(&a.complaints)
            .then(a.customer_id.cmp(&b.customer_id))
    });
    let mut entry = origin.entry(me, AuditAction::ReadComplaints);
    entry.detail = Some(format!("analysis month={month} count={}", rows.len()));
    state.storage.audit(&entry).await?;
    Ok(Json(ComplaintAnalysis {
        month,
        received: rows.len() as u32,
        by_content_type,
        by_severity,
        by_channel,
        resolved,
        median_hours_to_resolve: median(hours),
        resolved_within_deadline: within,
        share_resolved_within_deadline: (resolved > 0)
            .then(|| f64::from(within) / f64::from(resolved)),
        repeat_complainants,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_four_digits_dash_two() {
        assert_eq!(parse_month("2026-06"), NaiveDate::from_ymd_opt(2026, 6, 1));
        assert_eq!(parse_month("2026-13"), None);
        assert_eq!(parse_month("2026-6"), None);
        assert_eq!(parse_month("June"), None);
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }
}
