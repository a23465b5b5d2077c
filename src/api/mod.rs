//! Every HTTP call the app makes, one typed function per endpoint of the server's API.
//!
//! URLs are built here and nowhere else, and every request goes out through
//! [`send_json`] (method, URL, optional JSON body). Each call returns
//! `Result<T, ApiError>`; the server's [`ErrorBody`] is mapped, by its [`ErrorCode`], to a
//! variant the UI can act on (a 401 sends the user to the sign-in page, a lockout shows
//! the server's sentence, and so on).

use clientbook_domain::api::{
    BankClock, BookResponse, ErrorBody, FieldProblem, LoginRequest, Me, ProductsResponse,
};
use clientbook_domain::book_wire;
use clientbook_domain::error_code::ErrorCode;
use clientbook_domain::ScoringPolicy;
use gloo_net::http::{Method, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why an API call failed, in terms the UI acts on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// No session, or it expired (401 `not_signed_in`): sign in again.
    #[error("not signed in")]
    Unauthorized,
    /// Sign-in refused (401 `invalid_credentials`), with the server's sentence.
    #[error("{0}")]
    InvalidCredentials(String),
    /// The account is locked (423/429 `account_locked`); the message says until when.
    #[error("{0}")]
    Locked(String),
    /// Signed in but not allowed (403).
    #[error("{0}")]
    Forbidden(String),
    /// The request was refused field by field (400/422, or a 409 for a taken value).
    #[error("the request was refused")]
    Validation(Vec<FieldProblem>),
    /// The server could not be reached.
    #[error("the server could not be reached")]
    Network,
    /// Anything else the server reported, or an answer we could not read.
    #[error("{0}")]
    Server(String),
}

impl ApiError {
    /// Map a failed response to an error, reading the server's [`ErrorBody`] when present.
    pub fn from_status(status: u16, body: Option<ErrorBody>) -> ApiError {
        let code = body.as_ref().map(|b| b.code);
        let message = body.as_ref().map(|b| b.message.clone()).unwrap_or_default();
        match (status, code) {
            (_, Some(ErrorCode::AccountLocked)) | (423, _) => ApiError::Locked(message),
            (_, Some(ErrorCode::InvalidCredentials)) => ApiError::InvalidCredentials(message),
            (401, _) => ApiError::Unauthorized,
            (403, _) => ApiError::Forbidden(message),
            (429, _) => ApiError::Locked(message),
            // A taken unique value (409 `already_exists`) names its field like a 422.
            (400 | 422, _) | (409, Some(ErrorCode::AlreadyExists))
                if body.as_ref().is_some_and(|b| !b.fields.is_empty()) =>
            {
                ApiError::Validation(body.map(|b| b.fields).unwrap_or_default())
            }
            _ if !message.is_empty() => ApiError::Server(message),
            _ => ApiError::Server(format!("HTTP {status}")),
        }
    }
}

pub(crate) mod url {
    pub const SESSION: &str = "/api/session";
    pub const ME: &str = "/api/me";
    pub const CLOCK: &str = "/api/clock";
    pub const BOOK_COLUMNS: &str = "/api/book/columns";
    pub const PRODUCTS: &str = "/api/products";
    pub const POLICY: &str = "/api/policy";
}

/// An answer the server gave, read as JSON: what a call expects on success, or the
/// error body of a refusal with its status.
#[derive(Debug)]
pub(crate) enum Answer<T> {
    Ok(T),
    Refused { status: u16, body: RefusalBody },
}

/// The body of a refusal: any JSON (an [`ErrorBody`], or a 409's conflict body), kept as
/// it came so a call can read it as the type it expects; `None` when it was not JSON.
#[derive(Debug)]
pub(crate) struct RefusalBody(pub(crate) Option<serde_json::Value>);

impl RefusalBody {
    pub(crate) fn read<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_value(self.0.clone()?).ok()
    }

    pub(crate) fn error(&self) -> Option<ErrorBody> {
        self.read()
    }
}

impl<T> Answer<T> {
    /// Success, or the refusal as an [`ApiError`].
    pub(crate) fn ok(self) -> Result<T, ApiError> {
        match self {
            Answer::Ok(v) => Ok(v),
            Answer::Refused { status, body } => Err(ApiError::from_status(status, body.error())),
        }
    }
}

