//! Exactly-once writes (docs/rules.md, Offline): a write sent with an `Idempotency-Key`
//! header is remembered per user with its answer, and a repeat of the key gets that
//! answer again without running the handler, so a retry after a lost response does not
//! log a contact twice. The same key with another method, path or body is refused (422
//! naming the header); while the first request is still being handled a repeat answers
//! 409 and may be retried.
//!
//! Answers worth repeating are stored: successes and refusals that would be refused
//! again (404, 409, 422, …). An answer that says "try again" (5xx, 401, 408, 423, 429)
//! frees the key, so the retry runs.

use crate::auth::{session_token, token_hash};
use crate::error::AppError;
use crate::storage::{now_ms, Storage};
use crate::{AppState, BODY_LIMIT};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use clientbook_domain::offline::{
    is_valid_idempotency_key, IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAY_HEADER,
};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// The largest answer remembered (answers to writes are small JSON records).
const ANSWER_LIMIT: usize = 4 * 1024 * 1024;

/// Keys older than this are forgotten by the sweep: longer than any offline data may be
/// kept (`offline.keep_days` is at most 90).
pub const KEEP_MS: i64 = 100 * 86_400_000;

/// What a request with a known key gets.
enum Seen {
    /// First time: the key is now reserved for this request.
    New,
    /// The first request is still being handled.
    InProgress,
    /// Answered before: the stored status and body.
    Answered(u16, String),
    /// The key was used for another request.
    Different,
}

/// Middleware on `/api`: writes with an `Idempotency-Key` from a signed-in user.
pub async fn idempotent_writes(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if req.method().is_safe() || !req.headers().contains_key(IDEMPOTENCY_KEY_HEADER) {
        return next.run(req).await;
    }
    match handle(&state, req, next).await {
        Ok(response) | Err(response) => response,
    }
}

async fn handle(state: &AppState, req: Request, next: Next) -> Result<Response, Response> {
    let key = req
        .headers()
        .get(IDEMPOTENCY_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|k| is_valid_idempotency_key(k))
        .map(str::to_owned)
        .ok_or_else(|| {
            AppError::invalid(
                IDEMPOTENCY_KEY_HEADER,
                "must be 8 to 100 visible ASCII characters (a UUID)",
            )
            .into_response()
        })?;
    // Without a session the handler answers 401 itself; nothing to remember.
    let token = session_token(req.headers());
    let Some(user_id) = user_of(state, token)
        .await
        .map_err(IntoResponse::into_response)?
    else {
        return Ok(next.run(req).await);
    };
    let method = req.method().as_str().to_owned();
    let path = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned());
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| AppError::PayloadTooLarge.into_response())?;
    let fingerprint = hex::encode(Sha256::digest(&bytes));
    let seen = reserve(&state.storage, user_id, &key, &method, &path, &fingerprint)
        .await
        .map_err(IntoResponse::into_response)?;
    match seen {
        Seen::Different => Err(AppError::invalid(
            IDEMPOTENCY_KEY_HEADER,
            "was already used for a different request (method, path or body): use a new key",
        )
        .into_response()),
        Seen::InProgress => {
            Err(
                AppError::AlreadyExists(vec![clientbook_domain::api::FieldProblem {
                    field: IDEMPOTENCY_KEY_HEADER.to_owned(),
                    problem: "a request with this key is still being handled: retry shortly".into(),
                }])
                .into_response(),
            )
        }
        Seen::Answered(status, body) => Ok(replay(status, body)),
        Seen::New => {
            let response = next
                .run(Request::from_parts(parts, Body::from(bytes)))
                .await;
            Ok(remember(&state.storage, user_id, &key, response).await)
        }
    }
}

/// The signed-in user's id, if the request carries a live session.
async fn user_of(state: &AppState, token: Option<String>) -> Result<Option<i64>, AppError> {
    let Some(token) = token else {
        return Ok(None);
    };
    Ok(state
        .storage
        .session_user(
            &token_hash(&token),
            state.settings.session_idle_ms,
            state.settings.session_absolute_ms,
        )
        .await?
        .map(|u| u.me.id.0))
}

