//! Regression tests for the attack findings of issue 13 (see RELIABILITY.md): sign-in
//! throttling and trusted devices, username enumeration, slow and malformed requests,
//! role checks before the body, cross-site writes, and session attacks. The real server
//! on port 0; the tests where the database holds the state run on SQLite and PostgreSQL.

use crate::common::{error_of, sign_in, Db, TestServer, PASSWORD};
use clientbook_domain::api::ErrorBody;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

on_both_databases!(
    a_throttled_account_still_lets_its_trusted_browser_in,
    unknown_and_known_usernames_answer_alike_throughout,
    the_source_throttle_trusts_forwarded_for_only_behind_a_proxy,
    role_gated_writes_refuse_the_wrong_role_before_reading_the_body,
    a_session_cookie_planted_before_sign_in_never_becomes_the_session,
    a_stolen_cookie_is_dead_after_sign_out,
    disabling_a_user_or_resetting_the_password_ends_their_sessions,
    sessions_end_when_idle_and_at_the_absolute_limit,
    the_profile_masks_address_and_birth_date_until_an_audited_reveal,
);

fn retry_after(r: &reqwest::Response) -> Option<i64> {
    r.headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().parse().unwrap())
}

async fn count(s: &TestServer, sql: &str) -> i64 {
    s.ids(sql).await[0]
}

