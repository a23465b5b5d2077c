//! Meeting mode (会面模式, docs/rules.md, Meeting mode): the advisor's PIN, starting a
//! meeting (the session is locked to it: ARCHITECTURE.md, "Meeting mode"), what the
//! meeting screens read, the products shown and risk warnings given, the signed summary,
//! and leaving with the PIN.

use super::{customer_id, writable_customer};
use crate::audit::Origin;
use crate::auth::{self, CurrentUser};
use crate::error::{AppError, AppJson, AppResult};
use crate::masking::mask_customer;
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::storage::{MeetingInterestRow, MeetingRow, NewInteractionRow, PinOutcome, Signing};
use crate::validate::Problems;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use clientbook_domain::api::{
    AuditAction, ErrorBody, Me, RevealField, RevealRequest, RevealResponse,
};
use clientbook_domain::meeting::{
    may_show, pin_is_well_formed, EndMeeting, HouseholdFigures, MeetingEnded, MeetingStarted,
    MeetingSummary, MeetingView, PinRequest, ProductRef, ProductShown, RiskAcknowledged,
};
use clientbook_domain::opportunity::meeting_interest_stage;
use clientbook_domain::recommend::PeerRates;
use clientbook_domain::service::{InteractionKind, InteractionOutcome, LONG_TEXT_MAX_CHARS};
use clientbook_domain::{BookCustomer, Channel, Product, ServiceAttribute};
use std::collections::HashSet;

/// Points a signature may have (a long signature is a few hundred).
const SIGNATURE_MAX_POINTS: usize = 20_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/pin", put(set_pin))
        .route("/customers/{id}/meeting", post(start))
        .route("/meeting", get(current))
        .route("/meeting/shown", post(shown))
        .route("/meeting/warnings", post(warning))
        .route("/meeting/reveal", post(reveal))
        .route("/meeting/end", post(end))
        .route("/meeting/exit", post(exit))
}

fn session_hash(headers: &HeaderMap) -> AppResult<String> {
    auth::session_token(headers)
        .map(|t| auth::token_hash(&t))
        .ok_or(AppError::NotSignedIn)
}

/// The session's meeting, which must be the caller's own: 404 when not in one.
async fn my_meeting(state: &AppState, me: &Me) -> AppResult<MeetingRow> {
    let id = me.meeting_id.ok_or(AppError::NotFound)?;
    state
        .storage
        .meeting(id)
        .await?
        .filter(|m| m.user_id == me.id)
        .ok_or(AppError::NotFound)
}

/// The meeting's customer, unmasked (callers mask what they send).
async fn meeting_customer(state: &AppState, me: &Me, m: &MeetingRow) -> AppResult<BookCustomer> {
    state
        .storage
        .book_customer(Scope::of(me), m.customer_id, state.settings.today())
        .await?
        .ok_or(AppError::NotFound)
}

async fn product(state: &AppState, r: ProductRef) -> AppResult<Product> {
    state
        .storage
        .products()
        .await?
        .into_iter()
        .find(|p| p.id == r.product_id)
        .ok_or_else(|| AppError::invalid("product_id", "names no product on the shelf"))
}

