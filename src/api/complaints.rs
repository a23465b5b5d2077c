//! API calls of the complaints screen: the open complaints of the caller's scope by where
//! they stand against their deadlines, and the monthly analysis.

use super::{get, ApiError};
use clientbook_domain::service::{ComplaintAnalysis, ComplaintFilter, ComplaintsResponse};

mod url {
    use clientbook_domain::service::ComplaintFilter;

    pub fn list(state: ComplaintFilter) -> String {
        let state = match state {
            ComplaintFilter::Open => "open",
            ComplaintFilter::Nearing => "nearing",
            ComplaintFilter::Overdue => "overdue",
        };
        format!("/api/complaints?state={state}")
    }

    /// `month` is `YYYY-MM`; anything else is left to the server's default month, so
    /// nothing but digits and a dash ever reaches the query string.
    pub fn analysis(month: Option<&str>) -> String {
        match month {
            Some(m) if !m.is_empty() && m.chars().all(|c| c.is_ascii_digit() || c == '-') => {
                format!("/api/complaints/analysis?month={m}")
            }
            _ => "/api/complaints/analysis".to_owned(),
        }
    }
}

/// GET /api/complaints?state=open|nearing|overdue: open complaints of the caller's scope
/// (the server scopes it: RM own, branch manager branch, compliance all).
pub async fn complaints(state: ComplaintFilter) -> Result<ComplaintsResponse, ApiError> {
    get(&url::list(state)).await
}

/// GET /api/complaints/analysis?month=YYYY-MM: the month's figures (`None`: the current
/// month on the server).
pub async fn analysis(month: Option<&str>) -> Result<ComplaintAnalysis, ApiError> {
    get(&url::analysis(month)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn urls_carry_the_filter_and_only_a_well_formed_month() {
        assert_eq!(
            url::list(ComplaintFilter::Nearing),
            "/api/complaints?state=nearing"
        );
        assert_eq!(
            url::analysis(Some("2026-11")),
            "/api/complaints/analysis?month=2026-11"
        );
        assert_eq!(url::analysis(Some("x&y=1")), "/api/complaints/analysis");
        assert_eq!(url::analysis(None), "/api/complaints/analysis");
    }
}
