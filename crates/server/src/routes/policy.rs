//! The scoring policy: every signed-in user reads it (the browser scores with it); only
//! an admin changes it.

use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJsonExact, AppResult};
use crate::storage::Storage;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use clientbook_domain::api::{AuditAction, FieldProblem, Role};
use clientbook_domain::ScoringPolicy;

pub fn router() -> Router<AppState> {
    Router::new().route("/policy", get(get_policy).put(put_policy))
}

/// The stored policy, or the defaults when none was saved.
pub async fn load_policy(storage: &Storage) -> AppResult<ScoringPolicy> {
    match storage.policy_document().await? {
        Some(doc) => serde_json::from_str(&doc).map_err(AppError::internal),
        None => Ok(ScoringPolicy::default()),
    }
}

#[utoipa::path(get, path = "/api/policy", tag = "policy",
    responses((status = 200, description = "The scoring policy", body = ScoringPolicy)))]
#[tracing::instrument(skip_all, fields(user = %_user.0.username))]
pub async fn get_policy(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> AppResult<Json<ScoringPolicy>> {
    Ok(Json(load_policy(&state.storage).await?))
}

/// Replace the policy (admin only). Invalid → 422 naming each field; nothing stored.
#[utoipa::path(put, path = "/api/policy", tag = "policy",
    request_body = ScoringPolicy,
    responses(
        (status = 200, description = "The stored policy", body = ScoringPolicy),
        (status = 403, description = "forbidden: not an admin"),
        (status = 422, description = "validation: the fields that break a rule"),
    ))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn put_policy(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    AppJsonExact(policy): AppJsonExact<ScoringPolicy>,
) -> AppResult<Json<ScoringPolicy>> {
    let me = &user.0;
    if me.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let problems = policy.validate();
    if !problems.is_empty() {
        return Err(AppError::Validation(
            problems
                .into_iter()
                .map(|v| FieldProblem {
                    field: v.field,
                    problem: v.problem,
                })
                .collect(),
        ));
    }
    let document = serde_json::to_string(&policy).map_err(AppError::internal)?;
    let mut entry = origin.entry(me, AuditAction::UpdatePolicy);
    entry.detail = Some(document.clone());
    state
        .storage
        .save_policy(&document, me.id.0, &entry)
        .await?;
    Ok(Json(policy))
}
