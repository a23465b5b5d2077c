//! The printable client review (docs/rules.md, Client review): opening it for printing
//! is an export of the customer, audited as `print_review`.

use super::customer_id;
use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::scope::Scope;
use crate::AppState;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use clientbook_domain::api::AuditAction;
use clientbook_domain::review::ReviewStamp;

pub fn router() -> Router<AppState> {
    Router::new().route("/customers/{id}/review", get(review))
}

/// Record that the customer's review is opened for printing (audited as an export);
/// answers who prepared it and on which business date, for the review's footer.
#[utoipa::path(get, path = "/api/customers/{id}/review", tag = "customers",
    params(("id" = i64, Path, description = "Customer id")),
    responses((status = 200, body = ReviewStamp), (status = 404, description = "not_found (or not in your scope)")))]
#[tracing::instrument(skip(state, user, origin), fields(user = %user.0.username))]
pub async fn review(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
    Path(id): Path<String>,
) -> AppResult<Json<ReviewStamp>> {
    let me = &user.0;
    let id = customer_id(&id)?;
    state
        .storage
        .customer_ref(Scope::of(me), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut entry = origin.entry(me, AuditAction::PrintReview);
    entry.customer_id = Some(id.0);
    entry.detail = Some("client_review".into());
    state.storage.audit(&entry).await?;
    Ok(Json(ReviewStamp {
        customer_id: id,
        prepared_on: state.settings.today(),
        prepared_by: me.display_name.clone(),
    }))
}
