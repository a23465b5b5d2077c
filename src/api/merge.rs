//! API calls of the customer page's "Merge a duplicate" section (docs/rules.md, Merging
//! customers): the two customers side by side, then the merge.

use super::customer::{write, Written};
use super::ApiError;
use clientbook_domain::customer_merge::{MergeCustomers, MergeDone, MergePreview};
use clientbook_domain::CustomerId;
use gloo_net::http::Method;

mod url {
    use clientbook_domain::CustomerId;

    pub fn preview(id: CustomerId, other: &str) -> String {
        let other: String = js_sys::encode_uri_component(other).into();
        format!("/api/customers/{id}/merge-preview?other={other}")
    }
    pub fn merge(id: CustomerId) -> String {
        format!("/api/customers/{id}/merge")
    }
}

/// GET /api/customers/{id}/merge-preview?other=: the customer and the duplicate (found by
/// customer number or id) side by side, masked.
pub async fn preview(id: CustomerId, other: &str) -> Result<MergePreview, ApiError> {
    super::get(&url::preview(id, other)).await
}

/// POST /api/customers/{id}/merge: merge the duplicate into customer `id`.
pub async fn merge(id: CustomerId, body: &MergeCustomers) -> Result<Written<MergeDone>, ApiError> {
    write(Method::POST, &url::merge(id), body).await
}
