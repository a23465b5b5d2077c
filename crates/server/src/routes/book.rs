//! The caller's book and the product shelf.

use crate::audit::Origin;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::masking::mask_customer;
use crate::routes::policy::load_policy;
use crate::scope::Scope;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use clientbook_domain::api::{AuditAction, BookResponse, ProductsResponse};

/// Months of history in the book (the record page gets 24).
pub const BOOK_MONTHS: u32 = 12;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/book", get(book))
        .route("/products", get(products))
}

/// Every customer in the caller's scope, masked, with 12 months of history.
#[utoipa::path(get, path = "/api/book", tag = "customers",
    responses((status = 200, body = BookResponse), (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn book(
    State(state): State<AppState>,
    user: CurrentUser,
    origin: Origin,
) -> AppResult<Json<BookResponse>> {
    let me = &user.0;
    let as_of = state.settings.today();
    let policy = load_policy(&state.storage).await?;
    let mut customers = state
        .storage
        .book(Scope::of(me), as_of, BOOK_MONTHS)
        .await?;
    for c in &mut customers {
        mask_customer(c, &policy.masking);
    }
    let mut entry = origin.entry(me, AuditAction::ReadBook);
    entry.detail = Some(format!("count={}", customers.len()));
    state.storage.audit(&entry).await?;
    Ok(Json(BookResponse { as_of, customers }))
}

/// The bank's product shelf.
#[utoipa::path(get, path = "/api/products", tag = "customers",
    responses((status = 200, body = ProductsResponse)))]
#[tracing::instrument(skip_all, fields(user = %_user.0.username))]
pub async fn products(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> AppResult<Json<ProductsResponse>> {
    Ok(Json(ProductsResponse {
        products: state.storage.products().await?,
    }))
}