/// The one way the app calls the server: `method` on `url` with an optional JSON body;
/// a 2xx answer read as `T` (an empty one as JSON `null`, for `()`), anything else as the
/// server's refusal.
pub(crate) async fn exchange<B, T>(
    method: Method,
    url: &str,
    body: Option<&B>,
) -> Result<Answer<T>, ApiError>
where
    B: Serialize + ?Sized,
    T: DeserializeOwned,
{
    exchange_once(method, url, body, None).await
}

/// [`exchange`] with an `Idempotency-Key` (a write queued offline): the server answers a
/// repeat of the key with its first answer and writes nothing again.
pub(crate) async fn exchange_once<B, T>(
    method: Method,
    url: &str,
    body: Option<&B>,
    idempotency_key: Option<&str>,
) -> Result<Answer<T>, ApiError>
where
    B: Serialize + ?Sized,
    T: DeserializeOwned,
{
    let request = RequestBuilder::new(url)
        .method(method)
        .header("Accept", "application/json");
    let request = match idempotency_key {
        Some(key) => request.header(clientbook_domain::offline::IDEMPOTENCY_KEY_HEADER, key),
        None => request,
    };
    let request = match body {
        Some(body) => request
            .json(body)
            .map_err(|e| ApiError::Server(e.to_string()))?,
        None => request
            .build()
            .map_err(|e| ApiError::Server(e.to_string()))?,
    };
    let resp: Response = request.send().await.map_err(|_| ApiError::Network)?;
    // A server of another release than this page: the page says a new version is ready.
    crate::pwa::note_server_release(
        resp.headers()
            .get(clientbook_domain::release::RELEASE_HEADER)
            .as_deref(),
    );
    let status = resp.status();
    let text = resp.text().await.map_err(|_| ApiError::Network)?;
    if resp.ok() {
        let text = if text.trim().is_empty() {
            "null"
        } else {
            &text
        };
        serde_json::from_str(text)
            .map(Answer::Ok)
            .map_err(|e| ApiError::Server(format!("unreadable answer: {e}")))
    } else {
        Ok(Answer::Refused {
            status,
            body: RefusalBody(serde_json::from_str(&text).ok()),
        })
    }
}

/// The refusal of a response that is not read as JSON on success (a file download).
pub(crate) async fn read_error(resp: Response) -> ApiError {
    let status = resp.status();
    let body = resp.json::<ErrorBody>().await.ok();
    ApiError::from_status(status, body)
}

/// [`exchange`] for the usual call: every refusal is an [`ApiError`].
pub(crate) async fn send_json<B, T>(
    method: Method,
    url: &str,
    body: Option<&B>,
) -> Result<T, ApiError>
where
    B: Serialize + ?Sized,
    T: DeserializeOwned,
{
    exchange(method, url, body).await?.ok()
}

/// A query-string value: everything but RFC 3986's unreserved characters as `%XX` of its
/// UTF-8 bytes.
pub(crate) fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// No body to send.
pub(crate) const NO_BODY: Option<&()> = None;

pub(crate) async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    send_json(Method::GET, url, NO_BODY).await
}

/// POST /api/session: sign in; the server sets the session cookie.
pub async fn sign_in(request: &LoginRequest) -> Result<Me, ApiError> {
    send_json(Method::POST, url::SESSION, Some(request)).await
}

/// DELETE /api/session: sign out.
pub async fn sign_out() -> Result<(), ApiError> {
    match exchange::<(), serde::de::IgnoredAny>(Method::DELETE, url::SESSION, NO_BODY).await? {
        // An already-ended session is signed out all the same.
        Answer::Ok(_) | Answer::Refused { status: 401, .. } => Ok(()),
        refused => refused.ok().map(|_| ()),
    }
}

/// GET /api/me: who is signed in.
pub async fn me() -> Result<Me, ApiError> {
    get(url::ME).await
}

