//! Passwords (argon2id), session and device tokens, the [`CurrentUser`] extractor with
//! the role gates of writes, and the same-origin check of writes.
//!
//! Each cookie carries a random 32-byte token; the database keeps only its SHA-256, so a
//! leaked database cannot be replayed as sessions or trusted devices.

use crate::error::AppError;
use crate::import::routes::IMPORTERS;
use crate::AppState;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use clientbook_domain::api::{Me, Role};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

pub const SESSION_COOKIE: &str = "cb_session";
/// Marks a browser where an account signed in before (see [`crate::throttle`]).
pub const DEVICE_COOKIE: &str = "cb_device";

pub fn hash_password(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(AppError::internal)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(AppError::internal)
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Password checks running at once. Each argon2id verification takes 19 MiB
/// (`Argon2::default()`: m = 19,456 KiB) and a core for its whole time; sign-ins beyond
/// the cores only wait longer together, and sixteen at once held about 300 MiB. Bounded
/// to the cores (at least two), the others wait their turn in the async queue, where
/// waiting costs no memory (RELIABILITY.md, "Memory").
static PASSWORD_CHECKS: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    tokio::sync::Semaphore::new(cores.max(2))
});

/// [`verify_password`] on a blocking thread, at most [`PASSWORD_CHECKS`] at once.
pub async fn verify_password_bounded(hash: String, password: String) -> Result<bool, AppError> {
    let _permit = PASSWORD_CHECKS
        .acquire()
        .await
        .map_err(AppError::internal)?;
    tokio::task::spawn_blocking(move || verify_password(&hash, &password))
        .await
        .map_err(AppError::internal)
}

/// Verified against when the username is unknown, so that both failures take as long.
pub static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("not-a-real-password").expect("hashing a constant cannot fail"));

/// A new session or device token (for the cookie) and its hash (for the database).
pub fn new_session_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie(headers, SESSION_COOKIE)
}

pub fn device_token(headers: &HeaderMap) -> Option<String> {
    cookie(headers, DEVICE_COOKIE)
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty())
}

