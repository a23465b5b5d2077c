//! One error type for every handler. Each variant knows its status and renders the
//! shared [`ErrorBody`]; internal causes are logged here and never sent to the client.

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use clientbook_domain::api::{ConflictBody, ErrorBody, FieldProblem};
use clientbook_domain::customer_merge::{CustomerMergedBody, MergedInto};
use clientbook_domain::error_code::ErrorCode;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    NotSignedIn,
    #[error("wrong username or password")]
    InvalidCredentials,
    /// Sign-ins under this account name or from this address are held back for a while
    /// after repeated failures (429, the password not checked).
    #[error("sign-in throttled for {retry_after_secs} s")]
    SignInThrottled { retry_after_secs: i64 },
    #[error("forbidden")]
    Forbidden,
    /// A write sent by a page of another site (the browser says so): refused whatever
    /// the session, the reason named.
    #[error("cross-site write refused: {0}")]
    CrossSiteWrite(String),
    /// The request body stopped arriving.
    #[error("request body timed out")]
    RequestTimeout,
    /// Compliance reads everything and changes nothing.
    #[error("read only")]
    ReadOnly,
    /// Also what an out-of-scope customer looks like: it does not exist for the caller.
    #[error("not found")]
    NotFound,
    /// A record named inside the body (e.g. `surveys[3].customer_id`) does not exist for
    /// the caller.
    #[error("not found: {0:?}")]
    NotFoundAt(Vec<FieldProblem>),
    /// 409: `stale_version` or `illegal_transition`, with the record as it is now.
    #[error("conflict: {code}")]
    Conflict {
        code: ErrorCode,
        message: String,
        current: serde_json::Value,
    },
    #[error("invalid request body: {message}")]
    BadRequest {
        message: String,
        field: Option<String>,
    },
    #[error("validation failed")]
    Validation(Vec<FieldProblem>),
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("request body too large")]
    PayloadTooLarge,
    /// 409 `already_exists`: a unique value (such as a username) is taken, found by the
    /// database's own constraint, so two requests at once cannot both pass.
    #[error("already exists: {0:?}")]
    AlreadyExists(Vec<FieldProblem>),
    /// The session is locked to a client meeting: only the meeting's endpoints answer.
    #[error("meeting in progress")]
    MeetingInProgress,
    /// A wrong meeting PIN; `tries_left` more end the session.
    #[error("wrong meeting PIN")]
    WrongPin { tries_left: u32 },
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// 503 `storage_unavailable`: the database could not take the request (disk full,
    /// read-only, shutting down, unreachable). The transaction did not commit, so
    /// nothing was saved and the client is told so, never a false success.
    #[error("database unavailable: {0}")]
    StorageUnavailable(sqlx::Error),
    /// 503 `busy` with `Retry-After`: too many large answers (whole books, exports) are
    /// being built at once; see [`crate::serve::big_answer_turn`].
    #[error("too many large answers at once")]
    Busy,
    /// 503 `busy` with `Retry-After`: a scope's figures were never computed and another
    /// request is computing them (docs/rules.md, Big scopes).
    #[error("figures being computed")]
    FiguresBeingComputed { retry_after_secs: u64 },
    #[error("internal error: {0}")]
    Internal(String),
    /// 404 `customer_merged`: the customer was retired by a merge into this one, which
    /// the caller may see (docs/rules.md, Merging customers).
    #[error("customer merged into {}", .0.id)]
    CustomerMerged(MergedInto),
}

impl AppError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            Self::NotSignedIn | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::SignInThrottled { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Forbidden | Self::ReadOnly | Self::CrossSiteWrite(_) => StatusCode::FORBIDDEN,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::NotFound | Self::NotFoundAt(_) => StatusCode::NOT_FOUND,
            Self::Conflict { .. } | Self::AlreadyExists(_) => StatusCode::CONFLICT,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Database(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::MeetingInProgress => StatusCode::LOCKED,
            Self::WrongPin { .. } => StatusCode::FORBIDDEN,
            Self::StorageUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Self::FiguresBeingComputed { .. } => StatusCode::SERVICE_UNAVAILABLE,
            // Not 410: to a client that does not know the code it reads as the "not
            // found" it always was (ARCHITECTURE.md, Retired customers).
            Self::CustomerMerged(_) => StatusCode::NOT_FOUND,
        }
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    /// 409 `stale_version`: the edit was based on an older version than `current`.
    pub fn stale(current: &impl serde::Serialize) -> Self {
        Self::Conflict {
            code: ErrorCode::StaleVersion,
            message: "Someone changed this record since you loaded it: here it is as it is now."
                .to_owned(),
            current: serde_json::to_value(current).unwrap_or_default(),
        }
    }

