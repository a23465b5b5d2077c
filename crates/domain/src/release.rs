//! Which build of Clientbook this is, shared by the server and the app so that a page
//! of one build never talks to the API of another without knowing it.
//!
//! The server names its release on every API answer ([`RELEASE_HEADER`]) and in
//! `GET /api/health`; the app compares it with its own ([`RELEASE`]) and, when they
//! differ, says that a new version is ready instead of sending requests the new API may
//! read differently (ARCHITECTURE.md, "The installable app").

/// This build's release: `CLIENTBOOK_RELEASE` at compile time (a deployment sets it, to
/// a commit or a version, for the server and the app alike), else the crate's version.
pub const RELEASE: &str = match option_env!("CLIENTBOOK_RELEASE") {
    Some(release) => release,
    None => env!("CARGO_PKG_VERSION"),
};

/// The response header that carries the server's release on every API answer.
pub const RELEASE_HEADER: &str = "x-clientbook-version";

/// Whether an API answer came from another release than this build: `None` (an answer
/// without the header, e.g. from a proxy) is not a mismatch, and neither is
/// surrounding whitespace.
pub fn is_other_release(announced: Option<&str>) -> bool {
    announced.is_some_and(|a| a.trim() != RELEASE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_release_is_not_a_mismatch_and_another_one_is() {
        assert!(!is_other_release(Some(RELEASE)));
        assert!(!is_other_release(Some(&format!(" {RELEASE} "))));
        assert!(is_other_release(Some("0.0.0-other")));
        assert!(is_other_release(Some("")));
    }

    #[test]
    fn an_answer_without_a_release_is_taken_as_this_one() {
        assert!(!is_other_release(None));
    }

    #[test]
    fn the_header_name_is_lower_case_as_http_2_requires() {
        assert_eq!(RELEASE_HEADER, RELEASE_HEADER.to_ascii_lowercase());
        assert!(!RELEASE.is_empty());
    }
}
