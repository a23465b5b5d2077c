//! `GET /api/customers`: one page of the customers in scope, filtered, ordered and paged
//! by the server (the customer list of a scope too big for the browser, docs/rules.md,
//! Big scopes). The filters are those of the list's export, so the file holds what the
//! pages show.

use super::export::url::{customer_filters, encode};
use super::export::ExportRequest;
use super::{get, ApiError};
use clientbook_domain::api::CustomerPage;

/// Rows on one page of the list.
pub const PAGE_ROWS: u32 = 50;

/// The URL of the page after `cursor` (the first page without one).
pub fn page_url(filters: &ExportRequest, cursor: Option<&str>) -> String {
    let mut q = customer_filters(filters);
    q.push(format!("limit={PAGE_ROWS}"));
    if let Some(c) = cursor {
        q.push(format!("cursor={}", encode(c)));
    }
    format!("/api/customers?{}", q.join("&"))
}

/// One page of the customers matching `filters`, after `cursor`.
pub async fn customer_page(
    filters: &ExportRequest,
    cursor: Option<&str>,
) -> Result<CustomerPage, ApiError> {
    get(&page_url(filters, cursor)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientbook_domain::{Money, RiskLevel, UserId};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn a_page_carries_the_filters_the_order_and_the_cursor_encoded() {
        let filters = ExportRequest::Customers {
            search: " 王 ".into(),
            risk_level: Some(RiskLevel::C2),
            min_aum: Some(Money::from_fen(100)),
            below_aum: Some(Money::from_fen(200)),
            aum_desc: true,
            rm: Some(UserId(3)),
        };
        assert_eq!(
            page_url(&filters, Some("aum.5.7~610")),
            "/api/customers?q=%E7%8E%8B&risk_level=C2&min_aum=100&below_aum=200&rm=3\
             &sort=aum_desc&limit=50&cursor=aum.5.7~610"
        );
        let plain = ExportRequest::Customers {
            search: String::new(),
            risk_level: None,
            min_aum: None,
            below_aum: None,
            aum_desc: false,
            rm: None,
        };
        assert_eq!(page_url(&plain, None), "/api/customers?sort=id&limit=50");
    }
}
