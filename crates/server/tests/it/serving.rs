//! Serving like a CDN: precompressed, long-cached hashed files, revalidated index.html,
//! never-stored API answers (over `oneshot` and a temporary dist folder), and the book's
//! ETag/304 on the real server on both databases.

use crate::common::{as_of, TestServer};
use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use clientbook_server::config::Config;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use sqlx::Row;
use std::path::Path;
use tower::ServiceExt;

const WASM: &str = "clientbook-0123456789abcdef_bg.wasm";
const CSS: &str = "main-fedcba9876543210.css";

/// A dist folder as `trunk build --release` leaves it: the variants' bytes differ from
/// the file's, so a test sees which one was sent (and that nobody compressed it again).
fn write_dist(dist: &Path) {
    std::fs::create_dir_all(dist).unwrap();
    std::fs::write(dist.join("index.html"), crate::common::INDEX_HTML).unwrap();
    std::fs::write(dist.join(WASM), vec![b'w'; 4096]).unwrap();
    std::fs::write(dist.join(format!("{WASM}.br")), b"brotli bytes").unwrap();
    std::fs::write(dist.join(format!("{WASM}.gz")), b"gzip bytes").unwrap();
    std::fs::write(dist.join(CSS), "body { margin: 0 }\n".repeat(100)).unwrap();
    std::fs::write(dist.join("favicon.svg"), "<svg></svg>").unwrap();
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(&name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }
}

async fn get(app: &axum::Router, path: &str, accept_encoding: Option<&str>) -> Answer {
    let mut req = Request::get(path);
    if let Some(ae) = accept_encoding {
        req = req.header(header::ACCEPT_ENCODING, ae);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.unwrap().to_bytes().to_vec(),
    }
}

#[tokio::test]
async fn files_are_served_as_a_cdn_would_and_the_api_is_never_stored() {
    let dir = std::env::temp_dir().join(format!("cb_serving_{}", std::process::id()));
    let dist = dir.join("dist");
    write_dist(&dist);
    let mut config = Config::for_database(&format!("sqlite://{}/cb.sqlite", dir.display()));
    config.demo_customers = 0;
    config.dist = dist.clone();
    let app = clientbook_server::app(clientbook_server::prepare(&config).await.unwrap());
    let immutable = "public, max-age=31536000, immutable";
    let wasm = format!("/{WASM}");

    // The brotli variant made at build time, sent as it is.
    let a = get(&app, &wasm, Some("gzip, deflate, br")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header(header::CONTENT_ENCODING), "br");
    assert_eq!(a.body, b"brotli bytes");
    assert_eq!(a.header(header::CACHE_CONTROL), immutable);
    assert_eq!(a.header(header::CONTENT_TYPE), "application/wasm");
    let vary: Vec<_> = a.headers.get_all(header::VARY).iter().collect();
    assert_eq!(vary.len(), 1, "{vary:?}");
    assert!(vary[0]
        .to_str()
        .unwrap()
        .eq_ignore_ascii_case("accept-encoding"));

    // The gzip one for a browser without brotli; the file itself for one without either.
    let a = get(&app, &wasm, Some("gzip")).await;
    assert_eq!(
        (a.header(header::CONTENT_ENCODING), a.body.as_slice()),
        ("gzip", b"gzip bytes".as_slice())
    );
    assert_eq!(a.header(header::CACHE_CONTROL), immutable);
    let a = get(&app, &wasm, None).await;
    assert_eq!(a.header(header::CONTENT_ENCODING), "");
    assert_eq!(a.body, vec![b'w'; 4096]);
    assert_eq!(a.header(header::CACHE_CONTROL), immutable);
    assert!(a
        .header(header::VARY)
        .eq_ignore_ascii_case("accept-encoding"));

    // A hashed file without variants is compressed on the fly, and cached all the same.
    let a = get(&app, &format!("/{CSS}"), Some("br")).await;
    assert_eq!(a.header(header::CONTENT_ENCODING), "br");
    assert_eq!(a.header(header::CACHE_CONTROL), immutable);

    // index.html, a deep link (the SPA fallback) and an unhashed file: revalidated.
    for path in ["/", "/index.html", "/customers/12", "/favicon.svg"] {
        let a = get(&app, path, Some("br")).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_eq!(a.header(header::CACHE_CONTROL), "no-cache", "{path}");
    }
    let a = get(&app, "/customers/12", None).await;
    assert_eq!(a.body, crate::common::INDEX_HTML.as_bytes());

    // A hashed name of another build is a 404, not index.html kept for a year.
    let a = get(&app, "/clientbook-00000000deadbeef_bg.wasm", None).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.header(header::CACHE_CONTROL), "no-cache");

    // API answers, good or bad, routed or not: never stored.
    for (path, status) in [
        ("/api/health", StatusCode::OK),
        ("/api/book", StatusCode::UNAUTHORIZED),
        ("/api/book/columns", StatusCode::UNAUTHORIZED),
    ] {
        let a = get(&app, path, Some("br")).await;
        assert_eq!(a.status, status, "{path}");
        assert_eq!(a.header(header::CACHE_CONTROL), "no-store", "{path}");
    }
    let a = get(&app, "/api/no-such-thing", None).await;
    assert_eq!(a.header(header::CACHE_CONTROL), "no-store");
    let _ = std::fs::remove_dir_all(dir);
}

