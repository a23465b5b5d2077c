//! GET /api/staff: the staff of the caller's scope, to name RMs on screen.

use super::{get, ApiError};
use clientbook_domain::api::StaffResponse;

mod url {
    pub const STAFF: &str = "/api/staff";
}

/// An RM gets themselves, a branch manager the RMs of their branch, compliance and
/// admins everyone.
pub async fn staff() -> Result<StaffResponse, ApiError> {
    get(url::STAFF).await
}
