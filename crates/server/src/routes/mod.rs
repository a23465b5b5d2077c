//! The JSON API under `/api`: one router per concern, merged.

pub mod audit;
pub mod book;
pub mod customers;
pub mod health;
pub mod policy;
pub mod session;

use crate::error::AppError;
use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(session::router())
        .merge(book::router())
        .merge(policy::router())
        .merge(customers::router())
        .merge(audit::router())
        .merge(crate::openapi::router())
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
}
