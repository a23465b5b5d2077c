//! Offline work on a real server and database (docs/rules.md, Offline): the offline
//! secret (per user, released only to a session, never cached, audited, rotatable) and
//! exactly-once writes under an `Idempotency-Key`.

use crate::common::{as_of, error_of, TestServer};
use reqwest::Client;
use serde_json::{json, Value};
use sqlx::Row;

on_both_databases!(
    the_offline_secret_is_per_user_never_cached_and_audited,
    rotating_the_secret_replaces_it_and_compliance_may_not,
    a_retry_after_a_lost_response_does_not_double_a_contact,
    the_key_reused_with_a_different_body_is_refused_and_nothing_written,
    keys_belong_to_their_user,
    a_refusal_is_remembered_and_a_bad_key_is_named,
);

async fn count(s: &TestServer, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

async fn customer_of(s: &TestServer, rm: &str) -> i64 {
    s.ids(&format!(
        "SELECT c.id FROM customers c JOIN users u ON u.id = c.rm_id \
         WHERE u.username = '{rm}' ORDER BY c.id"
    ))
    .await[0]
}

fn contact(note: &str) -> Value {
    json!({"kind": "Call", "channel": "Phone", "occurred_on": as_of(),
        "outcome": "Interested", "note": note})
}

async fn log_contact(
    c: &Client,
    s: &TestServer,
    customer: i64,
    key: &str,
    body: &Value,
) -> reqwest::Response {
    c.post(s.url(&format!("/api/customers/{customer}/interactions")))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn secret_of(c: &Client, s: &TestServer) -> (reqwest::StatusCode, Option<String>, Value) {
    let r = c.get(s.url("/api/offline/key")).send().await.unwrap();
    let cache = r
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_owned());
    (r.status(), cache, r.json().await.unwrap())
}

async fn the_offline_secret_is_per_user_never_cached_and_audited(s: TestServer) {
    let (status, _) = error_of(
        s.client()
            .get(s.url("/api/offline/key"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 401, "no session, no secret");
    let rm01 = s.signed_in("rm01").await;
    let (status, cache, first) = secret_of(&rm01, &s).await;
    assert_eq!(status, 200);
    assert_eq!(cache.as_deref(), Some("no-store"));
    let secret = first["secret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 64);
    assert!(secret.bytes().all(|b| b.is_ascii_hexdigit()));
    let (_, _, again) = secret_of(&rm01, &s).await;
    assert_eq!(again["secret"], secret, "the same secret until rotated");
    let rm02 = s.signed_in("rm02").await;
    let (_, _, other) = secret_of(&rm02, &s).await;
    assert_ne!(other["secret"], secret, "each user has their own");
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM audit_log WHERE action = 'read_offline_key' AND username = 'rm01'").await,
        2
    );
    let details = sqlx::query("SELECT COALESCE(detail, '') FROM audit_log")
        .fetch_all(s.pool())
        .await
        .unwrap();
    assert!(
        details
            .iter()
            .all(|r| !r.get::<String, _>(0).contains(&secret)),
        "the audit log never holds the secret"
    );
}

async fn rotating_the_secret_replaces_it_and_compliance_may_not(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let (_, _, before) = secret_of(&rm01, &s).await;
    let r = rm01
        .post(s.url("/api/offline/key/rotate"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let rotated: Value = r.json().await.unwrap();
    assert_ne!(rotated["secret"], before["secret"]);
    let (_, _, after) = secret_of(&rm01, &s).await;
    assert_eq!(after["secret"], rotated["secret"]);
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'rotate_offline_key'"
        )
        .await,
        1
    );
    let compliance = s.signed_in("compliance01").await;
    let (status, body) = error_of(
        compliance
            .post(s.url("/api/offline/key/rotate"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(body.code.as_str(), "read_only");
}

async fn a_retry_after_a_lost_response_does_not_double_a_contact(s: TestServer) {
    let customer = customer_of(&s, "rm01").await;
    let rm01 = s.signed_in("rm01").await;
    let contacts = format!("SELECT COUNT(*) FROM interactions WHERE customer_id = {customer}");
    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'record_interaction' AND customer_id = {customer}"
    );
    let (n0, a0) = (count(&s, &contacts).await, count(&s, &audited).await);
    let key = "6f1c2d3e-0000-4000-8000-00000000a001";
    let body = contact("Met at the branch, offline");
    let first = log_contact(&rm01, &s, customer, key, &body).await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    // The answer was lost on the way: the tablet sends the same write again.
    let retry = log_contact(&rm01, &s, customer, key, &body).await;
    assert_eq!(retry.status(), 201);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    let retry: Value = retry.json().await.unwrap();
    assert_eq!(retry, first, "the first answer, given again");
    assert_eq!(count(&s, &contacts).await, n0 + 1, "one contact, not two");
    assert_eq!(count(&s, &audited).await, a0 + 1, "audited once");
}

async fn the_key_reused_with_a_different_body_is_refused_and_nothing_written(s: TestServer) {
    let customer = customer_of(&s, "rm01").await;
    let rm01 = s.signed_in("rm01").await;
    let contacts = format!("SELECT COUNT(*) FROM interactions WHERE customer_id = {customer}");
    let key = "6f1c2d3e-0000-4000-8000-00000000a002";
    assert_eq!(
        log_contact(&rm01, &s, customer, key, &contact("first"))
            .await
            .status(),
        201
    );
    let n = count(&s, &contacts).await;
    let (status, body) =
        error_of(log_contact(&rm01, &s, customer, key, &contact("another")).await).await;
    assert_eq!(status, 422);
    assert_eq!(body.fields[0].field, "Idempotency-Key");
    assert!(body.fields[0].problem.contains("different request"));
    assert_eq!(count(&s, &contacts).await, n, "nothing written");
}

async fn keys_belong_to_their_user(s: TestServer) {
    let key = "6f1c2d3e-0000-4000-8000-00000000a003";
    let rm01 = s.signed_in("rm01").await;
    let rm02 = s.signed_in("rm02").await;
    let own1 = customer_of(&s, "rm01").await;
    let own2 = customer_of(&s, "rm02").await;
    let a = log_contact(&rm01, &s, own1, key, &contact("same key")).await;
    assert_eq!(a.status(), 201);
    let b = log_contact(&rm02, &s, own2, key, &contact("same key")).await;
    assert_eq!(b.status(), 201, "another user's key is not this one's");
    assert!(b.headers().get("idempotent-replayed").is_none());
}

async fn a_refusal_is_remembered_and_a_bad_key_is_named(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    // rm02's customer: out of rm01's scope (reassigned meanwhile, as the tablet sees it).
    let theirs = customer_of(&s, "rm02").await;
    let key = "6f1c2d3e-0000-4000-8000-00000000a004";
    let body = contact("queued before the reassignment");
    let (status, _) = error_of(log_contact(&rm01, &s, theirs, key, &body).await).await;
    assert_eq!(status, 404);
    let again = log_contact(&rm01, &s, theirs, key, &body).await;
    assert_eq!(again.status(), 404);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let own = customer_of(&s, "rm01").await;
    let (status, body) = error_of(log_contact(&rm01, &s, own, "a b", &contact("x")).await).await;
    assert_eq!(status, 422);
    assert_eq!(body.fields[0].field, "Idempotency-Key");
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM idempotency_keys WHERE status IS NULL"
        )
        .await,
        0,
        "no key left reserved"
    );
}