    /// 409 `illegal_transition` with a sentence saying why.
    pub fn illegal_transition(message: String, current: &impl serde::Serialize) -> Self {
        Self::Conflict {
            code: ErrorCode::IllegalTransition,
            message,
            current: serde_json::to_value(current).unwrap_or_default(),
        }
    }

    /// 422 for one field.
    pub fn invalid(field: &str, problem: impl Into<String>) -> Self {
        Self::Validation(vec![FieldProblem {
            field: field.to_owned(),
            problem: problem.into(),
        }])
    }

    pub fn body(&self) -> ErrorBody {
        let (code, message, fields) = match self {
            Self::NotSignedIn => (ErrorCode::NotSignedIn, "Please sign in.".to_owned(), vec![]),
            Self::InvalidCredentials => (
                ErrorCode::InvalidCredentials,
                "Wrong username or password.".to_owned(),
                vec![],
            ),
            Self::SignInThrottled { retry_after_secs } => {
                let minutes = (retry_after_secs + 59) / 60;
                (
                    ErrorCode::TooManyAttempts,
                    format!(
                        "Too many failed sign-ins. Try again in {minutes} minute{}.",
                        if minutes == 1 { "" } else { "s" }
                    ),
                    vec![],
                )
            }
            Self::CrossSiteWrite(reason) => (
                ErrorCode::CrossSiteWrite,
                format!("A change sent from another site is refused: {reason}."),
                vec![],
            ),
            Self::RequestTimeout => (
                ErrorCode::RequestTimeout,
                "The request body did not arrive in time.".to_owned(),
                vec![],
            ),
            Self::Forbidden => (
                ErrorCode::Forbidden,
                "You are not allowed to do this.".to_owned(),
                vec![],
            ),
            Self::ReadOnly => (
                ErrorCode::ReadOnly,
                "Your role reads customer data but does not change it.".to_owned(),
                vec![],
            ),
            Self::NotFound => (ErrorCode::NotFound, "Not found.".to_owned(), vec![]),
            Self::NotFoundAt(fields) => {
                (ErrorCode::NotFound, "Not found.".to_owned(), fields.clone())
            }
            Self::Conflict { code, message, .. } => (*code, message.clone(), vec![]),
            Self::AlreadyExists(fields) => (
                ErrorCode::AlreadyExists,
                "This already exists.".to_owned(),
                fields.clone(),
            ),
            Self::BadRequest { message, field } => (
                ErrorCode::BadRequest,
                message.clone(),
                field
                    .iter()
                    .map(|f| FieldProblem {
                        field: f.clone(),
                        problem: message.clone(),
                    })
                    .collect(),
            ),
            Self::Validation(fields) => (
                ErrorCode::Validation,
                "Some fields are not valid.".to_owned(),
                fields.clone(),
            ),
            Self::MethodNotAllowed => (
                ErrorCode::MethodNotAllowed,
                "This method is not allowed here.".to_owned(),
                vec![],
            ),
            Self::UnsupportedMediaType => (
                ErrorCode::UnsupportedMediaType,
                "Send the body as application/json.".to_owned(),
                vec![],
            ),
            Self::PayloadTooLarge => (
                ErrorCode::PayloadTooLarge,
                "The request body is too large.".to_owned(),
                vec![],
            ),
            Self::MeetingInProgress => (
                ErrorCode::MeetingInProgress,
                "A client meeting is in progress: leave it with your PIN first.".to_owned(),
                vec![],
            ),
            Self::WrongPin { tries_left } => (
                ErrorCode::WrongPin,
                format!("Wrong PIN: {tries_left} more wrong tries end the session."),
                vec![FieldProblem {
                    field: "pin".to_owned(),
                    problem: "is not your meeting PIN".to_owned(),
                }],
            ),
            Self::StorageUnavailable(_) => (
                ErrorCode::StorageUnavailable,
                "The database cannot store this right now (it may be full, read-only or \
                 restarting): nothing was saved. Try again in a moment."
                    .to_owned(),
                vec![],
            ),
            Self::Busy => (
                ErrorCode::Busy,
                "The server is busy. Try again in a moment.".to_owned(),
                vec![],
            ),
            Self::FiguresBeingComputed { retry_after_secs } => (
                ErrorCode::Busy,
                format!(
                    "The figures of your scope are being computed for the first time. \
                     Try again in {retry_after_secs} s."
                ),
                vec![],
            ),
            Self::Database(_) | Self::Internal(_) => (
                ErrorCode::Internal,
                "Something went wrong on our side.".to_owned(),
                vec![],
            ),
            Self::CustomerMerged(into) => (
                ErrorCode::CustomerMerged,
                format!(
                    "This customer was merged into customer {}.",
                    into.customer_no
                        .clone()
                        .unwrap_or_else(|| format!("#{}", into.id))
                ),
                vec![],
            ),
        };
        ErrorBody {
            code,
            message,
            fields,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        if status.is_server_error() {
            // The cause stays in the log; the client gets a generic sentence.
            tracing::error!(error = %self, "request failed");
        }
        let mut response = match &self {
            Self::Conflict { current, .. } => {
                let body = self.body();
                let conflict = ConflictBody {
                    code: body.code,
                    message: body.message,
                    current: current.clone(),
                };
                (status, Json(conflict)).into_response()
            }
            Self::CustomerMerged(into) => {
                let body = self.body();
                let merged = CustomerMergedBody {
                    code: body.code,
                    message: body.message,
                    merged_into: Some(into.clone()),
                };
                (status, Json(merged)).into_response()
            }
            _ => (status, Json(self.body())).into_response(),
        };
        if let Self::SignInThrottled { retry_after_secs } = self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(retry_after_secs.max(1)),
            );
        }
        if let Self::Busy = self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(crate::serve::BIG_ANSWER_RETRY_AFTER_SECS),
            );
        }
        if let Self::FiguresBeingComputed { retry_after_secs } = self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(retry_after_secs.max(1)),
            );
        }
        if let Self::StorageUnavailable(_) = self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(crate::unavailable::STORAGE_RETRY_AFTER_SECS),
            );
        }
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// A database error: a unique-constraint violation is the caller's conflict (409 naming
/// the field), anything else is ours (500, cause logged).
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        match e.as_database_error() {
            Some(db) if db.is_unique_violation() => Self::AlreadyExists(vec![FieldProblem {
                field: unique_field(db.message(), db.table(), db.constraint()),
                problem: "is already taken".to_owned(),
            }]),
            _ if crate::unavailable::storage_unavailable(&e) => {
                crate::unavailable::remember(&e);
                Self::StorageUnavailable(e)
            }
            _ => Self::Database(e),
        }
    }
}

