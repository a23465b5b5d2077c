//! Serving the built app beside the API, and the headers every response carries.

use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The Content-Security-Policy. Trunk injects one small inline module script into
/// index.html; it is allowed by its hash (never 'unsafe-inline'), so `index_html` is the
/// built page when there is one.
pub fn content_security_policy(index_html: Option<&str>) -> String {
    let hashes: String = index_html
        .map(inline_script_hashes)
        .unwrap_or_default()
        .iter()
        .map(|h| format!(" 'sha256-{h}'"))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; \
         form-action 'self'"
    )
}

/// Base64 SHA-256 of the body of every `<script>` without a `src`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = vec![];
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let body_and_after = &rest[tag_end + 1..];
        let Some(close) = body_and_after.find("</script>") else {
            break;
        };
        let body = &body_and_after[..close];
        if !tag.contains(" src=") && !body.trim().is_empty() {
            out.push(
                base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes())),
            );
        }
        rest = &body_and_after[close..];
    }
    out
}

/// The CSP of the app in `dist`, recomputed when index.html changes (a `trunk build`
/// while the server runs must not leave a stale script hash behind).
#[derive(Debug)]
pub struct Csp {
    index: PathBuf,
    cached: RwLock<(Option<SystemTime>, HeaderValue)>,
}

impl Csp {
    pub fn new(dist: &Path) -> Self {
        let csp = Csp {
            index: dist.join("index.html"),
            cached: RwLock::new((None, HeaderValue::from_static(""))),
        };
        csp.refresh(csp.modified());
        csp
    }

    fn modified(&self) -> Option<SystemTime> {
        std::fs::metadata(&self.index)
            .and_then(|m| m.modified())
            .ok()
    }

    fn refresh(&self, modified: Option<SystemTime>) -> HeaderValue {
        let html = std::fs::read_to_string(&self.index).ok();
        let value =
            HeaderValue::from_str(&content_security_policy(html.as_deref())).expect("CSP is ASCII");
        let mut cached = self.cached.write().unwrap_or_else(|e| e.into_inner());
        *cached = (modified, value.clone());
        value
    }

    /// The header value for the app as it is on disk now.
    pub fn value(&self) -> HeaderValue {
        let modified = self.modified();
        {
            let cached = self.cached.read().unwrap_or_else(|e| e.into_inner());
            if cached.0 == modified {
                return cached.1.clone();
            }
        }
        self.refresh(modified)
    }
}

/// Every path outside /api: files of `dist`, and index.html for anything else so that
/// deep links (/customers/12) load the app, which then routes.
pub fn static_files(router: Router, dist: &Path) -> Router {
    let index = dist.join("index.html");
    if index.is_file() {
        router.fallback_service(
            ServeDir::new(dist)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(ServeFile::new(index)),
        )
    } else {
        tracing::warn!(dist = %dist.display(), "the app is not built (no index.html): serving the API only");
        router.fallback(|| async {
            (
                axum::http::StatusCode::NOT_FOUND,
                "Clientbook's app is not built: run `trunk build --release`.",
            )
        })
    }
}

/// Security headers on every response, API and files alike.
pub fn security_headers(router: Router, csp: Arc<Csp>) -> Router {
    router
        .layer(axum::middleware::map_response(move |mut res: Response| {
            let value = csp.value();
            async move {
                res.headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, value);
                res
            }
        }))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
}

/// API answers carry personal data: no cache may keep them.
pub fn no_store(router: Router<crate::AppState>) -> Router<crate::AppState> {
    router.layer(SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inline_module_script_is_allowed_by_hash_and_external_ones_are_not_hashed() {
        let html = r#"<html><script src="/a.js"></script><script type="module">import init from '/x.js';</script></html>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let csp = content_security_policy(Some(html));
        assert!(csp.contains(&format!("'sha256-{}'", hashes[0])));
        assert!(!csp.contains("unsafe-inline"));
    }

    #[test]
    fn a_rebuilt_app_gets_a_fresh_hash() {
        let dir = std::env::temp_dir().join(format!("cb-csp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<script>one()</script>").unwrap();
        let csp = Csp::new(&dir);
        let first = csp.value();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.join("index.html"), "<script>two()</script>").unwrap();
        let second = csp.value();
        assert_ne!(first, second);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn without_a_built_app_the_policy_is_the_strict_one() {
        assert!(content_security_policy(None)
            .starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src"));
    }
}
