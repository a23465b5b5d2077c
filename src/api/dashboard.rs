//! API calls of the home, customers, satisfaction and branch screens. (The book, the
//! shelf and the policy come from `api::book`, `api::products` and `api::policy`.)

use super::{get, send_json, ApiError};
use clientbook_domain::service::{ChangeOwner, OwnerChanged, UsersResponse};
use clientbook_domain::{CustomerId, UserId};
use gloo_net::http::Method;

mod url {
    pub const USERS: &str = "/api/users";

    pub fn owner(customer: i64) -> String {
        format!("/api/customers/{customer}/owner")
    }
}

/// GET /api/users: staff accounts, for RM names (admins only today: others get 403).
pub async fn users() -> Result<UsersResponse, ApiError> {
    get(url::USERS).await
}

/// PUT /api/customers/{id}/owner: give a customer to another RM of the branch
/// (branch managers only); `version` is the customer's, a stale one is refused (409).
pub async fn change_owner(
    customer: CustomerId,
    rm_id: UserId,
    version: i64,
) -> Result<OwnerChanged, ApiError> {
    send_json(
        Method::PUT,
        &url::owner(customer.0),
        Some(&ChangeOwner { rm_id, version }),
    )
    .await
}
