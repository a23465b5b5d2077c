use crate::error::AppResult;
use crate::model::Health;
use crate::storage::DbKind;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

/// Liveness and database reachability (for load balancers; no session needed).
#[utoipa::path(get, path = "/api/health", tag = "system",
    responses((status = 200, description = "The server and its database answer", body = Health)))]
#[tracing::instrument(skip_all)]
pub async fn health(State(state): State<AppState>) -> AppResult<Json<Health>> {
    state.storage.health().await?;
    Ok(Json(Health {
        status: "ok".into(),
        database: match state.storage.kind() {
            DbKind::Sqlite => "sqlite",
            DbKind::Postgres => "postgres",
        }
        .into(),
        version: clientbook_domain::release::RELEASE.into(),
    }))
}
