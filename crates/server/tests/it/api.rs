//! The API end to end: the real server on port 0, over HTTP, against SQLite and (when
//! `CLIENTBOOK_TEST_POSTGRES_URL` is set) PostgreSQL. Each test gets a fresh database with
//! a 200-customer demo bank (seed 42, as of 2026-06-15).

use crate::common::{as_of, error_of, sign_in, TestServer, CUSTOMERS, PASSWORD, SEED};
use clientbook_domain::api::{BookResponse, Me, Role};
use clientbook_server::demo;
use serde_json::{json, Value};
use sqlx::Row;
use std::collections::BTreeSet;

on_both_databases!(
    signing_in_returns_me_and_a_strict_http_only_cookie,
    a_wrong_password_or_unknown_user_is_the_same_401,
    five_failures_in_a_row_lock_the_account,
    signing_out_ends_the_session,
    the_book_needs_a_session,
    an_rm_sees_exactly_their_own_book,
    a_branch_manager_sees_their_branch_and_compliance_everything,
    another_rms_customer_does_not_exist_for_an_rm,
    identifiers_are_masked_and_a_reveal_is_audited,
    the_database_refuses_to_change_the_audit_log,
    only_an_admin_changes_the_policy_and_only_to_a_valid_one,
    malformed_bodies_get_our_error_format,
    the_demo_bank_is_the_generated_one_and_long_tailed,
    the_openapi_document_lists_the_paths,
    the_app_is_served_with_spa_fallback_and_security_headers,
    the_audit_log_is_read_by_compliance_with_filters,
    products_and_policy_are_served_to_any_signed_in_user,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_expires() {
    let s = TestServer::start_with(crate::common::Db::Sqlite, |c| c.session_idle_minutes = 0)
        .await
        .unwrap();
    let client = s.signed_in("rm01").await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let (status, body) = error_of(client.get(s.url("/api/me")).send().await.unwrap()).await;
    assert_eq!(
        (status.as_u16(), body.code.as_str()),
        (401, "not_signed_in")
    );
    assert!(s.ids("SELECT CAST(COUNT(*) AS BIGINT) FROM sessions").await[0] == 0);
}

pub(crate) async fn book_of(s: &TestServer, user: &str) -> BookResponse {
    let client = s.signed_in(user).await;
    let r = client.get(s.url("/api/book")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn signing_in_returns_me_and_a_strict_http_only_cookie(s: TestServer) {
    let client = s.client();
    let r = sign_in(&s, &client, "rm01", PASSWORD).await;
    assert_eq!(r.status(), 200);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("cb_session="), "{cookie}");
    for part in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{cookie} lacks {part}");
    }
    let me: Me = r.json().await.unwrap();
    assert_eq!(me.username, "rm01");
    assert_eq!(me.role, Role::RelationshipManager);
    let again: Me = client
        .get(s.url("/api/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again, me);

    // Only the token's hash is stored.
    let token = cookie
        .trim_start_matches("cb_session=")
        .split(';')
        .next()
        .unwrap();
    let stored: Vec<String> = sqlx::query("SELECT token_hash FROM sessions")
        .fetch_all(s.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect();
    assert!(!stored.iter().any(|h| h == token));
    assert!(stored.contains(&clientbook_server::auth::token_hash(token)));
}

async fn a_wrong_password_or_unknown_user_is_the_same_401(s: TestServer) {
    let client = s.client();
    let (status, wrong) = error_of(sign_in(&s, &client, "rm02", "nope").await).await;
    assert_eq!(status, 401);
    assert_eq!(wrong.code, "invalid_credentials");
    assert_eq!(wrong.message, "Wrong username or password.");
    let (status, unknown) = error_of(sign_in(&s, &client, "nobody", "nope").await).await;
    assert_eq!(status, 401);
    assert_eq!(unknown, wrong);
}

async fn five_failures_in_a_row_lock_the_account(s: TestServer) {
    let client = s.client();
    for attempt in 1..=4 {
        let (status, body) = error_of(sign_in(&s, &client, "rm03", "wrong").await).await;
        assert_eq!(
            (status.as_u16(), body.code.as_str()),
            (401, "invalid_credentials"),
            "attempt {attempt}"
        );
    }
    let r = sign_in(&s, &client, "rm03", "wrong").await;
    let retry: i64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // The name is held back for a growing delay (see tests/security.rs), not locked.
    assert!((25..=30).contains(&retry), "{retry}");
    let (status, body) = error_of(r).await;
    assert_eq!(status, 429);
    assert_eq!(body.code, "too_many_attempts");
    assert_eq!(
        s.ids("SELECT id FROM audit_log WHERE action = 'account_locked' AND username = 'rm03'")
            .await
            .len(),
        1
    );
    // Even the right password is refused from this (untrusted) browser while held
    // back, and the message says when to retry.
    let (status, body) = error_of(sign_in(&s, &client, "rm03", PASSWORD).await).await;
    assert_eq!(status, 429);
    assert_eq!(body.code, "too_many_attempts");
    assert!(body.message.contains("Try again in"), "{}", body.message);
    // Another account is unaffected.
    assert_eq!(sign_in(&s, &client, "rm04", PASSWORD).await.status(), 200);
}

async fn signing_out_ends_the_session(s: TestServer) {
    let client = s.signed_in("rm01").await;
    let r = client.delete(s.url("/api/session")).send().await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(
        s.ids("SELECT id FROM audit_log WHERE action = 'sign_out'")
            .await
            .len(),
        1
    );
    assert_eq!(
        s.ids("SELECT CAST(COUNT(*) AS BIGINT) FROM sessions").await[0],
        0
    );
    let (status, body) = error_of(client.get(s.url("/api/me")).send().await.unwrap()).await;
    assert_eq!(
        (status.as_u16(), body.code.as_str()),
        (401, "not_signed_in")
    );
}

async fn the_book_needs_a_session(s: TestServer) {
    let (status, body) = error_of(s.client().get(s.url("/api/book")).send().await.unwrap()).await;
    assert_eq!(status, 401);
    assert_eq!(body.code, "not_signed_in");
    let forged = reqwest::Client::new()
        .get(s.url("/api/book"))
        .header("cookie", "cb_session=00ff")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
}

async fn an_rm_sees_exactly_their_own_book(s: TestServer) {
    let book = book_of(&s, "rm01").await;
    let got: BTreeSet<i64> = book.customers.iter().map(|c| c.id.0).collect();
    let own: BTreeSet<i64> = s
        .ids("SELECT id FROM customers WHERE rm_id = 1")
        .await
        .into_iter()
        .collect();
    let rm02: BTreeSet<i64> = s
        .ids("SELECT id FROM customers WHERE rm_id = 2")
        .await
        .into_iter()
        .collect();
    assert!(!own.is_empty() && !rm02.is_empty());
    assert_eq!(got, own);
    assert!(got.is_disjoint(&rm02));
    assert!(book.customers.iter().all(|c| c.history.len() == 12));
    assert_eq!(book.as_of, as_of());
    // The read is audited with the count.
    let row = sqlx::query(
        "SELECT detail FROM audit_log WHERE action = 'read_book' AND username = 'rm01'",
    )
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert_eq!(row.get::<String, _>(0), format!("count={}", own.len()));
}

async fn a_branch_manager_sees_their_branch_and_compliance_everything(s: TestServer) {
    let branch: BTreeSet<i64> = book_of(&s, "manager01")
        .await
        .customers
        .iter()
        .map(|c| c.id.0)
        .collect();
    let expected: BTreeSet<i64> = s
        .ids("SELECT id FROM customers WHERE branch_id = 1")
        .await
        .into_iter()
        .collect();
    assert_eq!(branch, expected);
    assert!(branch.len() < CUSTOMERS as usize);
    let all = book_of(&s, "compliance01").await;
    assert_eq!(all.customers.len(), CUSTOMERS as usize);
    assert!(book_of(&s, "admin").await.customers.is_empty());
}

async fn another_rms_customer_does_not_exist_for_an_rm(s: TestServer) {
    let theirs = s
        .ids("SELECT id FROM customers WHERE rm_id = 2 ORDER BY id")
        .await[0];
    let own = s
        .ids("SELECT id FROM customers WHERE rm_id = 1 ORDER BY id")
        .await[0];
    let client = s.signed_in("rm01").await;
    let (status, body) = error_of(
        client
            .get(s.url(&format!("/api/customers/{theirs}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status.as_u16(), body.code.as_str()), (404, "not_found"));
    let missing = client
        .get(s.url("/api/customers/999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let reveal = client
        .post(s.url(&format!("/api/customers/{theirs}/reveal")))
        .json(&json!({"field": "phone"}))
        .send()
        .await
        .unwrap();
    assert_eq!(reveal.status(), 404);
    let r = client
        .get(s.url(&format!("/api/customers/{own}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let detail: Value = r.json().await.unwrap();
    assert_eq!(detail["customer"]["id"], own);
    assert_eq!(
        detail["customer"]["history"]["transactions"]
            .as_array()
            .unwrap()
            .len(),
        24
    );
}

async fn identifiers_are_masked_and_a_reveal_is_audited(s: TestServer) {
    let book = book_of(&s, "rm01").await;
    let c = &book.customers[0];
    let row = sqlx::query("SELECT name, phone, id_number FROM customers WHERE id = $1")
        .bind(c.id.0)
        .fetch_one(s.pool())
        .await
        .unwrap();
    let (name, phone, id_number): (String, String, String) = (row.get(0), row.get(1), row.get(2));
    assert_eq!(c.phone, format!("{}****{}", &phone[..3], &phone[7..]));
    assert_eq!(
        c.id_number,
        format!("{}********{}", &id_number[..6], &id_number[14..])
    );
    assert!(c.name.starts_with(name.chars().next().unwrap()) && c.name.contains('*'));
    assert!(book.customers.iter().all(|c| c.phone.contains("****")));

    let client = s.signed_in("rm01").await;
    let detail: Value = client
        .get(s.url(&format!("/api/customers/{}", c.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["customer"]["phone"], c.phone.as_str());
    assert_eq!(detail["customer"]["id_number"], c.id_number.as_str());

    for (field, full) in [
        ("phone", &phone),
        ("id_number", &id_number),
        ("name", &name),
    ] {
        let r = client
            .post(s.url(&format!("/api/customers/{}/reveal", c.id)))
            .header("user-agent", "clientbook-test")
            .header("x-forwarded-for", "203.0.113.7")
            .json(&json!({ "field": field }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["value"], full.as_str());
    }
    let rows = sqlx::query(
        "SELECT user_id, username, role, fields, client_ip, forwarded_for, user_agent FROM audit_log \
         WHERE action = 'reveal' AND customer_id = $1 ORDER BY id",
    )
    .bind(c.id.0)
    .fetch_all(s.pool())
    .await
    .unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].get::<i64, _>(0), 1);
    assert_eq!(rows[0].get::<String, _>(1), "rm01");
    assert_eq!(rows[0].get::<String, _>(2), "RelationshipManager");
    assert_eq!(rows[0].get::<String, _>(3), "phone");
    assert_eq!(rows[0].get::<String, _>(4), "127.0.0.1");
    assert_eq!(rows[0].get::<String, _>(5), "203.0.113.7");
    assert_eq!(rows[0].get::<String, _>(6), "clientbook-test");
    let read = s
        .ids(&format!(
            "SELECT id FROM audit_log WHERE action = 'read_customer' AND customer_id = {}",
            c.id
        ))
        .await;
    assert_eq!(read.len(), 1);
}

async fn the_database_refuses_to_change_the_audit_log(s: TestServer) {
    let _ = s.signed_in("rm01").await;
    let before = s
        .ids("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log")
        .await[0];
    assert!(before > 0);
    let update = sqlx::query("UPDATE audit_log SET action = 'tampered'")
        .execute(s.pool())
        .await;
    assert!(update.is_err(), "UPDATE must be refused");
    let delete = sqlx::query("DELETE FROM audit_log").execute(s.pool()).await;
    assert!(delete.is_err(), "DELETE must be refused");
    assert!(format!("{}", delete.unwrap_err()).contains("append-only"));
    assert_eq!(
        s.ids("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log")
            .await[0],
        before
    );
    assert!(s
        .ids("SELECT id FROM audit_log WHERE action = 'tampered'")
        .await
        .is_empty());
}

async fn only_an_admin_changes_the_policy_and_only_to_a_valid_one(s: TestServer) {
    let rm = s.signed_in("rm01").await;
    let default: Value = rm
        .get(s.url("/api/policy"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut changed = default.clone();
    changed["tiers"]["gold"] = json!(6_000_000);
    let r = rm
        .put(s.url("/api/policy"))
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    let admin = s.signed_in("admin").await;
    let mut invalid = default.clone();
    invalid["tiers"]["diamond"] = json!(100);
    let (status, body) = error_of(
        admin
            .put(s.url("/api/policy"))
            .json(&invalid)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body.code, "validation");
    assert!(
        body.fields.iter().any(|f| f.field == "tiers.diamond"),
        "{body:?}"
    );
    let stored = s.ids("SELECT CAST(COUNT(*) AS BIGINT) FROM policy").await[0];
    assert_eq!(stored, 0, "nothing stored");
    let now: Value = rm
        .get(s.url("/api/policy"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(now, default);

    let r = admin
        .put(s.url("/api/policy"))
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let now: Value = rm
        .get(s.url("/api/policy"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(now["tiers"]["gold"], 6_000_000);
    assert_eq!(
        s.ids("SELECT id FROM audit_log WHERE action = 'update_policy' AND username = 'admin'")
            .await
            .len(),
        1
    );
}

async fn malformed_bodies_get_our_error_format(s: TestServer) {
    let client = reqwest::Client::new();
    let post = |body: &'static str| {
        client
            .post(s.url("/api/session"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let (status, body) = error_of(post(r#"{"username":"#).await.unwrap()).await;
    assert_eq!((status.as_u16(), body.code.as_str()), (400, "bad_request"));
    let (status, body) = error_of(
        post(r#"{"username":"a","password":"b","admin":true}"#)
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body.fields[0].field, "admin");
    let (status, body) = error_of(post(r#"{"username":"a","password":7}"#).await.unwrap()).await;
    assert_eq!(status, 422);
    assert_eq!(body.fields[0].field, "password");
    let (status, body) = error_of(post(r#"{"username":"a"}"#).await.unwrap()).await;
    assert_eq!(status, 422);
    assert_eq!(body.fields[0].field, "password", "{body:?}");
    let r = client
        .post(s.url("/api/session"))
        .body("x")
        .send()
        .await
        .unwrap();
    let (status, body) = error_of(r).await;
    assert_eq!(
        (status.as_u16(), body.code.as_str()),
        (415, "unsupported_media_type")
    );
    let (status, body) = error_of(
        client
            .get(s.url("/api/no/such/thing"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status.as_u16(), body.code.as_str()), (404, "not_found"));
    // Over the 1 MiB limit: refused from the Content-Length alone. The server may answer
    // and close before the client has written the whole body, so a broken pipe on the
    // client's side is the same refusal.
    let big = "x".repeat(2 * 1024 * 1024);
    match client
        .post(s.url("/api/session"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
    {
        Ok(r) => assert_eq!(r.status(), 413),
        Err(e) => assert!(e.is_request(), "{e}"),
    }
}

async fn the_demo_bank_is_the_generated_one_and_long_tailed(s: TestServer) {
    // Same seed, same date: the database holds exactly what the generator makes.
    let bank = demo::generate(SEED, CUSTOMERS, as_of());
    let rows =
        sqlx::query("SELECT id, name, phone, id_number, birth_date FROM customers ORDER BY id")
            .fetch_all(s.pool())
            .await
            .unwrap();
    assert_eq!(rows.len(), bank.customers.len());
    for (row, c) in rows.iter().zip(&bank.customers) {
        assert_eq!(row.get::<i64, _>(0), c.id);
        assert_eq!(row.get::<String, _>(1), c.name);
        assert_eq!(row.get::<String, _>(2), c.phone);
        assert_eq!(row.get::<String, _>(3), c.id_number);
        assert_eq!(row.get::<String, _>(4), c.birth_date.to_string());
    }
    let sums =
        sqlx::query("SELECT CAST(COUNT(*) AS BIGINT), CAST(SUM(balance) AS BIGINT) FROM holdings")
            .fetch_one(s.pool())
            .await
            .unwrap();
    assert_eq!(sums.get::<i64, _>(0), bank.holdings.len() as i64);
    assert_eq!(
        sums.get::<i64, _>(1),
        bank.holdings.iter().map(|h| h.balance).sum::<i64>()
    );
    let history = s
        .ids("SELECT CAST(COUNT(*) AS BIGINT) FROM monthly_history")
        .await[0];
    assert_eq!(history, bank.history.len() as i64);

    let [standard, gold, platinum, diamond, private] = demo::tier_counts(&bank);
    assert!(standard > gold && gold > platinum && platinum + diamond + private < gold);
    assert!(standard * 100 / CUSTOMERS as usize >= 45);
}

async fn the_openapi_document_lists_the_paths(s: TestServer) {
    let doc = s.openapi().await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/health",
        "/api/session",
        "/api/me",
        "/api/book",
        "/api/products",
        "/api/policy",
        "/api/customers/{id}",
        "/api/customers/{id}/reveal",
        "/api/audit",
    ] {
        assert!(paths.contains_key(p), "{p} missing");
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for schema in [
        "RevealRequest",
        "RevealResponse",
        "AuditResponse",
        "AuditEntry",
        "Health",
    ] {
        assert!(schemas.contains_key(schema), "{schema} missing");
    }
}

async fn the_app_is_served_with_spa_fallback_and_security_headers(s: TestServer) {
    let client = s.client();
    for path in ["/", "/customers/12", "/app.js"] {
        let r = client.get(s.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let h = r.headers();
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["x-frame-options"], "DENY");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("'sha256-"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"));
    }
    let deep = client
        .get(s.url("/customers/12"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(deep, crate::common::INDEX_HTML);
    let api = client.get(s.url("/api/health")).send().await.unwrap();
    assert!(api.headers().contains_key("content-security-policy"));
    assert_eq!(api.headers()["cache-control"], "no-store");
    let _ = &s.dist;
}

async fn the_audit_log_is_read_by_compliance_with_filters(s: TestServer) {
    let rm = s.signed_in("rm01").await;
    let own = s
        .ids("SELECT id FROM customers WHERE rm_id = 1 ORDER BY id")
        .await[0];
    rm.get(s.url(&format!("/api/customers/{own}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        rm.get(s.url("/api/audit")).send().await.unwrap().status(),
        403
    );

    let compliance = s.signed_in("compliance01").await;
    let r = compliance
        .get(s.url(&format!(
            "/api/audit?user=rm01&action=read_customer&customer={own}&from=2000-01-01"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["username"], "rm01");
    assert_eq!(entries[0]["customer_id"], own);
    let none: Value = compliance
        .get(s.url("/api/audit?to=2000-01-01"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(none["entries"].as_array().unwrap().is_empty());
    let bad = compliance
        .get(s.url("/api/audit?from=yesterday"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);

    // An export is itself audited, with its filters and row count; a plain search is not.
    let exports = |v: &Value| {
        v["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "export_audit")
            .count()
    };
    let exported: Value = compliance
        .get(s.url("/api/audit?user=rm01&export=true"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!exported["entries"].as_array().unwrap().is_empty());
    let log: Value = compliance
        .get(s.url("/api/audit?action=export_audit"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(exports(&log), 1);
    let entry = &log["entries"][0];
    assert_eq!(entry["username"], "compliance01");
    assert!(entry["detail"].as_str().unwrap().contains("user=rm01"));
}

async fn products_and_policy_are_served_to_any_signed_in_user(s: TestServer) {
    let client = s.signed_in("rm05").await;
    let products: clientbook_domain::api::ProductsResponse = client
        .get(s.url("/api/products"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!((30..=50).contains(&products.products.len()));
    let families: BTreeSet<_> = products.products.iter().map(|p| p.family).collect();
    assert_eq!(families.len(), clientbook_domain::ProductFamily::ALL.len());
    let risks: BTreeSet<_> = products.products.iter().map(|p| p.risk).collect();
    assert_eq!(risks.len(), 5);
    let policy: clientbook_domain::ScoringPolicy = client
        .get(s.url("/api/policy"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(policy, clientbook_domain::ScoringPolicy::default());
    assert_eq!(
        s.client()
            .get(s.url("/api/products"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}