/// The field a unique constraint is on, from what each database says: SQLite names the
/// columns in its message ("UNIQUE constraint failed: users.username"), PostgreSQL names
/// the constraint (`users_username_key`, or an index such as `customers_id_number`).
fn unique_field(message: &str, table: Option<&str>, constraint: Option<&str>) -> String {
    if let Some((_, columns)) = message.split_once("UNIQUE constraint failed: ") {
        // Several columns: the last one is the one that tells records apart.
        let last = columns.rsplit(", ").next().unwrap_or(columns);
        return last.rsplit('.').next().unwrap_or(last).trim().to_owned();
    }
    match constraint {
        Some(name) => {
            let name = table
                .and_then(|t| name.strip_prefix(&format!("{t}_")))
                .unwrap_or(name);
            name.strip_suffix("_key").unwrap_or(name).to_owned()
        }
        None => "body".to_owned(),
    }
}

/// Every rejection leaves as an [`ErrorBody`]: a layer's bare 413 (the body limit), any
/// other non-JSON error under `/api` (a rejection axum made before our handlers ran) and
/// any empty-bodied error elsewhere are rewritten; the app's own pages are left alone.
pub async fn json_errors(req: Request, next: axum::middleware::Next) -> Response {
    use axum::body::HttpBody;
    let is_api = req.uri().path().starts_with("/api/");
    let response = next.run(req).await;
    let is_empty = response.body().size_hint().exact() == Some(0);
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::PayloadTooLarge.into_response();
    }
    if !is_api && !is_empty {
        return response;
    }
    let code = match status {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::REQUEST_TIMEOUT => ErrorCode::RequestTimeout,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::TooManyRequests,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Busy,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => ErrorCode::BadRequest,
    };
    let body = ErrorBody {
        code,
        message: status
            .canonical_reason()
            .unwrap_or("The request was refused.")
            .to_owned(),
        fields: vec![],
    };
    let mut out = (status, Json(body)).into_response();
    for (name, value) in response.headers() {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

/// JSON in and out with our error format: malformed JSON is a 400, a body of the wrong
/// shape (missing, unknown or mistyped fields) a 422 naming every wrong field by its
/// dotted path. Every body type has a schema (`ToSchema`): it is the one the OpenAPI
/// document publishes, and the one a rejected body is checked against.
#[derive(Debug, Clone, Copy, Default)]
pub struct AppJson<T>(pub T);

impl<T, S> FromRequest<S> for AppJson<T>
where
    T: DeserializeOwned + ToSchema + 'static,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = json_body(req, state).await?;
        parse_json(&bytes).map(AppJson)
    }
}

