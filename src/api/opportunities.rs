//! API calls of opportunities (商机): the caller's pipeline (the server scopes it: RM
//! own, branch manager branch, compliance all), opening one, moving it and its next step.
//! A 409 (someone moved it first, or the move is not allowed) arrives as
//! [`ApiError::Server`] with the server's sentence.

use super::{get, send_json, ApiError};
use clientbook_domain::opportunity::{
    NewOpportunity, OpportunitiesResponse, Opportunity, OpportunityMove, OpportunityNextStep,
};
use gloo_net::http::Method;

mod url {
    pub const LIST: &str = "/api/opportunities";

    pub fn list(open_only: bool) -> String {
        if open_only {
            format!("{LIST}?open=true")
        } else {
            LIST.to_owned()
        }
    }

    pub fn moves(id: i64) -> String {
        format!("{LIST}/{id}/moves")
    }

    pub fn next_step(id: i64) -> String {
        format!("{LIST}/{id}/next-step")
    }
}

/// GET /api/opportunities (`open_only`: not won or lost).
pub async fn opportunities(open_only: bool) -> Result<OpportunitiesResponse, ApiError> {
    get(&url::list(open_only)).await
}

/// POST /api/opportunities: open one (stage identified).
pub async fn open(body: &NewOpportunity) -> Result<Opportunity, ApiError> {
    send_json(Method::POST, url::LIST, Some(body)).await
}

/// POST /api/opportunities/{id}/moves.
pub async fn move_stage(id: i64, body: &OpportunityMove) -> Result<Opportunity, ApiError> {
    send_json(Method::POST, &url::moves(id), Some(body)).await
}

/// PUT /api/opportunities/{id}/next-step.
pub async fn set_next_step(id: i64, body: &OpportunityNextStep) -> Result<Opportunity, ApiError> {
    send_json(Method::PUT, &url::next_step(id), Some(body)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn urls_name_the_opportunity() {
        assert_eq!(url::list(true), "/api/opportunities?open=true");
        assert_eq!(url::list(false), "/api/opportunities");
        assert_eq!(url::moves(7), "/api/opportunities/7/moves");
        assert_eq!(url::next_step(7), "/api/opportunities/7/next-step");
    }
}
