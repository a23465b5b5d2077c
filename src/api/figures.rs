//! A big scope's size and its figures computed by the server (docs/rules.md, Big
//! scopes).

use super::{get, ApiError};
use clientbook_domain::figures::{ScopeFiguresAnswer, ScopeSize};

const SCOPE: &str = "/api/scope";
const SCOPE_FIGURES: &str = "/api/scope/figures";

/// GET /api/scope: how big the signed-in user's scope is, and whether the browser
/// should load it or ask the server for its figures.
pub async fn scope_size() -> Result<ScopeSize, ApiError> {
    get(SCOPE).await
}

/// GET /api/scope/figures: the home, satisfaction and branch figures of the scope.
pub async fn scope_figures() -> Result<ScopeFiguresAnswer, ApiError> {
    get(SCOPE_FIGURES).await
}
