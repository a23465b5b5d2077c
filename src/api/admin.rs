//! API calls of the admin screen (staff accounts, the policy) and of the audit log.

use super::{send_json, ApiError, NO_BODY};
use clientbook_domain::api::AuditResponse;
use clientbook_domain::service::{NewUser, PasswordReset, UserSummary};
use clientbook_domain::{ScoringPolicy, UserId};
use gloo_net::http::Method;

pub use super::dashboard::users;

mod url {
    pub const USERS: &str = "/api/users";
    pub const POLICY: &str = "/api/policy";
    pub const AUDIT: &str = "/api/audit";

    pub fn user(id: i64, what: &str) -> String {
        format!("/api/users/{id}/{what}")
    }
}

/// POST /api/users: create a staff account (admins only).
pub async fn create_user(user: &NewUser) -> Result<UserSummary, ApiError> {
    send_json(Method::POST, url::USERS, Some(user)).await
}

/// POST /api/users/{id}/password: set a new password (unlocks, ends the sessions).
pub async fn reset_password(id: UserId, password: String) -> Result<UserSummary, ApiError> {
    send_json(
        Method::POST,
        &url::user(id.0, "password"),
        Some(&PasswordReset { password }),
    )
    .await
}

/// POST /api/users/{id}/disable or /enable.
pub async fn set_disabled(id: UserId, disabled: bool) -> Result<UserSummary, ApiError> {
    let what = if disabled { "disable" } else { "enable" };
    send_json(Method::POST, &url::user(id.0, what), NO_BODY).await
}

/// PUT /api/policy: replace the scoring policy (admins only); the stored one comes back.
pub async fn save_policy(policy: &ScoringPolicy) -> Result<ScoringPolicy, ApiError> {
    send_json(Method::PUT, url::POLICY, Some(policy)).await
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
    /// The query string (without `?`), each value percent-encoded.
    pub fn query(params: &[(&'static str, String)]) -> String {
        params
            .iter()
            .map(|(k, v)| format!("{k}={}", super::percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

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
    let query = AuditQuery::query(&params);
    let url = if query.is_empty() {
        url::AUDIT.to_owned()
    } else {
        format!("{}?{query}", url::AUDIT)
    };
    send_json(Method::GET, &url, NO_BODY).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn audit_filters_are_encoded_into_the_query_string() {
        let q = AuditQuery {
            user: " rm01 ".into(),
            customer: Some(7),
            action: "update_policy".into(),
            from: "2026-06-01".into(),
            to: String::new(),
        };
        assert_eq!(
            AuditQuery::query(&q.params()),
            "user=rm01&action=update_policy&from=2026-06-01&customer=7"
        );
        let odd = AuditQuery {
            user: "a&b=c d/é".into(),
            ..AuditQuery::default()
        };
        assert_eq!(
            AuditQuery::query(&odd.params()),
            "user=a%26b%3Dc%20d%2F%C3%A9"
        );
    }
}
