//! Every HTTP call the app makes, one typed function per endpoint of the server's API.
//!
//! URLs are built here and nowhere else. Each call returns `Result<T, ApiError>`; the
//! server's [`ErrorBody`] is mapped to a variant the UI can act on (a 401 sends the user
//! to the sign-in page, a lockout shows the server's sentence, and so on).

use clientbook_domain::api::{
    BankClock, BookResponse, ErrorBody, FieldProblem, LoginRequest, Me, ProductsResponse,
};
use clientbook_domain::columns::BookColumns;
use clientbook_domain::ScoringPolicy;
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;

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
    /// The request was refused field by field (400/422).
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
        let code = body.as_ref().map(|b| b.code.as_str()).unwrap_or_default();
        let message = body.as_ref().map(|b| b.message.clone()).unwrap_or_default();
        match (status, code) {
            (_, "account_locked") | (423, _) => ApiError::Locked(message),
            (_, "invalid_credentials") => ApiError::InvalidCredentials(message),
            (401, _) => ApiError::Unauthorized,
            (403, _) => ApiError::Forbidden(message),
            (429, _) => ApiError::Locked(message),
            (400 | 422, _) if body.as_ref().is_some_and(|b| !b.fields.is_empty()) => {
                ApiError::Validation(body.map(|b| b.fields).unwrap_or_default())
            }
            _ if !message.is_empty() => ApiError::Server(message),
            _ => ApiError::Server(format!("HTTP {status}")),
        }
    }
}

mod url {
    pub const SESSION: &str = "/api/session";
    pub const ME: &str = "/api/me";
    pub const CLOCK: &str = "/api/clock";
    pub const BOOK_COLUMNS: &str = "/api/book/columns";
    pub const PRODUCTS: &str = "/api/products";
    pub const POLICY: &str = "/api/policy";
}

pub(crate) async fn read_json<T: DeserializeOwned>(resp: Response) -> Result<T, ApiError> {
    if resp.ok() {
        resp.json::<T>()
            .await
            .map_err(|e| ApiError::Server(format!("unreadable answer: {e}")))
    } else {
        Err(read_error(resp).await)
    }
}

pub(crate) async fn read_error(resp: Response) -> ApiError {
    let status = resp.status();
    let body = resp.json::<ErrorBody>().await.ok();
    ApiError::from_status(status, body)
}

pub(crate) async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let resp = Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read_json(resp).await
}

/// POST /api/session: sign in; the server sets the session cookie.
pub async fn sign_in(request: &LoginRequest) -> Result<Me, ApiError> {
    let resp = Request::post(url::SESSION)
        .json(request)
        .map_err(|e| ApiError::Server(e.to_string()))?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read_json(resp).await
}

/// DELETE /api/session: sign out.
pub async fn sign_out() -> Result<(), ApiError> {
    let resp = Request::delete(url::SESSION)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    match resp.status() {
        // An already-ended session is signed out all the same.
        200..=299 | 401 => Ok(()),
        _ => Err(read_error(resp).await),
    }
}

/// GET /api/me: who is signed in.
pub async fn me() -> Result<Me, ApiError> {
    get(url::ME).await
}

/// GET /api/book/columns: the signed-in user's whole book, sent as parallel arrays (about
/// half the bytes of the record layout) and turned back into records here.
pub async fn book() -> Result<BookResponse, ApiError> {
    let columns: BookColumns = get(url::BOOK_COLUMNS).await?;
    let as_of = columns.as_of;
    let customers = columns
        .into_customers()
        .map_err(|e| ApiError::Server(format!("unreadable book: {e}")))?;
    Ok(BookResponse { as_of, customers })
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

    fn body(code: &str, message: &str) -> Option<ErrorBody> {
        Some(ErrorBody {
            code: code.into(),
            message: message.into(),
            fields: vec![],
        })
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_wrong_password_keeps_the_servers_sentence() {
        assert_eq!(
            ApiError::from_status(
                401,
                body("invalid_credentials", "Wrong username or password.")
            ),
            ApiError::InvalidCredentials("Wrong username or password.".into())
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_missing_session_is_unauthorized() {
        assert_eq!(
            ApiError::from_status(401, body("not_signed_in", "Sign in first.")),
            ApiError::Unauthorized
        );
        assert_eq!(ApiError::from_status(401, None), ApiError::Unauthorized);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_lockout_is_recognised_by_code_or_status() {
        let until = "Locked until 15:30.";
        assert_eq!(
            ApiError::from_status(429, body("account_locked", until)),
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
            code: "validation".into(),
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
pub mod complaints;
pub mod customer;
pub mod dashboard;
pub mod staff;
pub mod surveys;
