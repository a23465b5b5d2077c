//! Serving the built app beside the API, and the headers every response carries.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;
use tower::ServiceExt;
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
/// deep links (/customers/12) load the app, which then routes. Files are served as a CDN
/// would: the `.br`/`.gz` made at build time (`scripts/precompress.sh`) when the browser
/// takes them, so nothing is compressed per request; hashed names cached for a year.
pub fn static_files(router: Router, dist: &Path) -> Router {
    let index = dist.join("index.html");
    if !index.is_file() {
        tracing::warn!(dist = %dist.display(), "the app is not built (no index.html): serving the API only");
        return router.fallback(|| async {
            (
                axum::http::StatusCode::NOT_FOUND,
                "Clientbook's app is not built: run `trunk build --release`.",
            )
        });
    }
    let files = ServeDir::new(dist).precompressed_br().precompressed_gzip();
    // A hashed name that is not on disk (a page of the previous build asking for its
    // wasm) must be a 404, never index.html cached for a year under that name.
    let app = files.clone().fallback(
        ServeFile::new(index)
            .precompressed_br()
            .precompressed_gzip(),
    );
    router.fallback(move |req: Request| {
        let (files, app) = (files.clone(), app.clone());
        async move {
            let kind = AssetKind::of(req.uri().path());
            let res = match kind {
                AssetKind::Hashed => files.oneshot(req).await.into_response(),
                AssetKind::Mutable | AssetKind::Api => app.oneshot(req).await.into_response(),
            };
            with_cache_headers(kind, res)
        }
    })
}

/// How long a browser or a CDN may keep a file of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssetKind {
    /// Trunk names it after its content (`clientbook-<hash>_bg.wasm`, `main-<hash>.css`):
    /// the name changes whenever the bytes do, so it may be kept for good.
    Hashed,
    /// index.html, the SPA fallback, unhashed public files: revalidated on every use, so
    /// a new build is picked up at the next load.
    Mutable,
    /// An /api path no route took: like every API answer, never stored.
    Api,
}

impl AssetKind {
    pub fn of(path: &str) -> AssetKind {
        if path == "/api" || path.starts_with("/api/") {
            return AssetKind::Api;
        }
        let name = path.rsplit('/').next().unwrap_or_default();
        let stem = name.split('.').next().unwrap_or_default();
        let stem = stem.strip_suffix("_bg").unwrap_or(stem);
        let hashed = stem.rsplit_once('-').is_some_and(|(base, hash)| {
            // Trunk prints the 64-bit content hash in hex without padding.
            !base.is_empty()
                && (8..=16).contains(&hash.len())
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        });
        if hashed && name.contains('.') {
            AssetKind::Hashed
        } else {
            AssetKind::Mutable
        }
    }
}

/// A year for a hashed file that was found; `no-store` under /api; `no-cache` for
/// anything else. The body may
/// depend on Accept-Encoding (a precompressed variant or the compression layer), which
/// shared caches must know even when this answer is not compressed.
pub fn with_cache_headers(kind: AssetKind, mut res: Response) -> Response {
    let found = res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED;
    let cache = match kind {
        AssetKind::Hashed if found => "public, max-age=31536000, immutable",
        AssetKind::Api => "no-store",
        _ => "no-cache",
    };
    let headers = res.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    let varies = headers
        .get_all(header::VARY)
        .iter()
        .any(|v| v.as_bytes().eq_ignore_ascii_case(b"accept-encoding"));
    if !varies {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

/// `Cache-Control` of an answer the browser may keep for the signed-in user only and must
/// revalidate on every use (a shared cache may never keep it).
pub const PRIVATE_REVALIDATE: &str = "private, no-cache";

/// An answer with a strong ETag, or 304 with no body when `If-None-Match` names it. The
/// tag is the SHA-256 of the exact bytes, so it is correct by construction: it changes
/// whenever the body would, and every server instance computes the same one (no state in
/// memory). What it saves is the wire and the browser's decoding, not the server's work
/// (the whole book's tag saves that too: [`revalidated_as`]).
pub fn revalidated(body: Vec<u8>, media_type: &'static str, request: &HeaderMap) -> Response {
    let tag = strong_etag(&body);
    revalidated_as(body, media_type, request, tag)
}

/// [`revalidated`] under a tag the caller vouches for (the whole book's, made from what
/// the body is made from: `routes::book_tag`).
pub fn revalidated_as(
    body: Vec<u8>,
    media_type: &'static str,
    request: &HeaderMap,
    tag: String,
) -> Response {
    let not_modified = if_none_match_hits(request, &tag);
    let mut res = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, HeaderValue::from_static(media_type))],
            body,
        )
            .into_response()
    };
    let headers = res.headers_mut();
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(&tag).expect("hex is a header value"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(PRIVATE_REVALIDATE),
    );
    // Said on the 304 too, as the 200 would (the compression layer adds it only when it
    // compresses).
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    res
}

/// `"<first 128 bits of the SHA-256, hex>"`.
pub fn strong_etag(body: &[u8]) -> String {
    format!("\"{}\"", hex::encode(&Sha256::digest(body)[..16]))
}

/// Whether `If-None-Match` lists `tag` (or is `*`). The comparison is the weak one
/// RFC 9110 asks of this header: a `W/` prefix is ignored.
pub fn if_none_match_hits(request: &HeaderMap, tag: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == tag)
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

/// API answers carry personal data: no cache may keep them. The book alone says
/// [`PRIVATE_REVALIDATE`] itself (masked data, kept by the browser only, revalidated by
/// ETag on every load).
pub fn no_store(router: Router<crate::AppState>) -> Router<crate::AppState> {
    router.layer(SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    ))
}

/// Every API answer names the server's release ([`clientbook_domain::release`]), so an
/// app of another build (a page loaded before a deployment, or kept by the service
/// worker) knows it and asks the user to reload rather than misread the new API.
pub fn with_release(router: Router<crate::AppState>) -> Router<crate::AppState> {
    use clientbook_domain::release::{RELEASE, RELEASE_HEADER};
    router.layer(SetResponseHeaderLayer::overriding(
        header::HeaderName::from_static(RELEASE_HEADER),
        HeaderValue::from_static(RELEASE),
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

    #[test]
    fn trunk_names_are_hashed_and_the_rest_is_not() {
        for hashed in [
            "/clientbook-3f2a9c1d0b7e6a54_bg.wasm",
            "/clientbook-3f2a9c1d0b7e6a54.js",
            "/main-f2a9c1d0b7e6a54.css",
        ] {
            assert_eq!(AssetKind::of(hashed), AssetKind::Hashed, "{hashed}");
        }
        for mutable in [
            "/",
            "/index.html",
            "/customers/12",
            "/favicon.svg",
            "/public/logo-big.svg",
            "/main-XYZ0123456789abc.css",
            "/-0123456789abcdef.css",
            "/clientbook-0123456789abcdef",
        ] {
            assert_eq!(AssetKind::of(mutable), AssetKind::Mutable, "{mutable}");
        }
    }

    #[test]
    fn if_none_match_finds_the_tag_in_a_list_weak_or_strong() {
        let tag = strong_etag(b"{}");
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::IF_NONE_MATCH, HeaderValue::from_str(v).unwrap());
            h
        };
        assert!(if_none_match_hits(&with(&tag), &tag));
        assert!(if_none_match_hits(&with(&format!("\"x\", W/{tag}")), &tag));
        assert!(if_none_match_hits(&with("*"), &tag));
        assert!(!if_none_match_hits(&with(&strong_etag(b"[]")), &tag));
        assert!(!if_none_match_hits(&HeaderMap::new(), &tag));
    }
}
