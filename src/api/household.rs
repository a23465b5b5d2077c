//! API calls of the customer page's household (家庭) and stale-field sections, and the
//! home screen's count of details to confirm, and the printable review's audited stamp.

use super::customer::{write, Written};
use super::ApiError;
use clientbook_domain::household::{AddHouseholdMember, HouseholdView, RemoveHouseholdMember};
use clientbook_domain::review::ReviewStamp;
use clientbook_domain::stale::{ConfirmFields, StaleFieldsView, StaleSummary};
use clientbook_domain::CustomerId;
use gloo_net::http::Method;

mod url {
    use clientbook_domain::CustomerId;

    pub fn household(id: CustomerId) -> String {
        format!("/api/customers/{id}/household")
    }
    pub fn members(id: CustomerId) -> String {
        format!("/api/customers/{id}/household/members")
    }
    pub fn member(id: CustomerId, member: CustomerId) -> String {
        format!("/api/customers/{id}/household/members/{member}")
    }
    pub fn stale_fields(id: CustomerId) -> String {
        format!("/api/customers/{id}/stale-fields")
    }
    pub fn confirm(id: CustomerId) -> String {
        format!("/api/customers/{id}/stale-fields/confirm")
    }
    pub const SUMMARY: &str = "/api/stale-fields/summary";
    pub fn review(id: CustomerId) -> String {
        format!("/api/customers/{id}/review")
    }
}

/// GET /api/customers/{id}/household: the members the caller may see and the combined
/// figures over them (audited as a read of the customer).
pub async fn household(id: CustomerId) -> Result<HouseholdView, ApiError> {
    super::get(&url::household(id)).await
}

/// POST /api/customers/{id}/household/members: add a customer of the caller's book.
pub async fn add_member(
    id: CustomerId,
    body: &AddHouseholdMember,
) -> Result<Written<HouseholdView>, ApiError> {
    write(Method::POST, &url::members(id), body).await
}

/// DELETE /api/customers/{id}/household/members/{member}: take a member out.
pub async fn remove_member(
    id: CustomerId,
    member: CustomerId,
    version: i64,
) -> Result<Written<HouseholdView>, ApiError> {
    write(
        Method::DELETE,
        &url::member(id, member),
        &RemoveHouseholdMember { version },
    )
    .await
}

/// GET /api/customers/{id}/stale-fields: each contact field's last confirmation.
pub async fn stale_fields(id: CustomerId) -> Result<StaleFieldsView, ApiError> {
    super::get(&url::stale_fields(id)).await
}

/// POST /api/customers/{id}/stale-fields/confirm: confirm fields as they are, today.
pub async fn confirm_fields(
    id: CustomerId,
    body: &ConfirmFields,
) -> Result<Written<StaleFieldsView>, ApiError> {
    write(Method::POST, &url::confirm(id), body).await
}

/// GET /api/stale-fields/summary: how many customers of the book have details to confirm.
pub async fn stale_summary() -> Result<StaleSummary, ApiError> {
    super::get(url::SUMMARY).await
}

/// GET /api/customers/{id}/review: the printable review is opened (audited as an
/// export); who prepared it and when.
pub async fn review_stamp(id: CustomerId) -> Result<ReviewStamp, ApiError> {
    super::get(&url::review(id)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn paths_are_the_servers() {
        assert_eq!(
            url::member(CustomerId(3), CustomerId(9)),
            "/api/customers/3/household/members/9"
        );
        assert_eq!(
            url::confirm(CustomerId(3)),
            "/api/customers/3/stale-fields/confirm"
        );
    }
}
