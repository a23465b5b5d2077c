//! API types: the shared ones live in `clientbook_domain::{api, service}` (the browser
//! uses them too) and are re-exported here; only server-specific ones are defined here.

pub use clientbook_domain::api::{
    AuditAction, AuditEntry, AuditResponse, CustomerDetail, CustomerProfile, HouseholdMember,
    HouseholdRole, IdType, IncomeBand, RevealField, RevealRequest, RevealResponse,
};
pub use clientbook_domain::service::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Health {
    pub status: String,
    pub database: String,
    /// The server's release (`clientbook_domain::release::RELEASE`), also sent as the
    /// `x-clientbook-version` header of every API answer.
    pub version: String,
}