/// Whether the browser reached us over HTTPS (directly or through a proxy that says so).
pub fn is_https(headers: &HeaderMap, force: bool) -> bool {
    force
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The device cookie is only ever sent to the sign-in endpoint.
pub fn device_cookie(token: &str, secure: bool) -> String {
    format!(
        "{DEVICE_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/api/session; Max-Age={}{}",
        crate::throttle::DEVICE_TTL_MS / 1000,
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_session_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The signed-in user. Every protected handler takes one; without a live session the
/// request ends with 401 `not_signed_in`. On a write, the role is checked against
/// [`WRITE_GATES`] here, before the body is read: a role that may not send the write
/// gets 403 whatever the body holds (the handlers check again).
#[derive(Clone, Debug)]
pub struct CurrentUser(pub Me);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = session_token(&parts.headers).ok_or(AppError::NotSignedIn)?;
        let user = state
            .storage
            .session_user(
                &token_hash(&token),
                state.settings.session_idle_ms,
                state.settings.session_absolute_ms,
            )
            .await?
            .ok_or(AppError::NotSignedIn)?;
        let path = parts
            .extensions
            .get::<MatchedPath>()
            .map(MatchedPath::as_str)
            .unwrap_or_default();
        if user.me.meeting_id.is_some() && !open_in_meeting(&parts.method, path) {
            return Err(AppError::MeetingInProgress);
        }
        if !parts.method.is_safe() {
            may_write(&user.me, &parts.method, path)?;
        }
        Ok(CurrentUser(user.me))
    }
}

const ADMIN: &[Role] = &[Role::Admin];
const ANY_ROLE: &[Role] = &[
    Role::RelationshipManager,
    Role::BranchManager,
    Role::Compliance,
    Role::Admin,
];
/// Every write not listed in [`WRITE_GATES`] changes customer data: compliance reads
/// everything and changes nothing.
const CUSTOMER_WRITERS: &[Role] = &[Role::RelationshipManager, Role::BranchManager, Role::Admin];

/// Who defines and runs campaigns: a branch manager (the branch), an admin (the bank).
const CAMPAIGN_RUNNERS: &[Role] = &[Role::BranchManager, Role::Admin];

/// The writes whose roles differ from [`CUSTOMER_WRITERS`], by method and route.
pub const WRITE_GATES: &[(&str, &str, &[Role])] = &[
    ("POST", "/api/users", ADMIN),
    ("POST", "/api/users/{id}/password", ADMIN),
    ("POST", "/api/users/{id}/disable", ADMIN),
    ("POST", "/api/users/{id}/enable", ADMIN),
    ("PUT", "/api/policy", ADMIN),
    ("PUT", "/api/customers/{id}/owner", &[Role::BranchManager]),
    ("POST", "/api/campaigns", CAMPAIGN_RUNNERS),
    ("POST", "/api/campaigns/{id}/start", CAMPAIGN_RUNNERS),
    ("POST", "/api/campaigns/{id}/finish", CAMPAIGN_RUNNERS),
    // A read sent as a POST (the body names the field); scope still applies.
    ("POST", "/api/customers/{id}/reveal", ANY_ROLE),
    // Imports: admins and branch managers (their branch) only.
    ("POST", "/api/imports", IMPORTERS),
    ("POST", "/api/imports/{id}/commit", IMPORTERS),
    ("POST", "/api/imports/{id}/merges/{row}", IMPORTERS),
    ("DELETE", "/api/imports/{id}", IMPORTERS),
    // Merging two customers: admins (the bank) and branch managers (their branch).
    ("POST", "/api/customers/{id}/merge", IMPORTERS),
];

/// Whether `me` may send a write to `route` (the route's template): 403 `read_only` for
/// compliance, `forbidden` for another role.
pub fn may_write(me: &Me, method: &Method, route: &str) -> Result<(), AppError> {
    let roles = WRITE_GATES
        .iter()
        .find(|(m, r, _)| *m == method.as_str() && *r == route)
        .map_or(CUSTOMER_WRITERS, |(_, _, roles)| *roles);
    match me.role {
        role if roles.contains(&role) => Ok(()),
        Role::Compliance => Err(AppError::ReadOnly),
        _ => Err(AppError::Forbidden),
    }
}

/// What a session locked to a client meeting may reach (ARCHITECTURE.md, "Meeting
/// mode"): the meeting's own endpoints, who is signed in and the bank's clock. Everything
/// else (the book, other customers, exports, the audit log) answers 423
/// `meeting_in_progress`, so a reload or a hand-typed URL cannot leave the meeting.
pub fn open_in_meeting(method: &Method, route: &str) -> bool {
    route == "/api/meeting"
        || route.starts_with("/api/meeting/")
        || (*method == Method::GET && matches!(route, "/api/me" | "/api/clock"))
}

/// Why a write looks sent by a page of another site, if it does. Browsers say where a
/// request comes from (`Sec-Fetch-Site`, else `Origin`); a client that says neither is
/// not a browser (the tests, the CLI, curl) and cannot carry a victim's cookies.
pub fn cross_site_reason(headers: &HeaderMap, behind_proxy: bool) -> Option<String> {
    let text = |name: &str| headers.get(name).map(|v| v.to_str().unwrap_or("?"));
    match text("sec-fetch-site") {
        Some("same-origin" | "none") => return None,
        Some(other) => return Some(format!("Sec-Fetch-Site is {other}")),
        None => {}
    }
    let origin = text("origin")?;
    let host = behind_proxy
        .then(|| text("x-forwarded-host"))
        .flatten()
        .or_else(|| text("host"));
    let origin_host = origin.split_once("://").map(|(_, host)| host);
    match (origin_host, host) {
        (Some(o), Some(h)) if o.eq_ignore_ascii_case(h) => None,
        _ => Some(format!("Origin {origin} is not this site")),
    }
}

/// Middleware: every write (a method other than GET, HEAD, OPTIONS, TRACE) from another
/// site is refused with 403 `cross_site_write`, before any handler runs. Defence in
/// depth beside the SameSite=Strict cookie.
pub async fn same_origin_writes(
    State(behind_proxy): State<bool>,
    req: Request,
    next: Next,
) -> Response {
    if !req.method().is_safe() {
        if let Some(reason) = cross_site_reason(req.headers(), behind_proxy) {
            tracing::warn!(%reason, method = %req.method(), "cross-site write refused");
            return AppError::CrossSiteWrite(reason).into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let h = hash_password("clientbook-demo").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "clientbook-demo"));
        assert!(!verify_password(&h, "clientbook-dem0"));
        assert!(!verify_password("garbage", "x"));
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "a=1; cb_session=abc; b=2".parse().unwrap());
        assert_eq!(session_token(&h).as_deref(), Some("abc"));
    }

    #[test]
    fn tokens_are_64_hex_chars_and_stored_hashed() {
        let (t, h) = new_session_token();
        assert_eq!(t.len(), 64);
        assert_eq!(h, token_hash(&t));
        assert_ne!(t, h);
    }

    fn me(role: Role) -> Me {
        Me {
            id: clientbook_domain::UserId(1),
            username: "u".into(),
            display_name: "U".into(),
            role,
            branch_id: None,
            meeting_id: None,
        }
    }

    #[test]
    fn role_gates_refuse_before_the_body() {
        let post = Method::POST;
        assert!(may_write(&me(Role::Admin), &post, "/api/users").is_ok());
        assert!(matches!(
            may_write(&me(Role::RelationshipManager), &post, "/api/users"),
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            may_write(&me(Role::Compliance), &post, "/api/customers/{id}/notes"),
            Err(AppError::ReadOnly)
        ));
        assert!(may_write(&me(Role::Compliance), &post, "/api/customers/{id}/reveal").is_ok());
        assert!(may_write(
            &me(Role::RelationshipManager),
            &post,
            "/api/customers/{id}/notes"
        )
        .is_ok());
    }

    #[test]
    fn a_meeting_session_reaches_only_the_meeting() {
        assert!(open_in_meeting(&Method::GET, "/api/meeting"));
        assert!(open_in_meeting(&Method::POST, "/api/meeting/exit"));
        assert!(open_in_meeting(&Method::GET, "/api/me"));
        assert!(!open_in_meeting(&Method::GET, "/api/book/columns"));
        assert!(!open_in_meeting(&Method::GET, "/api/customers/{id}"));
        assert!(!open_in_meeting(&Method::GET, "/api/meetings-elsewhere"));
        assert!(!open_in_meeting(&Method::PUT, "/api/me/pin"));
    }

    #[test]
    fn a_write_from_another_site_is_named() {
        let mut h = HeaderMap::new();
        assert_eq!(cross_site_reason(&h, false), None, "not a browser");
        h.insert("host", "bank.example:8080".parse().unwrap());
        h.insert("origin", "http://bank.example:8080".parse().unwrap());
        assert_eq!(cross_site_reason(&h, false), None);
        h.insert("origin", "https://evil.example".parse().unwrap());
        assert!(cross_site_reason(&h, false)
            .unwrap()
            .contains("evil.example"));
        h.insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert_eq!(
            cross_site_reason(&h, false).as_deref(),
            Some("Sec-Fetch-Site is cross-site")
        );
        h.insert("sec-fetch-site", "same-origin".parse().unwrap());
        assert_eq!(cross_site_reason(&h, false), None);
    }

    #[test]
    fn the_cookie_is_strict_and_http_only() {
        let c = session_cookie("t", true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Secure"));
        assert!(!session_cookie("t", false).contains("Secure"));
    }
}
