//! Signing in and out.

use crate::audit::Origin;
use crate::auth::{self, CurrentUser};
use crate::error::{AppError, AppJson, AppResult};
use crate::storage::{now_ms, NewAuditEntry, NewSession};
use crate::{throttle, AppState};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Timelike, Utc};
use chrono_tz::Tz;
use clientbook_domain::api::{AuditAction, BankClock, LoginRequest, Me, ZoneOffsetSpan};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/session", post(sign_in).delete(sign_out))
        .route("/me", get(me))
        .route("/clock", get(clock))
}

/// Sign in with a username and password; sets the `cb_session` cookie, and the
/// `cb_device` cookie that lets this browser through the sign-in throttle next time.
#[utoipa::path(post, path = "/api/session", tag = "session",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in: the user", body = Me),
        (status = 401, description = "invalid_credentials"),
        (status = 403, description = "cross_site_write: sent by a page of another site"),
        (status = 429, description = "too_many_attempts: sign-ins under this name or from this address are held back; see Retry-After"),
    ))]
#[tracing::instrument(skip_all, fields(username = %req.username))]
pub async fn sign_in(
    State(state): State<AppState>,
    origin: Origin,
    headers: HeaderMap,
    AppJson(req): AppJson<LoginRequest>,
) -> AppResult<Response> {
    let storage = &state.storage;
    let now = now_ms();
    let failure_entry = |action: AuditAction, user_id: Option<i64>| NewAuditEntry {
        user_id,
        username: req.username.chars().take(100).collect(),
        action: crate::storage::enum_code(&action),
        client_ip: origin.client_ip.clone(),
        forwarded_for: origin.forwarded_for.clone(),
        user_agent: origin.user_agent.clone(),
        ..NewAuditEntry::default()
    };
    let account_key = throttle::account_key(&req.username);
    let source_key = throttle::client_ip(
        origin.client_ip.as_deref().and_then(|ip| ip.parse().ok()),
        &headers,
        state.settings.behind_proxy,
    )
    .map(throttle::source_key);
    let user = storage.user_by_username(&req.username).await?;
    let device = auth::device_token(&headers).map(|t| auth::token_hash(&t));
    let device_user = match &device {
        Some(hash) => storage.trusted_device(hash, now).await?,
        None => None,
    };
    // This browser signed in to this account before: neither key holds it back, so an
    // attacker's failures cannot keep the real user out.
    let trusted = user.as_ref().is_some_and(|u| device_user == Some(u.me.id));
    if !trusted {
        let keys: Vec<&str> = [Some(account_key.as_str()), source_key.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if let Some(until) = storage.sign_in_blocked_until(&keys, now).await? {
            // Refused unchecked: no password is tried while held back.
            storage
                .audit(&failure_entry(
                    AuditAction::SignInLocked,
                    user.as_ref().map(|u| u.me.id.0),
                ))
                .await?;
            return Err(state.settings.throttled(until));
        }
    }
    // An unknown name is checked against a dummy hash: both failures take as long.
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| auth::DUMMY_HASH.clone());
    let password = req.password.clone();
    // Argon2 is deliberately slow: keep it off the async workers, a few at a time.
    let ok = auth::verify_password_bounded(hash, password).await?;
    // A disabled account fails exactly like a wrong password (after the same work), and
    // an unknown name like a known one: same answer, same counting.
    let signed_in = user.as_ref().filter(|u| ok && !u.disabled);
    let Some(user) = signed_in else {
        let user_id = user.as_ref().map(|u| u.me.id.0);
        let mut entry = failure_entry(AuditAction::SignInFailed, user_id);
        if ok {
            entry.detail = Some("account disabled".to_owned());
        }
        if let (true, Some(device)) = (trusted, &device) {
            storage.record_device_failure(device, &entry).await?;
            return Err(AppError::InvalidCredentials);
        }
        let mut keys = vec![(account_key.as_str(), throttle::ACCOUNT)];
        if let Some(source) = &source_key {
            keys.push((source.as_str(), throttle::SOURCE));
        }
        let blocked = storage.record_sign_in_failure(&keys, now, &entry).await?;
        return Err(match blocked {
            Some(until) => state.settings.throttled(until),
            None => AppError::InvalidCredentials,
        });
    };
    let (token, session_hash) = auth::new_session_token();
    let (device_token, device_hash) = auth::new_session_token();
    let replaced_session = auth::session_token(&headers).map(|t| auth::token_hash(&t));
    storage
        .open_session(
            &NewSession {
                user: user.me.id,
                session_hash: &session_hash,
                replaced_session: replaced_session.as_deref(),
                device_hash: &device_hash,
                replaced_device: device.as_deref(),
                account_key: (!trusted).then_some(account_key.as_str()),
            },
            &origin.entry(&user.me, AuditAction::SignIn),
        )
        .await?;
    let secure = auth::is_https(&headers, state.settings.secure_cookies);
    let mut response = Json(user.me.clone()).into_response();
    let cookies = response.headers_mut();
    for cookie in [
        auth::session_cookie(&token, secure),
        auth::device_cookie(&device_token, secure),
    ] {
        cookies.append(
            header::SET_COOKIE,
            HeaderValue::from_str(&cookie).map_err(AppError::internal)?,
        );
    }
    Ok(response)
}