/// Finding 1: five wrong passwords hold the account name back for unknown browsers (429
/// with Retry-After, the password not even checked), but the browser where the real
/// user signed in before still gets in; a stolen device cookie gives only five guesses.
async fn a_throttled_account_still_lets_its_trusted_browser_in(s: TestServer) {
    let user_browser = s.signed_in("rm01").await;
    let r = user_browser
        .delete(s.url("/api/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);

    let attacker = s.client();
    for attempt in 1..=4 {
        let (status, body) = error_of(sign_in(&s, &attacker, "rm01", "guess").await).await;
        assert_eq!(
            (status.as_u16(), body.code.as_str()),
            (401, "invalid_credentials"),
            "attempt {attempt}"
        );
    }
    let r = sign_in(&s, &attacker, "rm01", "guess").await;
    let wait = retry_after(&r).expect("Retry-After");
    assert!((25..=30).contains(&wait), "{wait}");
    let (status, body) = error_of(r).await;
    assert_eq!(
        (status.as_u16(), body.code.as_str()),
        (429, "too_many_attempts")
    );
    // Held back: even the right password from an unknown browser is refused unchecked.
    let (status, _) = error_of(sign_in(&s, &attacker, "rm01", PASSWORD).await).await;
    assert_eq!(status, 429);
    assert_eq!(
        count(&s, "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'sign_in_locked' AND username = 'rm01'").await,
        1
    );
    // The real user's browser is trusted: in.
    let r = sign_in(&s, &user_browser, "rm01", PASSWORD).await;
    assert_eq!(r.status(), 200);
    // ... and their sign-in does not hand the attacker a fresh set of tries.
    let (status, _) = error_of(sign_in(&s, &attacker, "rm01", PASSWORD).await).await;
    assert_eq!(status, 429);

    // A device cookie without the password is worth five guesses, then nothing.
    for _ in 0..5 {
        let (status, _) = error_of(sign_in(&s, &user_browser, "rm01", "guess").await).await;
        assert_eq!(status, 401);
    }
    let (status, _) = error_of(sign_in(&s, &user_browser, "rm01", PASSWORD).await).await;
    assert_eq!(status, 429, "the device is trusted no more");
    // Another account is not held back.
    assert_eq!(sign_in(&s, &attacker, "rm04", PASSWORD).await.status(), 200);
}

/// Finding 2: an unknown name and a real one answer alike at every step (status, body,
/// Retry-After), and an unknown name costs the same argon2 verification.
async fn unknown_and_known_usernames_answer_alike_throughout(s: TestServer) {
    let mut answers = vec![];
    for name in ["rm02", "nobody-at-all"] {
        let client = s.client();
        let mut seq = vec![];
        for _ in 0..7 {
            let r = sign_in(&s, &client, name, "wrong-password").await;
            let wait = retry_after(&r);
            let (status, body) = error_of(r).await;
            seq.push((status, body, wait.map(|w| w / 60)));
        }
        answers.push(seq);
    }
    assert_eq!(answers[0], answers[1]);
    let statuses: Vec<u16> = answers[0].iter().map(|a| a.0.as_u16()).collect();
    assert_eq!(statuses, vec![401, 401, 401, 401, 429, 429, 429]);
    // The first four are checked against a hash (a dummy one for the unknown name).
    // Timing, measured robustly: a machine shared with other builds makes single
    // samples swing several-fold, so compare distributions of many samples taken
    // interleaved (known, unknown, known, …), so that a burst of load falls on both.
    let (known, unknown) = interleaved_sign_in_times(&s, "rm02", "nobody-at-all", 15).await;
    let (k, u) = (median(&known), median(&unknown));
    eprintln!("sign-in timing: median known {k:?}, unknown {u:?}");
    // Tolerance: the leak this guards against is the argon2 verification skipped (or
    // made cheaper) for an unknown name, which makes it answer many times faster: a
    // lookup alone takes a few ms, a sign-in with argon2 (opt-level 3 even in tests)
    // 130–180 ms on this shared machine. Measured medians of 15 interleaved samples
    // each: 176 vs 165 ms (SQLite) and 136 vs 137 ms (PostgreSQL) under a load average
    // of 12–17, within 1.1× of each other; 2× leaves a wide margin for noise and still
    // fails for any skipped or halved verification.
    assert!(
        u * 2 >= k && k * 2 >= u,
        "median known {k:?}, unknown {u:?} (known {known:?}, unknown {unknown:?})"
    );
    // And not only the middle: the fast quarter of each (no load) matches too, so a
    // shortcut taken only sometimes cannot hide behind the median.
    let (kq, uq) = (quartile(&known), quartile(&unknown));
    assert!(
        uq * 2 >= kq && kq * 2 >= uq,
        "first quartile known {kq:?}, unknown {uq:?}"
    );
}

/// `rounds` wrong-password sign-ins for each name, alternating between them, each with
/// the throttle's counts cleared first (so that every one is checked, not held back).
async fn interleaved_sign_in_times(
    s: &TestServer,
    known: &str,
    unknown: &str,
    rounds: usize,
) -> (Vec<Duration>, Vec<Duration>) {
    let client = s.client();
    let (mut k, mut u) = (vec![], vec![]);
    for round in 0..rounds {
        // Alternate which goes first, so neither always follows the other.
        let order = if round % 2 == 0 {
            [(known, true), (unknown, false)]
        } else {
            [(unknown, false), (known, true)]
        };
        for (name, is_known) in order {
            sqlx::query("DELETE FROM sign_in_throttle")
                .execute(s.pool())
                .await
                .unwrap();
            let started = Instant::now();
            let r = sign_in(s, &client, name, "wrong-password").await;
            let took = started.elapsed();
            assert_eq!(r.status(), 401, "{name} round {round}");
            if is_known {
                k.push(took)
            } else {
                u.push(took)
            }
        }
    }
    (k, u)
}

fn median(t: &[Duration]) -> Duration {
    let mut t = t.to_vec();
    t.sort();
    t[t.len() / 2]
}

fn quartile(t: &[Duration]) -> Duration {
    let mut t = t.to_vec();
    t.sort();
    t[t.len() / 4]
}

/// Finding 1: failures are also counted per source address (spraying many names);
/// `X-Forwarded-For` decides the address only behind a configured proxy.
async fn the_source_throttle_trusts_forwarded_for_only_behind_a_proxy(s: TestServer) {
    let spray = |s: &TestServer, i: usize, xff: &'static str| {
        let client = s.client();
        let url = s.url("/api/session");
        async move {
            client
                .post(url)
                .header("x-forwarded-for", xff)
                .json(&json!({"username": format!("sprayed{i}"), "password": "x"}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for i in 0..19 {
        assert_eq!(spray(&s, i, "10.9.9.9").await, 401, "attempt {i}");
    }
    assert_eq!(spray(&s, 19, "10.9.9.9").await, 429);
    // Not behind a proxy: a forged X-Forwarded-For does not make a new source.
    let r = s
        .client()
        .post(s.url("/api/session"))
        .header("x-forwarded-for", "10.1.1.1")
        .json(&json!({"username": "rm05", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);

    let behind = TestServer::start_with(s.db, |c| c.behind_proxy = true)
        .await
        .unwrap();
    for i in 0..20 {
        spray(&behind, i, "10.9.9.9").await;
    }
    assert_eq!(spray(&behind, 20, "10.9.9.9").await, 429);
    let r = behind
        .client()
        .post(behind.url("/api/session"))
        .header("x-forwarded-for", "10.1.1.1")
        .json(&json!({"username": "rm05", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        200,
        "another client behind the proxy is not held back"
    );
}

/// Finding 5: every write a role gates answers 403 to the wrong role even with a body
/// that is wrong (so the body was not read first). Every write in the OpenAPI document
/// is classified here, so a new one cannot be forgotten.
async fn role_gated_writes_refuse_the_wrong_role_before_reading_the_body(s: TestServer) {
    let admin_only = [
        ("post", "/api/users"),
        ("post", "/api/users/{id}/password"),
        ("post", "/api/users/{id}/disable"),
        ("post", "/api/users/{id}/enable"),
        ("put", "/api/policy"),
    ];
    let branch_manager_only = [("put", "/api/customers/{id}/owner")];
    // Open to every signed-in role (scope still applies), or not behind a session.
    let not_gated = [
        ("post", "/api/customers/{id}/reveal"),
        ("post", "/api/session"),
        ("delete", "/api/session"),
    ];
    let rm = s.signed_in("rm01").await;
    let compliance = s.signed_in("compliance01").await;
    let doc: Value = rm
        .get(s.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut walked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["post", "put", "patch", "delete"] {
            if item.get(method).is_none() {
                continue;
            }
            let op = (method, path.as_str());
            let (client, code) = if admin_only.contains(&op) || branch_manager_only.contains(&op) {
                (&rm, "forbidden")
            } else if not_gated.contains(&op) {
                continue;
            } else {
                // Everything else changes customer data: compliance only reads.
                (&compliance, "read_only")
            };
            let url = s.url(&path.replace("{id}", "1").replace("{kind}", "birthday"));
            let r = client
                .request(method.to_uppercase().parse().unwrap(), url)
                .json(&json!({"not_a_field": [1, 2, 3]}))
                .send()
                .await
                .unwrap();
            let (status, body) = error_of(r).await;
            assert_eq!(
                (status.as_u16(), body.code.as_str()),
                (403, code),
                "{method} {path}"
            );
            walked += 1;
        }
    }
    assert!(walked >= 15, "only {walked} writes walked");
}

/// A session cookie set before sign-in (fixation) never becomes the signed-in session.
async fn a_session_cookie_planted_before_sign_in_never_becomes_the_session(s: TestServer) {
    let planted = "ab".repeat(32);
    let client = reqwest::Client::new();
    let r = client
        .post(s.url("/api/session"))
        .header("cookie", format!("cb_session={planted}"))
        .json(&json!({"username": "rm01", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let set: Vec<String> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let session = set.iter().find(|c| c.starts_with("cb_session=")).unwrap();
    assert!(!session.contains(&planted));
    let device = set.iter().find(|c| c.starts_with("cb_device=")).unwrap();
    assert!(
        device.contains("HttpOnly")
            && device.contains("SameSite=Strict")
            && device.contains("Path=/api/session")
    );
    let me = client
        .get(s.url("/api/me"))
        .header("cookie", format!("cb_session={planted}"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
    assert_eq!(
        count(
            &s,
            &format!(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM sessions WHERE token_hash = '{}'",
                clientbook_server::auth::token_hash(&planted)
            )
        )
        .await,
        0
    );
}

fn session_cookie_of(r: &reqwest::Response) -> String {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("cb_session="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

async fn me_with(s: &TestServer, cookie: &str) -> StatusCode {
    reqwest::Client::new()
        .get(s.url("/api/me"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
}

/// A cookie copied before sign-out is dead after it.
async fn a_stolen_cookie_is_dead_after_sign_out(s: TestServer) {
    let client = s.client();
    let r = sign_in(&s, &client, "rm01", PASSWORD).await;
    let stolen = session_cookie_of(&r);
    assert_eq!(me_with(&s, &stolen).await, 200);
    assert_eq!(
        client
            .delete(s.url("/api/session"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(me_with(&s, &stolen).await, 401);
}

/// Disabling a user ends their live sessions; a password reset ends every session of
/// the user (there is no self-service change: an admin resets it).
async fn disabling_a_user_or_resetting_the_password_ends_their_sessions(s: TestServer) {
    let admin = s.signed_in("admin").await;
    let id = s.ids("SELECT id FROM users WHERE username = 'rm03'").await[0];
    let one = session_cookie_of(&sign_in(&s, &s.client(), "rm03", PASSWORD).await);
    let two = session_cookie_of(&sign_in(&s, &s.client(), "rm03", PASSWORD).await);
    let r = admin
        .post(s.url(&format!("/api/users/{id}/password")))
        .json(&json!({"password": "a-new-password-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(me_with(&s, &one).await, 401);
    assert_eq!(me_with(&s, &two).await, 401);

    let live = session_cookie_of(&sign_in(&s, &s.client(), "rm03", "a-new-password-1").await);
    assert_eq!(me_with(&s, &live).await, 200);
    let r = admin
        .post(s.url(&format!("/api/users/{id}/disable")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(me_with(&s, &live).await, 401);
}

/// Idle (30 minutes by default) and absolute (12 hours) expiry, by moving the stored
/// instants back.
async fn sessions_end_when_idle_and_at_the_absolute_limit(s: TestServer) {
    let now = chrono::Utc::now().timestamp_millis();
    let idle = session_cookie_of(&sign_in(&s, &s.client(), "rm01", PASSWORD).await);
    let old = session_cookie_of(&sign_in(&s, &s.client(), "rm02", PASSWORD).await);
    let hash = |c: &str| clientbook_server::auth::token_hash(c.trim_start_matches("cb_session="));
    sqlx::query("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2")
        .bind(now - 31 * 60_000)
        .bind(hash(&idle))
        .execute(s.pool())
        .await
        .unwrap();
    // Active a moment ago, but signed in 12 hours and a minute ago.
    sqlx::query("UPDATE sessions SET created_at = $1, last_seen = $2 WHERE token_hash = $3")
        .bind(now - (12 * 60 + 1) * 60_000)
        .bind(now)
        .bind(hash(&old))
        .execute(s.pool())
        .await
        .unwrap();
    assert_eq!(me_with(&s, &idle).await, 401);
    assert_eq!(me_with(&s, &old).await, 401);
    assert_eq!(
        count(&s, "SELECT CAST(COUNT(*) AS BIGINT) FROM sessions").await,
        0
    );
}

/// Finding 6: the profile's home address and birth date leave masked by the policy
/// (district, year); the full values come only by a reveal, which is audited.
async fn the_profile_masks_address_and_birth_date_until_an_audited_reveal(s: TestServer) {
    use sqlx::Row;
    let id = s
        .ids("SELECT id FROM customers WHERE rm_id = 1 ORDER BY id LIMIT 1")
        .await[0];
    let row = sqlx::query("SELECT address, birth_date FROM customers WHERE id = $1")
        .bind(id)
        .fetch_one(s.pool())
        .await
        .unwrap();
    let (address, birth_date): (String, String) = (row.get(0), row.get(1));
    let rm = s.signed_in("rm01").await;
    let detail: Value = rm
        .get(s.url(&format!("/api/customers/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let shown_address = detail["profile"]["address"].as_str().unwrap();
    let shown_birth = detail["profile"]["birth_date"].as_str().unwrap();
    assert_ne!(shown_address, address);
    assert!(shown_address.ends_with("****"), "{shown_address}");
    assert!(
        address.starts_with(shown_address.trim_end_matches('*')),
        "{shown_address} / {address}"
    );
    assert_eq!(shown_birth, format!("{}-**-**", &birth_date[..4]));
    let text = detail.to_string();
    assert!(!text.contains(&address), "the full address is not sent");

    for (field, full) in [("address", &address), ("birth_date", &birth_date)] {
        let r = rm
            .post(s.url(&format!("/api/customers/{id}/reveal")))
            .json(&json!({ "field": field }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{field}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["value"], full.as_str());
    }
    let fields: Vec<String> = sqlx::query(
        "SELECT fields FROM audit_log WHERE action = 'reveal' AND customer_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(s.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.get::<String, _>(0))
    .collect();
    assert_eq!(fields, vec!["address", "birth_date"]);
}

// ---- Connection-level findings: the database plays no part, SQLite only. ----

/// Send raw bytes, read the answer until the server closes (or `limit` passes).
async fn raw(addr: &str, request: &[u8], limit: Duration) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut out = vec![];
    let _ = tokio::time::timeout(limit, async {
        let mut buf = [0u8; 8192];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    (out, started.elapsed())
}

fn addr(s: &TestServer) -> String {
    s.base.trim_start_matches("http://").to_owned()
}

/// The status and the parsed JSON error body of a raw answer.
fn parse_answer(bytes: &[u8]) -> (u16, ErrorBody) {
    let text = String::from_utf8_lossy(bytes);
    let status: u16 = text.get(9..12).unwrap_or("0").parse().unwrap_or(0);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {text:?}"));
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    (
        status,
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body:?}")),
    )
}

/// Finding 3: half a request head is disconnected after the header-read timeout; a body
/// shorter than its Content-Length gets a 408 JSON answer after the body-read timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_requests_are_timed_out() {
    let s = TestServer::start_with(Db::Sqlite, |c| {
        c.header_read_timeout_secs = 1;
        c.body_read_timeout_secs = 1;
    })
    .await
    .unwrap();
    let (answer, took) = raw(
        &addr(&s),
        b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow",
        Duration::from_secs(10),
    )
    .await;
    assert!(took < Duration::from_secs(5), "closed after {took:?}");
    assert!(
        !String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"),
        "{answer:?}"
    );

    let request = b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"username\":";
    let (answer, took) = raw(&addr(&s), request, Duration::from_secs(10)).await;
    assert!(took < Duration::from_secs(5), "answered after {took:?}");
    let (status, body) = parse_answer(&answer);
    assert_eq!((status, body.code.as_str()), (408, "request_timeout"));
}

/// Finding 3: beyond the connection limit a new connection is answered 503 with
/// Retry-After, and served again once a connection closes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_limit_are_answered_busy() {
    let s = TestServer::start_with(Db::Sqlite, |c| c.max_connections = 2)
        .await
        .unwrap();
    // Let the start-up health checks' connections close.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let hold1 = tokio::net::TcpStream::connect(addr(&s)).await.unwrap();
    let hold2 = tokio::net::TcpStream::connect(addr(&s)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let request = b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let (answer, _) = raw(&addr(&s), request, Duration::from_secs(5)).await;
    let text = String::from_utf8_lossy(&answer).to_ascii_lowercase();
    assert!(text.contains("retry-after: 1"), "{text}");
    let (status, body) = parse_answer(&answer);
    assert_eq!((status, body.code.as_str()), (503, "busy"));
    drop((hold1, hold2));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (answer, _) = raw(&addr(&s), request, Duration::from_secs(5)).await;
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
}

/// Finding 4: the answers hyper writes itself (414, 431, 400) and an empty-bodied error
/// outside /api carry the JSON error body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_below_the_app_are_json() {
    let s = TestServer::start(Db::Sqlite).await.unwrap();
    let long_url = format!(
        "GET /api/health?x={} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(70 * 1024)
    );
    let (answer, _) = raw(&addr(&s), long_url.as_bytes(), Duration::from_secs(5)).await;
    let (status, body) = parse_answer(&answer);
    assert_eq!((status, body.code.as_str()), (414, "uri_too_long"));

    let huge_header = format!(
        "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(500 * 1024)
    );
    let (answer, _) = raw(&addr(&s), huge_header.as_bytes(), Duration::from_secs(5)).await;
    let (status, body) = parse_answer(&answer);
    assert_eq!((status, body.code.as_str()), (431, "headers_too_large"));

    let bad_length = b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\nConnection: close\r\n\r\n";
    let (answer, _) = raw(&addr(&s), bad_length, Duration::from_secs(5)).await;
    let (status, body) = parse_answer(&answer);
    assert_eq!((status, body.code.as_str()), (400, "bad_request"));

    // A write to the app's files: an error with our body too.
    let r = reqwest::Client::new()
        .put(s.url("/app.js"))
        .body("x")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
    let _: ErrorBody = r.json().await.expect("an ErrorBody");
}

/// Finding 7: a write from another site (by Sec-Fetch-Site or Origin) is refused with
/// 403 naming the reason and changes nothing; a same-origin browser write and a client
/// that is no browser pass.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_writes_are_refused() {
    let s = TestServer::start(Db::Sqlite).await.unwrap();
    let rm = s.signed_in("rm01").await;
    let customer = s
        .ids("SELECT id FROM customers WHERE rm_id = 1 ORDER BY id LIMIT 1")
        .await[0];
    let notes = |s: &TestServer| {
        let sql =
            format!("SELECT CAST(COUNT(*) AS BIGINT) FROM notes WHERE customer_id = {customer}");
        let pool = s.pool().clone();
        async move {
            use sqlx::Row;
            sqlx::query(&sql)
                .fetch_one(&pool)
                .await
                .unwrap()
                .get::<i64, _>(0)
        }
    };
    let before = notes(&s).await;
    let url = s.url(&format!("/api/customers/{customer}/notes"));
    let write = |headers: &[(&str, &str)]| {
        let mut req = rm.post(&url).json(&json!({"text": "from somewhere"}));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send()
    };
    let (status, body) =
        error_of(write(&[("origin", "https://evil.example")]).await.unwrap()).await;
    assert_eq!(
        (status.as_u16(), body.code.as_str()),
        (403, "cross_site_write")
    );
    assert!(body.message.contains("evil.example"), "{}", body.message);
    let (status, body) = error_of(
        write(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", s.base.as_str()),
        ])
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(
        (status.as_u16(), body.code.as_str()),
        (403, "cross_site_write")
    );
    assert!(body.message.contains("Sec-Fetch-Site"), "{}", body.message);
    assert_eq!(notes(&s).await, before, "nothing written");
    // Sign-in from another site (login CSRF) is refused too.
    let r = s
        .client()
        .post(s.url("/api/session"))
        .header("origin", "https://evil.example")
        .json(&json!({"username": "rm01", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    let same = write(&[
        ("sec-fetch-site", "same-origin"),
        ("origin", s.base.as_str()),
    ])
    .await
    .unwrap();
    assert!(same.status().is_success(), "{}", same.status());
    let plain = write(&[]).await.unwrap();
    assert!(plain.status().is_success(), "{}", plain.status());
    assert_eq!(notes(&s).await, before + 2);
}
