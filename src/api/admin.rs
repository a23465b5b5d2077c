//! API calls of the admin screen (staff accounts, the policy) and of the audit log.

use super::{read_json, ApiError};
use clientbook_domain::api::AuditResponse;
use clientbook_domain::service::{NewUser, PasswordReset, UserSummary};
use clientbook_domain::{ScoringPolicy, UserId};
use gloo_net::http::{Request, RequestBuilder};
use serde::Serialize;

pub use super::dashboard::users;

mod url {
    pub const USERS: &str = "/api/users";
    pub const POLICY: &str = "/api/policy";
    pub const AUDIT: &str = "/api/audit";

    pub fn user(id: i64, what: &str) -> String {
        format!("/api/users/{id}/{what}")
    }
}

async fn send_json<B: Serialize, T: serde::de::DeserializeOwned>(
    builder: RequestBuilder,
    body: &B,
) -> Result<T, ApiError> {
    let resp = builder
        .header("Accept", "application/json")
        .json(body)
        .map_err(|e| ApiError::Server(e.to_string()))?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read_json(resp).await
}

/// POST /api/users: create a staff account (admins only).
pub async fn create_user(user: &NewUser) -> Result<UserSummary, ApiError> {
    send_json(Request::post(url::USERS), user).await
}

/// POST /api/users/{id}/password: set a new password (unlocks, ends the sessions).
pub async fn reset_password(id: UserId, password: String) -> Result<UserSummary, ApiError> {
    send_json(
        Request::post(&url::user(id.0, "password")),
        &PasswordReset { password },
    )
    .await
}

/// POST /api/users/{id}/disable or /enable.
pub async fn set_disabled(id: UserId, disabled: bool) -> Result<UserSummary, ApiError> {
    let what = if disabled { "disable" } else { "enable" };
    let resp = Request::post(&url::user(id.0, what))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read_json(resp).await
}

/// PUT /api/policy: replace the scoring policy (admins only); the stored one comes back.
pub async fn save_policy(policy: &ScoringPolicy) -> Result<ScoringPolicy, ApiError> {
    send_json(Request::put(url::POLICY), policy).await
}

/// The filters of `GET /api/audit`; empty ones are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub user: String,
    pub customer: Option<i64>,
    /// The action's wire code, e.g. `update_policy`.
    pub action: String,
    /// YYYY-MM-DD.
    pub from: String,
    pub to: String,
}

impl AuditQuery {
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        let mut text = |k: &'static str, v: &str| {
            if !v.trim().is_empty() {
                p.push((k, v.trim().to_owned()));
            }
        };
        text("user", &self.user);
        text("action", &self.action);
        text("from", &self.from);
        text("to", &self.to);
        if let Some(c) = self.customer {
            p.push(("customer", c.to_string()));
        }
        p
    }
}

/// GET /api/audit: entries newest first (compliance and admins only).
pub async fn audit(query: &AuditQuery) -> Result<AuditResponse, ApiError> {
    audit_request(query.params()).await
}

/// GET /api/audit with `export=true`: the same entries, and the server records the export
/// (with its filters and row count) in the audit log before answering.
pub async fn audit_export(query: &AuditQuery) -> Result<AuditResponse, ApiError> {
    let mut params = query.params();
    params.push(("export", "true".to_owned()));
    audit_request(params).await
}

async fn audit_request(params: Vec<(&'static str, String)>) -> Result<AuditResponse, ApiError> {
    let resp = Request::get(url::AUDIT)
        .query(params.iter().map(|(k, v)| (*k, v.as_str())))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read_json(resp).await
}
