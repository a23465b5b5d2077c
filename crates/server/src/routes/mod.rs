//! The JSON API under `/api`: one router per concern, merged.

pub mod audit;
pub mod book;
mod book_tag;
pub mod campaigns;
pub mod care;
pub mod complaints;
pub mod contact;
pub mod customer_merge;
pub mod customers;
pub mod figures;
pub mod health;
pub mod households;
pub mod measures;
pub mod meeting_audit;
pub mod meetings;
pub mod notes;
pub mod offline;
pub mod opportunities;
pub mod policy;
pub mod review;
pub mod session;
pub mod staff;
pub mod stale;
pub mod surveys;
pub mod users;

use crate::error::{AppError, AppResult};
use crate::scope::Scope;
use crate::AppState;
use axum::Router;
use clientbook_domain::api::{Me, Role};
use clientbook_domain::CustomerId;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(session::router())
        .merge(book::router())
        .merge(policy::router())
        .merge(customers::router())
        .merge(notes::router())
        .merge(contact::router())
        .merge(complaints::router())
        .merge(care::router())
        .merge(surveys::router())
        .merge(users::router())
        .merge(staff::router())
        .merge(audit::router())
        .merge(opportunities::router())
        .merge(meetings::router())
        .merge(meeting_audit::router())
        .merge(campaigns::router())
        .merge(measures::router())
        .merge(crate::export::router())
        .merge(households::router())
        .merge(stale::router())
        .merge(review::router())
        .merge(crate::import::router())
        .merge(customer_merge::router())
        .merge(figures::router())
        .merge(offline::router())
        .merge(crate::openapi::router())
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
}

/// The customers `me` may change: compliance reads everything and changes nothing
/// (403 `read_only`); an admin has no customer data (every customer is a 404).
pub fn write_scope(me: &Me) -> AppResult<Scope> {
    match me.role {
        Role::Compliance => Err(AppError::ReadOnly),
        _ => Ok(Scope::of(me)),
    }
}

/// The customer a write is about: compliance may not write (403), and a customer outside
/// the caller's scope does not exist for them (404). Returns the caller's scope, the id
/// and the customer.
pub async fn writable_customer(
    state: &AppState,
    me: &Me,
    raw_id: &str,
) -> AppResult<(Scope, CustomerId, crate::storage::CustomerRef)> {
    let scope = write_scope(me)?;
    let id = customer_id(raw_id)?;
    let customer = state
        .storage
        .customer_ref(scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((scope, id, customer))
}

/// A path id that is not a number names no customer.
pub fn customer_id(raw: &str) -> AppResult<CustomerId> {
    record_id(raw).map(CustomerId)
}

/// A path id that is not a positive number names nothing.
pub fn record_id(raw: &str) -> AppResult<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)
}
