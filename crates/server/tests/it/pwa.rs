//! The installable app as the server sends it: the service worker and the manifest from
//! the root, never kept long (a new build must reach every installed app at its next
//! start), with their right types; and the server's release on every API answer, so an
//! app of another build knows it (on both databases, over a real connection).

use crate::common::TestServer;
use axum::http::header;
use clientbook_domain::release::{RELEASE, RELEASE_HEADER};

fn write_pwa_files(s: &TestServer) {
    std::fs::write(s.dist.join("sw.js"), "const SHELL = {};\n").unwrap();
    std::fs::write(
        s.dist.join("manifest.webmanifest"),
        r#"{"name":"Clientbook","icons":[]}"#,
    )
    .unwrap();
    std::fs::create_dir_all(s.dist.join("icons")).unwrap();
    std::fs::write(s.dist.join("icons/icon-192.png"), b"\x89PNG\r\n\x1a\n").unwrap();
}

fn header_of(r: &reqwest::Response, name: &str) -> String {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

async fn the_worker_and_the_manifest_are_revalidated_on_every_start(s: TestServer) {
    write_pwa_files(&s);
    let client = reqwest::Client::new();
    for (path, content_type) in [
        ("/sw.js", "text/javascript"),
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/icons/icon-192.png", "image/png"),
    ] {
        let r = client.get(s.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(header_of(&r, "cache-control"), "no-cache", "{path}");
        assert!(
            header_of(&r, "content-type").starts_with(content_type),
            "{path}: {}",
            header_of(&r, "content-type")
        );
    }
    // The file itself, not the SPA fallback's index.html.
    let r = client.get(s.url("/sw.js")).send().await.unwrap();
    assert_eq!(r.text().await.unwrap(), "const SHELL = {};\n");
}

async fn every_api_answer_names_the_servers_release(s: TestServer) {
    let client = reqwest::Client::new();
    let r = client.get(s.url("/api/health")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(header_of(&r, RELEASE_HEADER), RELEASE);
    let health: serde_json::Value = r.json().await.unwrap();
    assert_eq!(health["version"], RELEASE);
    // Refusals too: an app of another build learns it from whatever it asked.
    let r = client.get(s.url("/api/book")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(header_of(&r, RELEASE_HEADER), RELEASE);
    let rm01 = s.signed_in("rm01").await;
    let r = rm01.get(s.url("/api/me")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(header_of(&r, RELEASE_HEADER), RELEASE);
    // The app's own files are not the API: no release header there.
    let r = client.get(s.url("/")).send().await.unwrap();
    assert_eq!(header_of(&r, header::CACHE_CONTROL.as_str()), "no-cache");
    assert!(r.headers().get(RELEASE_HEADER).is_none());
}

on_both_databases!(
    the_worker_and_the_manifest_are_revalidated_on_every_start,
    every_api_answer_names_the_servers_release,
);