/// GET /api/book/columns as the compact book (`Accept: application/x-clientbook-book`):
/// the signed-in user's whole book in about a quarter of the JSON columns' bytes, decoded
/// here by the domain crate's `book_wire` (a revalidated 304 reaches us as the browser's
/// cached 200).
pub async fn book() -> Result<BookResponse, ApiError> {
    let resp = RequestBuilder::new(url::BOOK_COLUMNS)
        .method(Method::GET)
        .header("Accept", book_wire::MEDIA_TYPE)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    // A server of another release may send a layout this build cannot read (the decoder
    // refuses its version byte): the page then says a new version is ready to reload.
    crate::pwa::note_server_release(
        resp.headers()
            .get(clientbook_domain::release::RELEASE_HEADER)
            .as_deref(),
    );
    if !resp.ok() {
        return Err(read_error(resp).await);
    }
    let bytes = resp.binary().await.map_err(|_| ApiError::Network)?;
    // Decoding is a task of its own, not a tail of the download's, and a row of short
    // ones: a part of the book per task (the first seconds of home).
    crate::yield_now::yield_now().await;
    book_decode::decode_in_slices(&bytes)
        .await
        .map_err(|e| ApiError::Server(format!("unreadable book: {e}")))
}

/// GET /api/clock: the bank's business date and time zone.
pub async fn clock() -> Result<BankClock, ApiError> {
    get(url::CLOCK).await
}

/// GET /api/products: the product shelf.
pub async fn products() -> Result<ProductsResponse, ApiError> {
    get(url::PRODUCTS).await
}

/// GET /api/policy: the bank's scoring policy (tier thresholds and the rest).
pub async fn policy() -> Result<ScoringPolicy, ApiError> {
    get(url::POLICY).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn body(code: ErrorCode, message: &str) -> Option<ErrorBody> {
        Some(ErrorBody {
            code,
            message: message.into(),
            fields: vec![],
        })
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_wrong_password_keeps_the_servers_sentence() {
        assert_eq!(
            ApiError::from_status(
                401,
                body(ErrorCode::InvalidCredentials, "Wrong username or password.")
            ),
            ApiError::InvalidCredentials("Wrong username or password.".into())
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_missing_session_is_unauthorized() {
        assert_eq!(
            ApiError::from_status(401, body(ErrorCode::NotSignedIn, "Sign in first.")),
            ApiError::Unauthorized
        );
        assert_eq!(ApiError::from_status(401, None), ApiError::Unauthorized);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_lockout_is_recognised_by_code_or_status() {
        let until = "Locked until 15:30.";
        assert_eq!(
            ApiError::from_status(429, body(ErrorCode::AccountLocked, until)),
            ApiError::Locked(until.into())
        );
        assert_eq!(
            ApiError::from_status(423, None),
            ApiError::Locked(String::new())
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn field_problems_become_validation() {
        let b = ErrorBody {
            code: ErrorCode::Validation,
            message: "bad".into(),
            fields: vec![FieldProblem {
                field: "username".into(),
                problem: "is empty".into(),
            }],
        };
        assert!(matches!(
            ApiError::from_status(422, Some(b)),
            ApiError::Validation(f) if f.len() == 1
        ));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_taken_username_is_shown_beside_its_field() {
        let b = ErrorBody {
            code: ErrorCode::AlreadyExists,
            message: "This already exists.".into(),
            fields: vec![FieldProblem {
                field: "username".into(),
                problem: "is already taken".into(),
            }],
        };
        assert!(matches!(
            ApiError::from_status(409, Some(b)),
            ApiError::Validation(f) if f[0].field == "username"
        ));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_code_this_build_does_not_know_is_read_by_its_status() {
        let newer: ErrorBody =
            serde_json::from_str(r#"{"code":"quota_exceeded","message":"Too many."}"#).unwrap();
        assert_eq!(newer.code, ErrorCode::Other);
        assert_eq!(
            ApiError::from_status(403, Some(newer.clone())),
            ApiError::Forbidden("Too many.".into())
        );
        assert_eq!(
            ApiError::from_status(500, Some(newer)),
            ApiError::Server("Too many.".into())
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn anything_else_is_a_server_error() {
        assert_eq!(
            ApiError::from_status(500, None),
            ApiError::Server("HTTP 500".into())
        );
    }
}

// Calls of the dashboard screens (home, customers, satisfaction, branch) and of the
// customer page and its service-work forms live in their own files.
pub mod admin;
pub mod book_decode;
pub mod campaigns;
pub mod complaints;
pub mod customer;
pub mod customer_list;
pub mod dashboard;
pub mod export;
pub mod figures;
pub mod household;
pub mod import;
pub mod meeting;
pub mod merge;
pub mod opportunities;
pub mod staff;
pub mod surveys;
