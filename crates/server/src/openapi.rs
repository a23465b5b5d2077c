//! The OpenAPI document, generated from the handlers' `#[utoipa::path]` annotations.

use crate::AppState;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Clientbook API",
        description = "The relationship manager's workbench: JSON API under /api."
    ),
    paths(
        crate::routes::health::health,
        crate::routes::session::sign_in,
        crate::routes::session::sign_out,
        crate::routes::session::me,
        crate::routes::book::book,
        crate::routes::book::products,
        crate::routes::policy::get_policy,
        crate::routes::policy::put_policy,
        crate::routes::customers::customer,
        crate::routes::customers::reveal,
        crate::routes::audit::audit,
        openapi_json,
    )
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi_json))
}

#[utoipa::path(get, path = "/api/openapi.json", tag = "system",
    responses((status = 200, description = "This document")))]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