/// The body of a JSON request: 415 for another media type, 413 when too large.
async fn json_body<S: Send + Sync>(req: Request, state: &S) -> Result<axum::body::Bytes, AppError> {
    let is_json = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            let m = m.trim();
            m.eq_ignore_ascii_case("application/json") || m.ends_with("+json")
        });
    if !is_json {
        return Err(AppError::UnsupportedMediaType);
    }
    axum::body::Bytes::from_request(req, state)
        .await
        .map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else if timed_out(&rejection) {
                AppError::RequestTimeout
            } else {
                AppError::BadRequest {
                    message: "The request body could not be read.".to_owned(),
                    field: None,
                }
            }
        })
}

/// [`AppJson`] for a type that tolerates unknown fields when it reads what it stored
/// itself (the policy: a field removed in a later version must not stop it loading) but
/// must refuse them from a client: every field of the body that the parsed value does not
/// have is named in a 422.
#[derive(Debug, Clone, Copy, Default)]
pub struct AppJsonExact<T>(pub T);

impl<T, S> FromRequest<S> for AppJsonExact<T>
where
    T: DeserializeOwned + serde::Serialize + ToSchema + 'static,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = json_body(req, state).await?;
        let value: T = parse_json(&bytes)?;
        let sent: serde_json::Value = serde_json::from_slice(&bytes).map_err(not_json)?;
        let read = serde_json::to_value(&value).map_err(AppError::internal)?;
        let problems = crate::body_schema::unknown_fields(&sent, &read);
        if problems.is_empty() {
            Ok(AppJsonExact(value))
        } else {
            Err(AppError::Validation(problems))
        }
    }
}

/// Whether reading the body failed because it stalled (the body-read timeout layer).
fn timed_out(rejection: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(rejection);
    while let Some(e) = cause {
        if e.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = e.source();
    }
    false
}

fn not_json(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest {
        message: format!("The body is not valid JSON: {e}"),
        field: None,
    }
}

/// Deserialize, or say what is wrong: bad JSON → 400; JSON of the wrong shape → 422 with
/// every wrong field (the schema of `T` finds them all; serde's own first error is kept
/// for what a schema cannot say, such as a number too large for its type).
pub fn parse_json<T: DeserializeOwned + ToSchema + 'static>(bytes: &[u8]) -> Result<T, AppError> {
    // Every body we accept is an object; serde would also take a struct as an array.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        return Err(match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(_) => AppError::Validation(vec![FieldProblem {
                field: "body".to_owned(),
                problem: "must be a JSON object".to_owned(),
            }]),
            Err(e) => not_json(e),
        });
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let serde_error = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(value) => {
            de.end().map_err(not_json)?;
            if crate::body_schema::has_nul_escape(bytes) {
                let body: serde_json::Value = serde_json::from_slice(bytes).map_err(not_json)?;
                let problems = crate::body_schema::nul_characters(&body);
                if !problems.is_empty() {
                    return Err(AppError::Validation(problems));
                }
            }
            return Ok(value);
        }
        Err(e) => e,
    };
    use serde_json::error::Category;
    let inner = serde_error.inner();
    if matches!(
        inner.classify(),
        Category::Syntax | Category::Eof | Category::Io
    ) {
        return Err(not_json(inner));
    }
    // serde stopped at the first wrong field; the rest of the body may not even be JSON.
    let body: serde_json::Value = serde_json::from_slice(bytes).map_err(not_json)?;
    let mut problems = crate::body_schema::problems::<T>(&body);
    let first = serde_problem(&serde_error);
    if !problems.iter().any(|p| p.field == first.field) {
        problems.push(first);
    }
    if problems.len() > crate::body_schema::MAX_PROBLEMS {
        let more = problems.len() - crate::body_schema::MAX_PROBLEMS;
        problems.truncate(crate::body_schema::MAX_PROBLEMS);
        problems.push(FieldProblem {
            field: "body".to_owned(),
            problem: format!("{more} more problems are not listed"),
        });
    }
    Err(AppError::Validation(problems))
}

