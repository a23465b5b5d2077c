//! Stale fields (docs/rules.md, Stale fields): which contact fields of a customer are
//! due for confirmation, confirming them as they are, and the count for home.

use super::{customer_id, writable_customer};
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppJson, AppResult};
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::storage::{ConfirmationRows, Versioned};
use crate::validate::Problems;
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use clientbook_domain::api::{AuditAction, ErrorBody};
use clientbook_domain::stale::{
    field_statuses, stale_fields, ConfirmFields, StaleFieldsView, StaleSummary,
};
use clientbook_domain::CustomerId;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/customers/{id}/stale-fields", get(fields))
        .route("/customers/{id}/stale-fields/confirm", post(confirm))
        .route("/stale-fields/summary", get(summary))
}

async fn view(state: &AppState, scope: Scope, id: CustomerId) -> AppResult<StaleFieldsView> {
    let rows = state
        .storage
        .field_confirmations(scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let policy = load_policy(&state.storage).await?;
    Ok(to_view(rows, &policy, state.settings.today()))
}

fn to_view(
    rows: ConfirmationRows,
    policy: &clientbook_domain::ScoringPolicy,
    today: chrono::NaiveDate,
) -> StaleFieldsView {
    StaleFieldsView {
        fields: field_statuses(
            &rows.confirmations,
            rows.kyc_reviewed_on.unwrap_or(today),
            &policy.data_quality,
            today,
        ),
        version: rows.version,
    }
}

/// The customer's contact fields with their last confirmation and whether it is stale.
#[utoipa::path(get, path = "/api/customers/{id}/stale-fields", tag = "stale_fields",
    params(("id" = i64, Path, description = "Customer id")),
    responses((status = 200, body = StaleFieldsView), (status = 404, description = "not_found (or not in your scope)")))]
#[tracing::instrument(skip(state, user), fields(user = %user.0.username))]
pub async fn fields(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Json<StaleFieldsView>> {
    let id = customer_id(&id)?;
    Ok(Json(view(&state, Scope::of(&user.0), id).await?))
}

/// Confirm contact fields as they are, today. Audited with the fields; 409 with the
/// fields as they are when the customer's version is not the one sent.
#[utoipa::path(post, path = "/api/customers/{id}/stale-fields/confirm", tag = "stale_fields",
    params(("id" = i64, Path, description = "Customer id")),
    request_body = ConfirmFields,
    responses((status = 200, body = StaleFieldsView), (status = 403, description = "read_only"),
        (status = 404, description = "not_found"), (status = 409, description = "stale_version, with the fields as `current`"),
        (status = 422, description = "validation", body = ErrorBody)))]
#[tracing::instrument(skip(state, user, origin, req), fields(user = %user.0.username))]
pub async fn confirm(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
    AppJson(req): AppJson<ConfirmFields>,
) -> AppResult<Json<StaleFieldsView>> {
    let me = &user.0;
    let (scope, id, _c) = writable_customer(&state, me, &id).await?;
    let mut p = Problems::new();
    let mut fields = req.fields.clone();
    fields.sort();
    fields.dedup();
    if fields.is_empty() {
        p.add("fields", "must name at least one field");
    }
    p.finish()?;
    let mut entry = origin.entry(me, AuditAction::ConfirmFields);
    entry.customer_id = Some(id.0);
    entry.fields = fields.iter().map(|f| f.as_str().to_owned()).collect();
    let today = state.settings.today();
    match state
        .storage
        .confirm_fields(scope, id, &fields, today, me.id, req.version, &entry)
        .await?
        .ok_or(AppError::NotFound)?
    {
        Versioned::Stale => Err(AppError::stale(&view(&state, scope, id).await?)),
        Versioned::Done(()) => Ok(Json(view(&state, scope, id).await?)),
    }
}

/// How many customers of the caller's scope have details to confirm (home's count).
#[utoipa::path(get, path = "/api/stale-fields/summary", tag = "stale_fields",
    responses((status = 200, body = StaleSummary)))]
#[tracing::instrument(skip(state, user), fields(user = %user.0.username))]
pub async fn summary(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<StaleSummary>> {
    let policy = load_policy(&state.storage).await?;
    let today = state.settings.today();
    let mut out = StaleSummary {
        customers: 0,
        fields: 0,
    };
    for rows in state
        .storage
        .book_confirmations(Scope::of(&user.0))
        .await?
        .into_values()
    {
        let stale = stale_fields(
            &rows.confirmations,
            rows.kyc_reviewed_on.unwrap_or(today),
            &policy.data_quality,
            today,
        );
        if !stale.is_empty() {
            out.customers += 1;
            out.fields += stale.len() as u32;
        }
    }
    Ok(Json(out))
}
