//! The compact book on the real server, on both databases: `Accept` or `format=` chooses
//! it, JSON stays the default, it holds exactly the customers the JSON columns hold (same
//! scope, same masking), it has its own ETag and 304, and every read is audited.

use crate::common::TestServer;
use axum::http::header;
use clientbook_domain::book_wire;
use clientbook_domain::columns::BookColumns;
use serde_json::Value;
use sqlx::Row;

async fn get(
    client: &reqwest::Client,
    s: &TestServer,
    path: &str,
    accept: Option<&str>,
    etag: Option<&str>,
) -> reqwest::Response {
    let mut req = client.get(s.url(path));
    if let Some(a) = accept {
        req = req.header(header::ACCEPT, a);
    }
    if let Some(tag) = etag {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    req.send().await.unwrap()
}

fn header_of(r: &reqwest::Response, name: header::HeaderName) -> String {
    r.headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect::<Vec<_>>()
        .join(", ")
}

async fn book_reads(s: &TestServer, user: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM audit_log WHERE action = 'read_book' AND username = $1")
        .bind(user)
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

async fn the_compact_book_holds_what_the_json_columns_hold(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let json = get(&rm01, &s, "/api/book/columns", None, None).await;
    assert_eq!(json.status(), 200);
    assert!(header_of(&json, header::CONTENT_TYPE).starts_with("application/json"));
    let columns: BookColumns = json.json().await.unwrap();
    let as_of = columns.as_of;
    let customers = columns.into_customers().unwrap();
    assert!(!customers.is_empty());
    assert!(
        customers.iter().all(|c| c.name.contains('*')),
        "masked by default"
    );

    for (accept, path) in [
        (Some(book_wire::MEDIA_TYPE), "/api/book/columns"),
        (
            Some("application/x-clientbook-book;q=1, application/json;q=0.5"),
            "/api/book/columns",
        ),
        (None, "/api/book/columns?format=compact"),
    ] {
        let r = get(&rm01, &s, path, accept, None).await;
        assert_eq!(r.status(), 200, "{accept:?} {path}");
        assert_eq!(header_of(&r, header::CONTENT_TYPE), book_wire::MEDIA_TYPE);
        let vary = header_of(&r, header::VARY);
        assert!(vary.split(',').any(|v| v.trim() == "accept"), "{vary}");
        let bytes = r.bytes().await.unwrap();
        let book = book_wire::decode(&bytes).expect("a valid compact book");
        assert_eq!(book.as_of, as_of);
        assert_eq!(book.customers, customers, "{accept:?} {path}");
    }
    // `format=json` wins over the Accept header.
    let r = get(
        &rm01,
        &s,
        "/api/book/columns?format=json",
        Some(book_wire::MEDIA_TYPE),
        None,
    )
    .await;
    assert!(header_of(&r, header::CONTENT_TYPE).starts_with("application/json"));
}

async fn the_compact_book_has_its_own_etag_and_304_and_is_audited(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let accept = Some(book_wire::MEDIA_TYPE);
    let before = book_reads(&s, "rm01").await;
    let first = get(&rm01, &s, "/api/book/columns", accept, None).await;
    let tag = header_of(&first, header::ETAG);
    let json_tag = header_of(
        &get(&rm01, &s, "/api/book/columns", None, None).await,
        header::ETAG,
    );
    assert_ne!(tag, json_tag, "another body, another tag");
    assert_eq!(
        header_of(&first, header::CACHE_CONTROL),
        "private, no-cache"
    );
    let again = get(&rm01, &s, "/api/book/columns", accept, Some(&tag)).await;
    assert_eq!(again.status(), 304);
    assert_eq!(header_of(&again, header::ETAG), tag);
    assert!(again.bytes().await.unwrap().is_empty());
    // The JSON tag does not revalidate the compact body.
    let other = get(&rm01, &s, "/api/book/columns", accept, Some(&json_tag)).await;
    assert_eq!(other.status(), 200);
    assert_eq!(
        book_reads(&s, "rm01").await,
        before + 4,
        "every read audited"
    );
}

async fn the_compact_book_keeps_to_the_callers_scope(s: TestServer) {
    let rm02 = s.signed_in("rm02").await;
    let r = get(&rm02, &s, "/api/book/columns?format=compact", None, None).await;
    let book = book_wire::decode(&r.bytes().await.unwrap()).unwrap();
    let me: Value = rm02
        .get(s.url("/api/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!book.customers.is_empty());
    assert!(book.customers.iter().all(|c| c.rm_id.0 == me["id"]));
    let anonymous = get(
        &s.client(),
        &s,
        "/api/book/columns?format=compact",
        None,
        None,
    )
    .await;
    assert_eq!(anonymous.status(), 401);
}

async fn an_unknown_format_is_refused_naming_the_field(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let before = book_reads(&s, "rm01").await;
    for path in [
        "/api/book/columns?format=xml",
        "/api/book/columns?formatt=compact",
    ] {
        let r = get(&rm01, &s, path, None, None).await;
        assert_eq!(r.status(), 400, "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["fields"][0]["field"], "format", "{path}: {body}");
    }
    assert_eq!(book_reads(&s, "rm01").await, before, "nothing read");
}

on_both_databases!(
    the_compact_book_holds_what_the_json_columns_hold,
    the_compact_book_has_its_own_etag_and_304_and_is_audited,
    the_compact_book_keeps_to_the_callers_scope,
    an_unknown_format_is_refused_naming_the_field,
    the_openapi_document_describes_the_compact_book,
);

async fn the_openapi_document_describes_the_compact_book(s: TestServer) {
    let doc = s.openapi().await;
    let get = &doc["paths"]["/api/book/columns"]["get"];
    let content = &get["responses"]["200"]["content"];
    assert!(content["application/json"].is_object(), "{content}");
    let compact = &content[book_wire::MEDIA_TYPE]["schema"]["$ref"];
    let name = compact.as_str().unwrap().rsplit('/').next().unwrap();
    let schema = &doc["components"]["schemas"][name];
    assert_eq!(schema["format"], "binary", "{schema}");
    assert!(
        schema["description"]
            .as_str()
            .unwrap()
            .contains("ARCHITECTURE.md"),
        "{schema}"
    );
    let params = get["parameters"].as_array().unwrap();
    assert!(params.iter().any(|p| p["name"] == "format"), "{get}");
}