/// Reserve `key` for this request, or say what became of it before.
async fn reserve(
    storage: &Storage,
    user_id: i64,
    key: &str,
    method: &str,
    path: &str,
    fingerprint: &str,
) -> Result<Seen, AppError> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (user_id, idem_key, method, path, body_sha256, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(key)
    .bind(method)
    .bind(path)
    .bind(fingerprint)
    .bind(now_ms())
    .execute(storage.writer())
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(Seen::New);
    }
    let row = sqlx::query(
        "SELECT method, path, body_sha256, status, response_body FROM idempotency_keys \
         WHERE user_id = $1 AND idem_key = $2",
    )
    .bind(user_id)
    .bind(key)
    .fetch_optional(storage.pool())
    .await?;
    // Freed between our insert and this read: the caller may simply retry.
    let Some(row) = row else {
        return Ok(Seen::InProgress);
    };
    let same = row.try_get::<String, _>("method")? == method
        && row.try_get::<String, _>("path")? == path
        && row.try_get::<String, _>("body_sha256")? == fingerprint;
    if !same {
        return Ok(Seen::Different);
    }
    Ok(match row.try_get::<Option<i64>, _>("status")? {
        None => Seen::InProgress,
        Some(status) => Seen::Answered(
            u16::try_from(status).unwrap_or(500),
            row.try_get::<Option<String>, _>("response_body")?
                .unwrap_or_default(),
        ),
    })
}

/// Whether an answer is the request's final word (else the key is freed for a retry).
fn is_final(status: StatusCode) -> bool {
    !(status.is_server_error()
        || matches!(
            status,
            StatusCode::UNAUTHORIZED
                | StatusCode::REQUEST_TIMEOUT
                | StatusCode::LOCKED
                | StatusCode::TOO_MANY_REQUESTS
        ))
}

/// Store the answer under the key (or free the key), and send it.
async fn remember(storage: &Storage, user_id: i64, key: &str, response: Response) -> Response {
    let status = response.status();
    let (parts, body) = response.into_parts();
    let bytes = match to_bytes(body, ANSWER_LIMIT).await {
        Ok(b) => b,
        Err(e) => {
            forget(storage, user_id, key).await;
            return AppError::internal(format!("answer unreadable: {e}")).into_response();
        }
    };
    let stored = if is_final(status) {
        sqlx::query(
            "UPDATE idempotency_keys SET status = $1, response_body = $2 \
             WHERE user_id = $3 AND idem_key = $4",
        )
        .bind(i64::from(status.as_u16()))
        .bind(String::from_utf8_lossy(&bytes).into_owned())
        .bind(user_id)
        .bind(key)
        .execute(storage.writer())
        .await
        .map(|_| ())
    } else {
        forget(storage, user_id, key).await;
        Ok(())
    };
    if let Err(e) = stored {
        // The write itself is done; the retry would run it again, so say so loudly.
        tracing::error!(error = %e, "idempotency answer not stored");
    }
    Response::from_parts(parts, Body::from(bytes))
}

async fn forget(storage: &Storage, user_id: i64, key: &str) {
    let freed = sqlx::query("DELETE FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2")
        .bind(user_id)
        .bind(key)
        .execute(storage.writer())
        .await;
    if let Err(e) = freed {
        tracing::warn!(error = %e, "idempotency key not freed");
    }
}

/// A stored answer, sent again.
fn replay(status: u16, body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(IDEMPOTENT_REPLAY_HEADER, HeaderValue::from_static("true"));
    response
}

/// Forget keys older than [`KEEP_MS`] (the periodic sweep).
pub async fn sweep(storage: &Storage) -> Result<u64, AppError> {
    Ok(
        sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(now_ms() - KEEP_MS)
            .execute(storage.writer())
            .await?
            .rows_affected(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_that_say_try_again_free_the_key() {
        for s in [200, 201, 204, 404, 409, 422] {
            assert!(is_final(StatusCode::from_u16(s).unwrap()), "{s}");
        }
        for s in [401, 408, 423, 429, 500, 503] {
            assert!(!is_final(StatusCode::from_u16(s).unwrap()), "{s}");
        }
    }
}