/// Set your meeting PIN (4–8 digits), needed to leave meeting mode.
#[utoipa::path(put, path = "/api/me/pin", tag = "meetings", request_body = PinRequest,
    responses((status = 204, description = "PIN set"), (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn set_pin(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    AppJson(req): AppJson<PinRequest>,
) -> AppResult<StatusCode> {
    if !pin_is_well_formed(&req.pin) {
        return Err(AppError::invalid("pin", "must be 4 to 8 digits"));
    }
    let hash = auth::hash_password(&req.pin)?;
    let entry = origin.entry(&user.0, AuditAction::SetMeetingPin);
    state
        .storage
        .set_meeting_pin(user.0.id, &hash, &entry)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start a meeting with the customer: from now on the session reaches only the meeting's
/// own endpoints until the advisor's PIN is given (`POST /api/meeting/exit`).
#[utoipa::path(post, path = "/api/customers/{id}/meeting", tag = "meetings",
    params(("id" = i64, Path, description = "Customer id")),
    responses((status = 201, body = MeetingStarted), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"), (status = 422, description = "validation: no meeting PIN set", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> AppResult<(StatusCode, Json<MeetingStarted>)> {
    let me = &user.0;
    let (scope, id, _) = writable_customer(&state, me, &id).await?;
    if state.storage.meeting_pin_hash(me.id).await?.is_none() {
        return Err(AppError::invalid(
            "pin",
            "set your meeting PIN in Settings first: it is needed to leave the meeting",
        ));
    }
    let mut entry = origin.entry(me, AuditAction::StartMeeting);
    entry.customer_id = Some(id.0);
    let meeting_id = state
        .storage
        .start_meeting(scope, id, me.id, &session_hash(&headers)?, &entry)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(MeetingStarted { meeting_id })))
}

/// What the meeting screens show: the one customer, masked, without complaints or
/// surveys; the shelf, policy and the book's product rates for the recommendations.
#[utoipa::path(get, path = "/api/meeting", tag = "meetings",
    responses((status = 200, body = MeetingView), (status = 404, description = "not_found: not in a meeting")))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn current(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
) -> AppResult<Json<MeetingView>> {
    let me = &user.0;
    let m = my_meeting(&state, me).await?;
    let policy = load_policy(&state.storage).await?;
    let today = state.settings.today();
    let book = state.storage.book(Scope::of(me), today, 1).await?;
    let peers = PeerRates::from_book(&book, &policy);
    let mut customer = meeting_customer(&state, me, &m).await?;
    let household = customer.household_id.map(|h| {
        let members: Vec<&BookCustomer> =
            book.iter().filter(|c| c.household_id == Some(h)).collect();
        HouseholdFigures {
            members: members.len() as u32,
            combined_aum: members.iter().map(|c| c.aum()).sum(),
        }
    });
    mask_customer(&mut customer, &policy.masking);
    customer.complaints.clear();
    customer.surveys.clear();
    let mut entry = origin.entry(me, AuditAction::ReadMeeting);
    entry.customer_id = Some(m.customer_id.0);
    entry.detail = Some(format!("meeting={}", m.id));
    state.storage.audit(&entry).await?;
    Ok(Json(MeetingView {
        meeting_id: m.id,
        started_at: crate::storage::at(m.started_at_ms),
        customer,
        household,
        shelf: state.storage.products().await?,
        policy,
        peers,
        today,
        shown: state.storage.products_shown(m.id).await?,
        warnings: state.storage.risk_warnings(m.id).await?,
        signed: m.ended_at_ms.is_some(),
    }))
}