/// Sign out: ends the session and clears the cookie. Idempotent.
#[utoipa::path(delete, path = "/api/session", tag = "session",
    responses((status = 204, description = "Signed out")))]
#[tracing::instrument(skip_all)]
pub async fn sign_out(
    State(state): State<AppState>,
    origin: Origin,
    headers: HeaderMap,
) -> AppResult<Response> {
    if let Some(token) = auth::session_token(&headers) {
        state
            .storage
            .end_session(&auth::token_hash(&token), |me| {
                origin.entry(me, AuditAction::SignOut)
            })
            .await?;
    }
    let secure = auth::is_https(&headers, state.settings.secure_cookies);
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, auth::clear_session_cookie(secure))],
    )
        .into_response())
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/me", tag = "session",
    responses((status = 200, body = Me), (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %user.0.username))]
pub async fn me(user: CurrentUser) -> Json<Me> {
    Json(user.0)
}

/// Years of UTC offsets sent before and after now: every instant the app shows (audit
/// entries, notes, deadlines) falls inside.
const CLOCK_YEARS_BACK: i64 = 10;
const CLOCK_YEARS_AHEAD: i64 = 3;

/// The UTC offset of `zone` in seconds at `at`.
fn offset_seconds(zone: Tz, at: DateTime<Utc>) -> i32 {
    use chrono::Offset;
    at.with_timezone(&zone).offset().fix().local_minus_utc()
}

/// The offsets of `zone` between `from` and `until` as spans starting at each change.
/// Checked once a day and narrowed to the second by bisection where it changed: zones
/// change at most a few times a year and never twice in a day.
pub fn zone_offsets(zone: Tz, from: DateTime<Utc>, until: DateTime<Utc>) -> Vec<ZoneOffsetSpan> {
    let mut spans = vec![ZoneOffsetSpan {
        from,
        offset_seconds: offset_seconds(zone, from),
    }];
    let day = chrono::Duration::days(1);
    let mut t = from;
    while t < until {
        let next = t + day;
        let now = offset_seconds(zone, next);
        if now != spans.last().map_or(now, |s| s.offset_seconds) {
            // In whole seconds: offsets change on the second.
            let (mut lo, mut hi) = (t.timestamp(), next.timestamp());
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                let mid_at = DateTime::from_timestamp(mid, 0).unwrap_or(next);
                if offset_seconds(zone, mid_at) == now {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            let hi = DateTime::from_timestamp(hi, 0).unwrap_or(next);
            spans.push(ZoneOffsetSpan {
                from: hi,
                offset_seconds: now,
            });
        }
        t = next;
    }
    spans
}

/// The bank's business date and time zone with its UTC offsets, for showing instants
/// as the bank's local time.
#[utoipa::path(get, path = "/api/clock", tag = "session",
    responses((status = 200, body = BankClock), (status = 401, description = "not_signed_in", body = clientbook_domain::api::ErrorBody)))]
pub async fn clock(State(state): State<AppState>, _user: CurrentUser) -> Json<BankClock> {
    let zone = state.settings.bank_timezone;
    let now = Utc::now().with_nanosecond(0).unwrap_or_else(Utc::now);
    let year = chrono::Duration::days(366);
    Json(BankClock {
        time_zone: zone.name().to_owned(),
        today: state.settings.today(),
        offsets: zone_offsets(
            zone,
            now - year * CLOCK_YEARS_BACK as i32,
            now + year * CLOCK_YEARS_AHEAD as i32,
        ),
    })
}

#[cfg(test)]
mod clock_tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().unwrap()
    }

    #[test]
    fn shanghai_has_one_offset() {
        let spans = zone_offsets(
            chrono_tz::Asia::Shanghai,
            at(2020, 1, 1, 0, 0),
            at(2027, 1, 1, 0, 0),
        );
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].offset_seconds, 8 * 3600);
    }

    #[test]
    fn london_changes_at_one_in_the_morning_utc() {
        let spans = zone_offsets(
            chrono_tz::Europe::London,
            at(2026, 1, 1, 0, 0),
            at(2027, 1, 1, 0, 0),
        );
        let changes: Vec<(DateTime<Utc>, i32)> =
            spans.iter().map(|s| (s.from, s.offset_seconds)).collect();
        assert_eq!(
            changes,
            vec![
                (at(2026, 1, 1, 0, 0), 0),
                (at(2026, 3, 29, 1, 0), 3600),
                (at(2026, 10, 25, 1, 0), 0),
            ]
        );
    }
}
