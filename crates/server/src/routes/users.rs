//! Staff accounts (admin only): list, create, reset a password, disable and enable.
//! Disabling ends the user's sessions at once.

use super::record_id;
use crate::audit::Origin;
use crate::auth::{self, CurrentUser};
use crate::error::{AppError, AppJson, AppResult};
use crate::validate::Problems;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use clientbook_domain::api::{AuditAction, ErrorBody, Me, Role};
use clientbook_domain::service::{
    NewUser, PasswordReset, UserSummary, UsersResponse, PASSWORD_MIN_CHARS,
};
use clientbook_domain::UserId;

/// Longest password accepted (argon2 takes any length; this bounds the work).
const PASSWORD_MAX_CHARS: usize = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", get(list_users).post(create_user))
        .route("/users/{id}/password", post(reset_password))
        .route("/users/{id}/disable", post(disable))
        .route("/users/{id}/enable", post(enable))
}

fn admin(me: &Me) -> AppResult<()> {
    if me.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn check_password(p: &mut Problems, field: &str, password: &str) {
    let n = password.chars().count();
    if n < PASSWORD_MIN_CHARS {
        p.add(
            field,
            format!("must be at least {PASSWORD_MIN_CHARS} characters"),
        );
    } else if n > PASSWORD_MAX_CHARS {
        p.add(
            field,
            format!("must be at most {PASSWORD_MAX_CHARS} characters"),
        );
    }
}

async fn hash(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(AppError::internal)?
}

async fn one_user(state: &AppState, id: UserId) -> AppResult<UserSummary> {
    state
        .storage
        .users(Some(id))
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

#[utoipa::path(get, path = "/api/users", tag = "users",
    responses((status = 200, body = UsersResponse), (status = 403, description = "forbidden: not an admin")))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn list_users(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<UsersResponse>> {
    admin(&user.0)?;
    Ok(Json(UsersResponse {
        users: state.storage.users(None).await?,
    }))
}

/// Create a user with a role, a branch (RMs and branch managers) and an initial password.
#[utoipa::path(post, path = "/api/users", tag = "users", request_body = NewUser,
    responses((status = 201, body = UserSummary), (status = 403, description = "forbidden: not an admin"),
        (status = 409, description = "already_exists: the username is taken", body = ErrorBody),
        (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn create_user(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    AppJson(req): AppJson<NewUser>,
) -> AppResult<(StatusCode, Json<UserSummary>)> {
    let me = &user.0;
    admin(me)?;
    let mut p = Problems::new();
    let username_ok = (3..=32).contains(&req.username.len())
        && req
            .username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if !username_ok {
        p.add("username", "must be 3 to 32 of a-z, 0-9, '.', '_' and '-'");
    }
    p.text("display_name", &req.display_name, 100);
    check_password(&mut p, "password", &req.password);
    match (req.role, req.branch_id) {
        (Role::RelationshipManager | Role::BranchManager, None) => {
            p.add("branch_id", "is required for this role")
        }
        (Role::RelationshipManager | Role::BranchManager, Some(b)) => {
            if !state.storage.branch_exists(b).await? {
                p.add("branch_id", "no such branch");
            }
        }
        (Role::Compliance | Role::Admin, Some(_)) => {
            p.add("branch_id", "must be absent for this role")
        }
        (Role::Compliance | Role::Admin, None) => {}
    }
    p.finish()?;
    let password_hash = hash(req.password).await?;
    let mut entry = origin.entry(me, AuditAction::CreateUser);
    entry.fields = vec!["username".into(), "role".into(), "branch_id".into()];
    let id = state
        .storage
        .create_user(
            &req.username,
            &req.display_name,
            req.role,
            req.branch_id,
            &password_hash,
            &entry,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(one_user(&state, id).await?)))
}

/// Set a new password: unlocks the account and ends its sessions.
#[utoipa::path(post, path = "/api/users/{id}/password", tag = "users",
    params(("id" = i64, Path, description = "User id")), request_body = PasswordReset,
    responses((status = 200, body = UserSummary), (status = 403, description = "forbidden"),
        (status = 404, description = "not_found"), (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn reset_password(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<PasswordReset>,
) -> AppResult<Json<UserSummary>> {
    let me = &user.0;
    admin(me)?;
    let id = UserId(record_id(&id)?);
    one_user(&state, id).await?;
    let mut p = Problems::new();
    check_password(&mut p, "password", &req.password);
    p.finish()?;
    let password_hash = hash(req.password).await?;
    let mut entry = origin.entry(me, AuditAction::ResetPassword);
    entry.fields = vec!["password".into()];
    if !state
        .storage
        .reset_password(id, &password_hash, &entry)
        .await?
    {
        return Err(AppError::NotFound);
    }
    Ok(Json(one_user(&state, id).await?))
}

async fn set_disabled(
    state: AppState,
    me: &Me,
    origin: Origin,
    id: &str,
    disabled: bool,
) -> AppResult<Json<UserSummary>> {
    admin(me)?;
    let id = UserId(record_id(id)?);
    if disabled && id == me.id {
        return Err(AppError::invalid(
            "id",
            "you cannot disable your own account",
        ));
    }
    let action = if disabled {
        AuditAction::DisableUser
    } else {
        AuditAction::EnableUser
    };
    let mut entry = origin.entry(me, action);
    entry.fields = vec!["disabled".into()];
    if !state.storage.set_disabled(id, disabled, &entry).await? {
        return Err(AppError::NotFound);
    }
    Ok(Json(one_user(&state, id).await?))
}

/// Disable a user: they cannot sign in, and their sessions end now.
#[utoipa::path(post, path = "/api/users/{id}/disable", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = UserSummary), (status = 403, description = "forbidden"), (status = 404, description = "not_found"),
        (status = 422, description = "validation: an admin cannot disable their own account", body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn disable(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
) -> AppResult<Json<UserSummary>> {
    set_disabled(state, &user.0, origin, &id, true).await
}

#[utoipa::path(post, path = "/api/users/{id}/enable", tag = "users",
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = UserSummary), (status = 403, description = "forbidden"), (status = 404, description = "not_found")))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn enable(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
) -> AppResult<Json<UserSummary>> {
    set_disabled(state, &user.0, origin, &id, false).await
}
