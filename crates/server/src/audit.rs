//! Who asked, from where: the request origin of audit entries.

use crate::storage::NewAuditEntry;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use clientbook_domain::api::{AuditAction, Me};
use std::convert::Infallible;
use std::net::SocketAddr;

/// The client's address and agent. `X-Forwarded-For` is recorded as received (a client
/// can forge it); `client_ip` is the TCP peer.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    pub client_ip: Option<String>,
    pub forwarded_for: Option<String>,
    pub user_agent: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Origin {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.chars().take(400).collect::<String>())
        };
        Ok(Origin {
            client_ip: parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string()),
            forwarded_for: header("x-forwarded-for"),
            user_agent: header("user-agent"),
        })
    }
}

impl Origin {
    /// An audit entry of `action` by `me` from this origin.
    pub fn entry(&self, me: &Me, action: AuditAction) -> NewAuditEntry {
        NewAuditEntry {
            user_id: Some(me.id.0),
            username: me.username.clone(),
            role: Some(crate::storage::enum_code(&me.role)),
            action: crate::storage::enum_code(&action),
            client_ip: self.client_ip.clone(),
            forwarded_for: self.forwarded_for.clone(),
            user_agent: self.user_agent.clone(),
            ..NewAuditEntry::default()
        }
    }
}

/// A filter as an audit entry's detail records it: its value, or `*` when not set.
pub fn filter_value<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "*".to_owned(), |v| v.to_string())
}