/// Record that a product was shown to the client (a regulated step of selling): refused
/// (422) for a product above the client's level.
#[utoipa::path(post, path = "/api/meeting/shown", tag = "meetings", request_body = ProductRef,
    responses((status = 201, body = ProductShown), (status = 404, description = "not_found: not in a meeting"),
        (status = 422, description = "validation: no such product, or above the client's level", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn shown(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    AppJson(req): AppJson<ProductRef>,
) -> AppResult<(StatusCode, Json<ProductShown>)> {
    let me = &user.0;
    let m = my_meeting(&state, me).await?;
    let p = product(&state, req).await?;
    let customer = meeting_customer(&state, me, &m).await?;
    let policy = load_policy(&state.storage).await?;
    let today = state.settings.today();
    if !may_show(&customer, p.risk, &policy, today) {
        return Err(AppError::invalid(
            "product_id",
            format!(
                "is {:?}, above what this client may be offered: give the risk warning instead",
                p.risk
            ),
        ));
    }
    let mut entry = origin.entry(me, AuditAction::ShowProduct);
    entry.customer_id = Some(m.customer_id.0);
    entry.detail = Some(format!("meeting={} product={}", m.id, p.code));
    let s = state
        .storage
        .record_product_shown(m.id, p.id, &entry)
        .await?;
    Ok((StatusCode::CREATED, Json(s)))
}

/// Record the risk warning given for a product above the client's level, and the
/// client's acknowledgement. The product still cannot be shown or noted as an interest.
#[utoipa::path(post, path = "/api/meeting/warnings", tag = "meetings", request_body = ProductRef,
    responses((status = 201, body = RiskAcknowledged), (status = 404, description = "not_found: not in a meeting"),
        (status = 422, description = "validation: no such product, or within the client's level", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn warning(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    AppJson(req): AppJson<ProductRef>,
) -> AppResult<(StatusCode, Json<RiskAcknowledged>)> {
    let me = &user.0;
    let m = my_meeting(&state, me).await?;
    let p = product(&state, req).await?;
    let customer = meeting_customer(&state, me, &m).await?;
    let policy = load_policy(&state.storage).await?;
    let profile = clientbook_domain::suitability::score(&customer, &policy, state.settings.today());
    if profile.allows(p.risk) {
        return Err(AppError::invalid(
            "product_id",
            "is within the client's level: no risk warning is needed",
        ));
    }
    let mut entry = origin.entry(me, AuditAction::RiskWarning);
    entry.customer_id = Some(m.customer_id.0);
    entry.detail = Some(format!(
        "meeting={} product={} risk={:?} max={:?}",
        m.id, p.code, p.risk, profile.max_risk
    ));
    let a = state
        .storage
        .record_risk_warning(m.id, p.id, p.risk, profile.max_risk, &entry)
        .await?;
    Ok((StatusCode::CREATED, Json(a)))
}

/// The client's own full phone number, on their request (audited). Only the phone.
#[utoipa::path(post, path = "/api/meeting/reveal", tag = "meetings", operation_id = "reveal_in_meeting", request_body = RevealRequest,
    responses((status = 200, body = RevealResponse), (status = 404, description = "not_found: not in a meeting"),
        (status = 422, description = "validation: only the phone is revealed in a meeting", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn reveal(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    AppJson(req): AppJson<RevealRequest>,
) -> AppResult<Json<RevealResponse>> {
    let me = &user.0;
    let m = my_meeting(&state, me).await?;
    if req.field != RevealField::Phone {
        return Err(AppError::invalid(
            "field",
            "only the client's phone is revealed in a meeting",
        ));
    }
    let ids = state
        .storage
        .identifiers(Scope::of(me), m.customer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut entry = origin.entry(me, AuditAction::Reveal);
    entry.customer_id = Some(m.customer_id.0);
    entry.fields = vec!["phone".into()];
    entry.detail = Some(format!("meeting={}", m.id));
    state.storage.audit(&entry).await?;
    Ok(Json(RevealResponse {
        field: RevealField::Phone,
        value: ids.phone,
    }))
}

/// Every problem of the end-of-meeting body.
fn check_end(req: &EndMeeting, allowed: &HashSet<i64>, p: &mut Problems) {
    if !req.confirmed {
        p.add(
            "confirmed",
            "the client must confirm having read the summary",
        );
    }
    let points = req.signature.points();
    if points < 2 {
        p.add("signature", "the client must sign");
    } else if points > SIGNATURE_MAX_POINTS {
        p.add(
            "signature",
            format!("must have at most {SIGNATURE_MAX_POINTS} points"),
        );
    }
    if req.signature.width == 0
        || req.signature.height == 0
        || req.signature.width > 4000
        || req.signature.height > 4000
    {
        p.add("signature", "width and height must be 1 to 4000 pixels");
    }
    p.opt_text(
        "note",
        Some(req.note.as_str()).filter(|n| !n.is_empty()),
        LONG_TEXT_MAX_CHARS,
    );
    for (i, id) in req.interest.iter().enumerate() {
        if !allowed.contains(&id.0) {
            p.add(
                format!("interest[{i}]"),
                "names no product within the client's level",
            );
        }
    }
    if let Some(s) = &req.survey {
        p.range("survey.recommend", s.recommend.into(), 0, 10);
        p.range("survey.overall", s.overall.into(), 1, 5);
        let mut seen = HashSet::new();
        for (i, r) in s.ratings.iter().enumerate() {
            if !seen.insert(r.attribute) {
                p.add(format!("survey.ratings[{i}].attribute"), "is rated twice");
            }
            p.range(
                &format!("survey.ratings[{i}].satisfaction"),
                r.satisfaction.into(),
                1,
                5,
            );
            p.range(
                &format!("survey.ratings[{i}].importance"),
                r.importance.into(),
                1,
                5,
            );
        }
        let mut seen: HashSet<ServiceAttribute> = HashSet::new();
        for (i, k) in s.kano.iter().enumerate() {
            if !seen.insert(k.attribute) {
                p.add(format!("survey.kano[{i}].attribute"), "is asked twice");
            }
        }
    }
}

/// The client confirmed and signed the summary: store it with its hash chained into the
/// audit log, the meeting as one contact on the timeline, and the survey. The session
/// stays in meeting mode until the advisor's PIN.
#[utoipa::path(post, path = "/api/meeting/end", tag = "meetings", request_body = EndMeeting,
    responses((status = 201, body = MeetingEnded), (status = 404, description = "not_found: not in a meeting"),
        (status = 409, description = "illegal_transition: signed already"),
        (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn end(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    AppJson(req): AppJson<EndMeeting>,
) -> AppResult<(StatusCode, Json<MeetingEnded>)> {
    let me = &user.0;
    let m = my_meeting(&state, me).await?;
    let customer = meeting_customer(&state, me, &m).await?;
    let policy = load_policy(&state.storage).await?;
    let today = state.settings.today();
    let shelf = state.storage.products().await?;
    let allowed: HashSet<i64> = shelf
        .iter()
        .filter(|p| may_show(&customer, p.risk, &policy, today))
        .map(|p| p.id.0)
        .collect();
    let mut p = Problems::new();
    check_end(&req, &allowed, &mut p);
    p.finish()?;
    let ended_at_ms = crate::storage::now_ms();
    let summary = MeetingSummary {
        meeting_id: m.id,
        customer_id: m.customer_id,
        advisor: m.advisor.clone(),
        started_at: crate::storage::at(m.started_at_ms),
        ended_at: crate::storage::at(ended_at_ms),
        shown: state.storage.products_shown(m.id).await?,
        warnings: state.storage.risk_warnings(m.id).await?,
        interest: req.interest.clone(),
        survey: req.survey.clone(),
        note: req.note.clone(),
    };
    let summary_json = serde_json::to_string(&summary).map_err(AppError::internal)?;
    let signature_json = serde_json::to_string(&req.signature).map_err(AppError::internal)?;
    let codes: Vec<&str> = req
        .interest
        .iter()
        .filter_map(|id| shelf.iter().find(|p| p.id == *id))
        .map(|p| p.code.as_str())
        .collect();
    let mut note = format!("Client meeting (meeting {}).", m.id);
    if !codes.is_empty() {
        note.push_str(&format!(" Interested in: {}.", codes.join(", ")));
    }
    if !req.note.trim().is_empty() {
        note.push(' ');
        note.push_str(req.note.trim());
    }
    let interaction = NewInteractionRow {
        occurred_on: today,
        kind: InteractionKind::Visit,
        channel: Channel::Branch,
        outcome: if codes.is_empty() {
            InteractionOutcome::ServiceRequest
        } else {
            InteractionOutcome::Interested
        },
        note: note.chars().take(LONG_TEXT_MAX_CHARS).collect(),
        next_step: None,
    };
    // Each interest becomes an opportunity of the pipeline (docs/rules.md, Meeting mode).
    let profile = clientbook_domain::suitability::score(&customer, &policy, today);
    let mut noted = HashSet::new();
    let interests: Vec<MeetingInterestRow> = req
        .interest
        .iter()
        .filter(|id| noted.insert(id.0))
        .filter_map(|id| shelf.iter().find(|p| p.id == *id))
        .map(|p| MeetingInterestRow {
            product_id: p.id,
            product_family: p.family,
            stage: meeting_interest_stage(&profile, p.risk, p.family),
        })
        .collect();
    let mut entry = origin.entry(me, AuditAction::SignMeeting);
    entry.customer_id = Some(m.customer_id.0);
    entry.fields = vec!["meetings".into(), "interactions".into()];
    if req.survey.is_some() {
        entry.fields.push("surveys".into());
    }
    if !interests.is_empty() {
        entry.fields.push("opportunities".into());
    }
    let signing = Signing {
        meeting: &m,
        summary: &summary_json,
        signature: &signature_json,
        interaction: &interaction,
        survey: req.survey.as_ref().map(|s| (s, today)),
        interests: &interests,
        ended_at_ms,
    };
    let (record_hash, chain_hash) = state
        .storage
        .sign_meeting(&signing, &entry)
        .await?
        .ok_or_else(|| {
            AppError::illegal_transition(
                "This meeting's summary is signed already.".to_owned(),
                &serde_json::json!({ "meeting_id": m.id }),
            )
        })?;
    Ok((
        StatusCode::CREATED,
        Json(MeetingEnded {
            summary,
            record_hash,
            chain_hash,
        }),
    ))
}

/// Leave meeting mode with the advisor's PIN. A wrong PIN answers 403 `wrong_pin`; the
/// fifth wrong one in a row ends the session (401, the cookie cleared).
#[utoipa::path(post, path = "/api/meeting/exit", tag = "meetings", request_body = PinRequest,
    responses((status = 204, description = "Meeting mode left"), (status = 401, description = "not_signed_in: the fifth wrong PIN ended the session"),
        (status = 403, description = "wrong_pin", body = ErrorBody), (status = 404, description = "not_found: not in a meeting")))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn exit(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    headers: HeaderMap,
    AppJson(req): AppJson<PinRequest>,
) -> AppResult<Response> {
    let me = &user.0;
    let m = my_meeting(&state, me).await?;
    let session = session_hash(&headers)?;
    let hash = state.storage.meeting_pin_hash(me.id).await?;
    let ok = hash
        .as_deref()
        .is_some_and(|h| auth::verify_password(h, &req.pin));
    if ok {
        let mut entry = origin.entry(me, AuditAction::LeaveMeeting);
        entry.customer_id = Some(m.customer_id.0);
        entry.detail = Some(format!("meeting={}", m.id));
        state
            .storage
            .leave_meeting(me.id, m.id, &session, &entry)
            .await?;
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let mut entry = origin.entry(me, AuditAction::MeetingPinFailed);
    entry.customer_id = Some(m.customer_id.0);
    match state
        .storage
        .meeting_pin_failed(me.id, &session, &entry)
        .await?
    {
        PinOutcome::TriesLeft(tries_left) => Err(AppError::WrongPin { tries_left }),
        PinOutcome::SessionEnded => {
            let secure = auth::is_https(&headers, state.settings.secure_cookies);
            let mut r = AppError::NotSignedIn.into_response();
            if let Ok(v) = auth::clear_session_cookie(secure).parse() {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            Ok(r)
        }
    }
}

/// A path id check shared with the compliance routes.
pub fn meeting_id(raw: &str) -> AppResult<i64> {
    customer_id(raw).map(|c| c.0)
}