/// serde's error as a field problem, with the field's dotted path.
fn serde_problem(e: &serde_path_to_error::Error<serde_json::Error>) -> FieldProblem {
    let message = e.inner().to_string();
    let path = e.path().to_string();
    let mut field = (path != ".").then_some(path);
    // serde names an unknown or missing field in its message only, and some serde
    // versions stop the path at the parent of an unknown field.
    if let Some(name) = named_field(&message) {
        field = Some(match field {
            Some(path) if path == name || path.ends_with(&format!(".{name}")) => path,
            Some(parent) => format!("{parent}.{name}"),
            None => name,
        });
    }
    FieldProblem {
        field: field.unwrap_or_else(|| "body".to_owned()),
        problem: message,
    }
}

/// "unknown field `x`, expected ..." or "missing field `x`".
fn named_field(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("missing field `"))?;
    Some(rest.split('`').next()?.to_owned())
}

impl<T: serde::Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientbook_domain::api::LoginRequest;

    #[test]
    fn a_unique_violation_names_its_field_on_either_database() {
        assert_eq!(
            unique_field("UNIQUE constraint failed: users.username", None, None),
            "username"
        );
        assert_eq!(
            unique_field(
                "UNIQUE constraint failed: customers.id_type, customers.id_number",
                None,
                None
            ),
            "id_number"
        );
        let pg = "duplicate key value violates unique constraint \"users_username_key\"";
        assert_eq!(
            unique_field(pg, Some("users"), Some("users_username_key")),
            "username"
        );
        assert_eq!(
            unique_field(
                "duplicate key",
                Some("customers"),
                Some("customers_id_number")
            ),
            "id_number"
        );
        assert_eq!(unique_field("duplicate key", None, None), "body");
    }

    #[test]
    fn an_unknown_field_is_named() {
        let err =
            parse_json::<LoginRequest>(br#"{"username":"a","password":"b","x":1}"#).unwrap_err();
        match err {
            AppError::Validation(f) => assert_eq!(f[0].field, "x"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_mistyped_nested_field_is_named_by_its_path() {
        let err =
            parse_json::<clientbook_domain::ScoringPolicy>(br#"{"tiers":{"diamond":"lots"}}"#)
                .unwrap_err();
        match err {
            AppError::Validation(f) => assert_eq!(f[0].field, "tiers.diamond"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        let err = parse_json::<LoginRequest>(b"{\"username\":").unwrap_err();
        assert_eq!(err.status_code(), StatusCode::BAD_REQUEST);
        // Even when serde stopped at a wrong field before the broken part.
        let err = parse_json::<LoginRequest>(b"{\"username\": 5, \"password\": ").unwrap_err();
        assert_eq!(err.status_code(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn every_wrong_field_is_listed_once() {
        let err = parse_json::<LoginRequest>(br#"{"username": 5, "password": [], "otp": 1}"#)
            .unwrap_err();
        match err {
            AppError::Validation(f) => {
                let mut fields: Vec<_> = f.iter().map(|p| p.field.as_str()).collect();
                fields.sort_unstable();
                assert_eq!(fields, vec!["otp", "password", "username"], "{f:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn what_the_schema_cannot_say_comes_from_serde() {
        // An integer as the schema says, but beyond i64: serde stops there, the schema
        // finds the other wrong field.
        let err = parse_json::<clientbook_domain::service::EditNote>(
            br#"{"version": 10000000000000000000, "text": 5}"#,
        )
        .unwrap_err();
        match err {
            AppError::Validation(f) => {
                let mut fields: Vec<_> = f.iter().map(|p| p.field.as_str()).collect();
                fields.sort_unstable();
                assert_eq!(fields, vec!["text", "version"], "{f:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_nul_character_is_refused_in_any_string() {
        let err = parse_json::<LoginRequest>(br#"{"username": "rm\u00001", "password": "p"}"#)
            .unwrap_err();
        match err {
            AppError::Validation(f) => assert_eq!(f[0].field, "username"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_missing_field_is_named() {
        let err = parse_json::<LoginRequest>(br#"{"username": "a"}"#).unwrap_err();
        match err {
            AppError::Validation(f) => {
                assert_eq!(f.len(), 1, "{f:?}");
                assert_eq!(f[0].field, "password");
            }
            other => panic!("{other:?}"),
        }
    }
}
