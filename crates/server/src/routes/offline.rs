//! The offline secret (docs/rules.md, Offline): 32 random bytes per user, kept on the
//! server and released only to that user's live session, from which the browser derives
//! the AES-GCM key of the customers it prepared for offline use. Rotating it makes every
//! copy a browser holds unreadable. Answers carry `Cache-Control: no-store` (as all of
//! `/api`), the value is never logged, and every release or rotation is audited.

use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::storage::{insert_audit_entry, now_ms, NewAuditEntry};
use crate::AppState;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use clientbook_domain::api::AuditAction;
use clientbook_domain::offline::OfflineSecret;
use rand::RngCore;
use sqlx::Row;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/offline/key", get(offline_key))
        .route("/offline/key/rotate", post(rotate_offline_key))
}

fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn answer(secret: String, created_ms: i64) -> OfflineSecret {
    OfflineSecret {
        secret,
        created_at: chrono::DateTime::from_timestamp_millis(created_ms).unwrap_or_default(),
    }
}

/// The signed-in user's offline secret, made on first use.
#[utoipa::path(get, path = "/api/offline/key", tag = "offline",
    responses((status = 200, body = OfflineSecret, description = "The secret; never cached (no-store)"),
        (status = 401, description = "not_signed_in")))]
#[tracing::instrument(skip(state, user, origin), fields(user = %user.0.username))]
pub async fn offline_key(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
) -> AppResult<Json<OfflineSecret>> {
    let me = &user.0;
    let mut tx = state.storage.begin_write().await?;
    sqlx::query(
        "INSERT INTO offline_secrets (user_id, secret, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(me.id.0)
    .bind(new_secret())
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let row = sqlx::query("SELECT secret, created_at FROM offline_secrets WHERE user_id = $1")
        .bind(me.id.0)
        .fetch_one(&mut *tx)
        .await?;
    let secret = answer(row.try_get("secret")?, row.try_get("created_at")?);
    insert_audit_entry(
        &mut *tx,
        &entry(&origin, me, AuditAction::ReadOfflineKey, &secret),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(secret))
}

/// Replace the signed-in user's offline secret: what any browser prepared under the old
/// one can no longer be decrypted (a lost tablet).
#[utoipa::path(post, path = "/api/offline/key/rotate", tag = "offline",
    responses((status = 200, body = OfflineSecret, description = "The new secret; never cached (no-store)"),
        (status = 401, description = "not_signed_in"), (status = 403, description = "read_only")))]
#[tracing::instrument(skip(state, user, origin), fields(user = %user.0.username))]
pub async fn rotate_offline_key(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
) -> AppResult<Json<OfflineSecret>> {
    let me = &user.0;
    let secret = answer(new_secret(), now_ms());
    let mut tx = state.storage.begin_write().await?;
    sqlx::query("DELETE FROM offline_secrets WHERE user_id = $1")
        .bind(me.id.0)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO offline_secrets (user_id, secret, created_at) VALUES ($1, $2, $3)")
        .bind(me.id.0)
        .bind(&secret.secret)
        .bind(secret.created_at.timestamp_millis())
        .execute(&mut *tx)
        .await?;
    insert_audit_entry(
        &mut *tx,
        &entry(&origin, me, AuditAction::RotateOfflineKey, &secret),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(secret))
}

/// The audit entry: which secret (by its date), never its value.
fn entry(
    origin: &Origin,
    me: &clientbook_domain::api::Me,
    action: AuditAction,
    secret: &OfflineSecret,
) -> NewAuditEntry {
    let mut e = origin.entry(me, action);
    e.detail = Some(format!("secret of {}", secret.created_at.to_rfc3339()));
    e
}
