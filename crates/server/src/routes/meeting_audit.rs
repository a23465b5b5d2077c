//! What compliance reads of meetings: the signed summaries, one summary with its
//! signature, and the check of the hash chain (docs/rules.md, Meeting mode); and the
//! Kano answers of the caller's scope for the satisfaction page.

use super::meetings::meeting_id;
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::scope::Scope;
use crate::storage::{chain_hash, record_hash, SignedRow, GENESIS_HASH};
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use clientbook_domain::api::{AuditAction, Role};
use clientbook_domain::meeting::{ChainBreak, ChainCheck, KanoAnswers, MeetingList, StoredMeeting};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/audit/meetings", get(list))
        .route("/audit/meetings/{id}", get(one))
        .route("/audit/meeting-chain", get(check))
        .route("/satisfaction/kano", get(kano))
}

fn compliance(role: Role) -> AppResult<()> {
    match role {
        Role::Compliance | Role::Admin => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// Signed meetings, newest first (compliance and admins).
#[utoipa::path(get, path = "/api/audit/meetings", tag = "audit", operation_id = "list_meeting_summaries",
    responses((status = 200, body = MeetingList), (status = 403, description = "forbidden")))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<MeetingList>> {
    compliance(user.0.role)?;
    Ok(Json(MeetingList {
        meetings: state.storage.meeting_list(Scope::All).await?,
    }))
}

/// One signed summary and its signature, as stored (audited).
#[utoipa::path(get, path = "/api/audit/meetings/{id}", tag = "audit", operation_id = "meeting_summary",
    params(("id" = i64, Path, description = "Meeting id")),
    responses((status = 200, body = StoredMeeting), (status = 403, description = "forbidden"), (status = 404, description = "not_found")))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn one(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
) -> AppResult<Json<StoredMeeting>> {
    compliance(user.0.role)?;
    let id = meeting_id(&id)?;
    let row = state
        .storage
        .signed_meetings(Some(id))
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let summary: clientbook_domain::meeting::MeetingSummary =
        serde_json::from_str(&row.summary).map_err(AppError::internal)?;
    let mut entry = origin.entry(&user.0, AuditAction::ReadMeetingSummary);
    entry.customer_id = Some(summary.customer_id.0);
    entry.detail = Some(format!("meeting={id}"));
    state.storage.audit(&entry).await?;
    Ok(Json(StoredMeeting {
        summary,
        signature: serde_json::from_str(&row.signature).map_err(AppError::internal)?,
        record_hash: row.record_hash,
        chain_hash: row.chain_hash,
    }))
}

/// The breaks of a chain of signed meetings, in chain order.
pub fn chain_breaks(rows: &[SignedRow]) -> Vec<ChainBreak> {
    let mut out = vec![];
    let mut prev = GENESIS_HASH.to_owned();
    for r in rows {
        let mut problems = vec![];
        if record_hash(&r.summary, &r.signature) != r.record_hash {
            problems.push("record: the summary or signature was changed after signing");
        }
        if r.prev_hash != prev || chain_hash(&r.prev_hash, &r.record_hash) != r.chain_hash {
            problems.push("chain: the chain hash does not follow from the previous one");
        }
        if r.audited_chain.as_deref() != Some(r.chain_hash.as_str()) {
            problems.push("audit: the chain hash differs from the one the audit log recorded");
        }
        if !problems.is_empty() {
            out.push(ChainBreak {
                meeting_id: r.meeting_id,
                problem: problems.join("; "),
            });
        }
        prev = r.chain_hash.clone();
    }
    out
}

/// Recompute every signed meeting's record and chain hash and compare them with what is
/// stored and with the audit log (compliance and admins; the check is audited).
#[utoipa::path(get, path = "/api/audit/meeting-chain", tag = "audit",
    responses((status = 200, body = ChainCheck), (status = 403, description = "forbidden")))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn check(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
) -> AppResult<Json<ChainCheck>> {
    compliance(user.0.role)?;
    let rows = state.storage.signed_meetings(None).await?;
    let breaks = chain_breaks(&rows);
    let mut entry = origin.entry(&user.0, AuditAction::CheckMeetingChain);
    entry.detail = Some(format!("records={} breaks={}", rows.len(), breaks.len()));
    state.storage.audit(&entry).await?;
    Ok(Json(ChainCheck {
        records: rows.len() as u32,
        intact: breaks.is_empty(),
        breaks,
    }))
}

/// Kano pairs answered in surveys of the caller's scope (the category is computed by the
/// app with the domain crate).
#[utoipa::path(get, path = "/api/satisfaction/kano", tag = "surveys",
    responses((status = 200, body = KanoAnswers)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn kano(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<KanoAnswers>> {
    Ok(Json(KanoAnswers {
        pairs: state.storage.kano_pairs(Scope::of(&user.0)).await?,
    }))
}
