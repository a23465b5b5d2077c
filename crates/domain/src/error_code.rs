//! The machine code of an error answer (`ErrorBody::code`), shared by the server that
//! sends it and the app that acts on it, so neither spells it as a string.

use serde::{Deserialize, Serialize};

/// What went wrong, as a stable code on the wire (snake_case).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No session, or it has ended (401).
    NotSignedIn,
    /// Wrong username or password (401).
    InvalidCredentials,
    /// Too many failed sign-ins (423).
    AccountLocked,
    /// The role may not do this (403).
    Forbidden,
    /// The role reads customer data but does not change it (403).
    ReadOnly,
    /// No such record, or not in the caller's scope (404).
    NotFound,
    /// The edit was based on an older version of the record (409).
    StaleVersion,
    /// A complaint cannot move to that state from where it is (409).
    IllegalTransition,
    /// A record with the same unique value exists, e.g. a username (409).
    AlreadyExists,
    /// Malformed JSON or a query parameter of the wrong type (400).
    BadRequest,
    /// Some fields are not valid (422).
    Validation,
    /// 405.
    MethodNotAllowed,
    /// The body is not JSON (415).
    UnsupportedMediaType,
    /// The body is over the limit (413).
    PayloadTooLarge,
    /// The URL is too long (414).
    UriTooLong,
    /// The request's headers are too large (431).
    HeadersTooLarge,
    /// Too many failed sign-ins from this source or for this name: wait (429).
    TooManyAttempts,
    /// A write sent from another site (Origin / Sec-Fetch-Site) is refused (403).
    CrossSiteWrite,
    /// The request did not arrive in time (408).
    RequestTimeout,
    /// Too many requests at once (429).
    TooManyRequests,
    /// The server is at its limit: retry after the time it gives (503).
    Busy,
    /// The database cannot store or read this now (disk full, read-only, restarting or
    /// unreachable): nothing was saved, retry after the time it gives (503).
    StorageUnavailable,
    /// Something failed on the server (500); the cause is in its log only.
    Internal,
    /// The session is in meeting mode: only the meeting's own endpoints answer (423).
    MeetingInProgress,
    /// The meeting PIN is wrong; a few more wrong ones end the session (403).
    WrongPin,
    /// An import batch is already committed (409).
    ImportCommitted,
    /// An import batch is not ready to commit: still validating, failed or cancelled (409).
    ImportNotReady,
    /// An import batch has proposed merges nobody accepted or rejected yet (409).
    MergesUndecided,
    /// The customer was retired by a merge: the body names the customer it was merged
    /// into, which the caller may see (404, with a `merged_into`; docs/rules.md, Merging
    /// customers).
    CustomerMerged,
    /// A code this build does not know (sent by a newer server): read, never a failure.
    #[serde(other)]
    Other,
}

impl ErrorCode {
    /// The code as it is on the wire (`Other` for one this build does not know).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotSignedIn => "not_signed_in",
            Self::InvalidCredentials => "invalid_credentials",
            Self::AccountLocked => "account_locked",
            Self::Forbidden => "forbidden",
            Self::ReadOnly => "read_only",
            Self::NotFound => "not_found",
            Self::StaleVersion => "stale_version",
            Self::IllegalTransition => "illegal_transition",
            Self::AlreadyExists => "already_exists",
            Self::BadRequest => "bad_request",
            Self::Validation => "validation",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UriTooLong => "uri_too_long",
            Self::HeadersTooLarge => "headers_too_large",
            Self::TooManyAttempts => "too_many_attempts",
            Self::CrossSiteWrite => "cross_site_write",
            Self::RequestTimeout => "request_timeout",
            Self::TooManyRequests => "too_many_requests",
            Self::Busy => "busy",
            Self::StorageUnavailable => "storage_unavailable",
            Self::Internal => "internal",
            Self::MeetingInProgress => "meeting_in_progress",
            Self::WrongPin => "wrong_pin",
            Self::ImportCommitted => "import_committed",
            Self::ImportNotReady => "import_not_ready",
            Self::MergesUndecided => "merges_undecided",
            Self::CustomerMerged => "customer_merged",
            Self::Other => "other",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A test can state the wire name it expects: `assert_eq!(body.code, "not_found")`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn codes_are_the_snake_case_names_on_the_wire() {
        for (code, wire) in [
            (ErrorCode::NotSignedIn, "not_signed_in"),
            (ErrorCode::StaleVersion, "stale_version"),
            (ErrorCode::UnsupportedMediaType, "unsupported_media_type"),
            (ErrorCode::AlreadyExists, "already_exists"),
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{wire}\""));
            assert_eq!(code.as_str(), wire);
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_code_from_a_newer_server_reads_as_other() {
        assert_eq!(
            serde_json::from_str::<ErrorCode>("\"quota_exceeded\"").unwrap(),
            ErrorCode::Other
        );
    }
}