on_both_databases!(
    an_unchanged_book_answers_304_with_no_body_and_is_still_audited,
    a_write_to_one_customer_of_the_scope_changes_the_etag,
    another_rms_book_has_another_etag,
    a_masking_policy_change_changes_the_etag,
);

async fn fetch(
    client: &reqwest::Client,
    s: &TestServer,
    path: &str,
    etag: Option<&str>,
) -> reqwest::Response {
    let mut req = client.get(s.url(path));
    if let Some(tag) = etag {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    req.send().await.unwrap()
}

fn etag_of(r: &reqwest::Response) -> String {
    r.headers()
        .get(header::ETAG)
        .expect("an ETag")
        .to_str()
        .unwrap()
        .to_owned()
}

async fn book_reads(s: &TestServer, user: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM audit_log WHERE action = 'read_book' AND username = $1")
        .bind(user)
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

async fn an_unchanged_book_answers_304_with_no_body_and_is_still_audited(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    for path in ["/api/book/columns", "/api/book"] {
        let before = book_reads(&s, "rm01").await;
        let first = fetch(&rm01, &s, path, None).await;
        assert_eq!(first.status(), 200, "{path}");
        let tag = etag_of(&first);
        assert!(
            tag.starts_with('"') && tag.ends_with('"') && !tag.starts_with("W/"),
            "a strong tag: {tag}"
        );
        assert_eq!(
            first.headers()[header::CACHE_CONTROL],
            "private, no-cache",
            "{path}"
        );
        assert!(!first.bytes().await.unwrap().is_empty());

        let again = fetch(&rm01, &s, path, Some(&tag)).await;
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(etag_of(&again), tag);
        assert_eq!(again.headers()[header::CACHE_CONTROL], "private, no-cache");
        assert!(again.bytes().await.unwrap().is_empty(), "{path}: no body");
        // Known before the book is read: the audit says it was not sent, not its size.
        let detail: Option<String> = sqlx::query(
            "SELECT detail FROM audit_log WHERE action = 'read_book' AND username = 'rm01' \
             ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get(0);
        assert_eq!(detail.as_deref(), Some("not modified"), "{path}");

        // A tag the book never had gets the whole book.
        let other = fetch(&rm01, &s, path, Some("\"0123\"")).await;
        assert_eq!(other.status(), 200, "{path}");
        assert_eq!(
            book_reads(&s, "rm01").await,
            before + 3,
            "{path}: every read audited"
        );
    }
}

async fn a_write_to_one_customer_of_the_scope_changes_the_etag(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let first = fetch(&rm01, &s, "/api/book/columns", None).await;
    let tag = etag_of(&first);
    let book: Value = fetch(&rm01, &s, "/api/book", None)
        .await
        .json()
        .await
        .unwrap();
    let customer = &book["customers"][0];
    let r = rm01
        .put(s.url(&format!("/api/customers/{}/next-contact", customer["id"])))
        .json(&json!({
            "next_contact_on": as_of() + chrono::Days::new(9),
            "version": customer["version"],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    let after = fetch(&rm01, &s, "/api/book/columns", Some(&tag)).await;
    assert_eq!(after.status(), 200);
    let new_tag = etag_of(&after);
    assert_ne!(new_tag, tag);
    let unchanged = fetch(&rm01, &s, "/api/book/columns", Some(&new_tag)).await;
    assert_eq!(unchanged.status(), 304);
}

async fn another_rms_book_has_another_etag(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let rm02 = s.signed_in("rm02").await;
    let tag01 = etag_of(&fetch(&rm01, &s, "/api/book/columns", None).await);
    let own = fetch(&rm02, &s, "/api/book/columns", None).await;
    let tag02 = etag_of(&own);
    assert_ne!(tag01, tag02);
    // rm01's tag sent with rm02's session (one browser, two users) gets rm02's book.
    let r = fetch(&rm02, &s, "/api/book/columns", Some(&tag01)).await;
    assert_eq!(r.status(), 200);
    assert_eq!(etag_of(&r), tag02);
}

/// The tag is known before the book is read, so it must cover what masks the book too.
async fn a_masking_policy_change_changes_the_etag(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let first = fetch(&rm01, &s, "/api/book", None).await;
    let tag = etag_of(&first);
    let before: Value = first.json().await.unwrap();
    s.edit_policy(|p| p["masking"]["name_keep"] = json!(0))
        .await;

    let after = fetch(&rm01, &s, "/api/book", Some(&tag)).await;
    assert_eq!(after.status(), 200, "a new masking is a new book");
    assert_ne!(etag_of(&after), tag);
    let after: Value = after.json().await.unwrap();
    assert_ne!(
        after["customers"][0]["name"], before["customers"][0]["name"],
        "the names masked the new way"
    );
}
