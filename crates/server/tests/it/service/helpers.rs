//! What the service-work tests share: a request with its JSON answer, error fields, and
//! counts read straight from the database.

use crate::common::TestServer;
use clientbook_domain::api::{BookResponse, ErrorBody};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;

pub(crate) async fn send(
    client: &reqwest::Client,
    s: &TestServer,
    method: Method,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let mut req = client.request(method.clone(), s.url(path));
    if method != Method::GET {
        req = req.json(&body);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, value)
}

pub(crate) fn error(v: &Value) -> ErrorBody {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("not an ErrorBody ({e}): {v}"))
}

pub(crate) fn fields(v: &Value) -> BTreeSet<String> {
    error(v).fields.into_iter().map(|f| f.field).collect()
}

/// The first customer of RM `rm` (user id).
pub(crate) async fn first_of(s: &TestServer, rm: i64) -> i64 {
    s.ids(&format!(
        "SELECT id FROM customers WHERE rm_id = {rm} ORDER BY id"
    ))
    .await[0]
}

pub(crate) async fn count(s: &TestServer, sql: &str) -> i64 {
    s.ids(sql).await[0]
}

pub(crate) async fn audits(s: &TestServer, action: &str, customer: i64) -> i64 {
    count(
        s,
        &format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = '{action}' AND customer_id = {customer}"
        ),
    )
    .await
}

pub(crate) async fn version_of(s: &TestServer, customer: i64) -> i64 {
    count(
        s,
        &format!("SELECT version FROM customers WHERE id = {customer}"),
    )
    .await
}

/// Row counts and sums of everything a write may change, and the audit log's size.
pub(crate) async fn snapshot(s: &TestServer) -> Vec<i64> {
    let mut out = vec![];
    for sql in [
        "SELECT CAST(COUNT(*) AS BIGINT) FROM notes",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM note_revisions",
        "SELECT CAST(COALESCE(SUM(LENGTH(body)), 0) AS BIGINT) FROM notes",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM interactions",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM complaints",
        "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM complaints",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM complaint_events",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM care_markers",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM surveys",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM survey_ratings",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM users",
        "SELECT CAST(SUM(version) AS BIGINT) FROM customers",
        "SELECT CAST(SUM(rm_id) AS BIGINT) FROM customers",
        "SELECT CAST(COUNT(next_contact_on) AS BIGINT) FROM customers",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log",
    ] {
        out.push(count(s, sql).await);
    }
    out
}

pub(crate) fn complaint_body(severity: &str) -> Value {
    json!({
        "channel": "Phone",
        "content_type": "Service",
        "severity": severity,
        "description": "Waited 40 minutes at the counter",
        "customer_request": "An apology"
    })
}

pub(crate) async fn book(client: &reqwest::Client, s: &TestServer) -> BookResponse {
    client
        .get(s.url("/api/book"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
