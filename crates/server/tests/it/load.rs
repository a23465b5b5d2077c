//! Under load: with its queue full the server answers 503 with `Retry-After` and the
//! JSON error body at once, and serves again when the load is gone; and writers at once
//! all succeed (found by `scripts/load.sh`: concurrent contact writes on SQLite failed
//! with 500 "database is locked" until write transactions began `IMMEDIATE`).

use crate::common::{as_of, Db, TestServer, PASSWORD};
use clientbook_domain::api::ErrorBody;
use clientbook_domain::error_code::ErrorCode;

async fn a_full_queue_answers_busy_at_once(db: Db) {
    // One request at a time and nobody waiting: concurrent sign-ins (argon2, tens of
    // milliseconds each) cannot all be served.
    let Some(s) = TestServer::start_with(db, |c| {
        c.max_in_flight = 1;
        c.max_queued = 0;
    })
    .await
    else {
        return;
    };
    let started = std::time::Instant::now();
    let answers = futures_join(&s, 24).await;
    let elapsed = started.elapsed();
    let ok = answers
        .iter()
        .filter(|(status, _, _)| *status == 200)
        .count();
    let busy: Vec<_> = answers
        .iter()
        .filter(|(status, _, _)| *status == 503)
        .collect();
    assert!(ok >= 1, "someone got in: {answers:?}");
    assert!(!busy.is_empty(), "some were shed: {answers:?}");
    assert_eq!(
        ok + busy.len(),
        answers.len(),
        "only 200 or 503: {answers:?}"
    );
    for (_, retry_after, body) in &busy {
        assert_eq!(retry_after.as_deref(), Some("1"));
        let body: ErrorBody = serde_json::from_str(body).expect("the JSON error body");
        assert_eq!(body.code, ErrorCode::Busy);
    }
    // Shed at once, not after a timeout.
    assert!(elapsed.as_secs() < 8, "took {elapsed:?}");
    // With the load gone, the server serves again.
    let r = s.client().get(s.url("/api/health")).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

/// `n` sign-ins at once: status, `Retry-After` and body of each.
async fn futures_join(s: &TestServer, n: usize) -> Vec<(u16, Option<String>, String)> {
    let mut tasks = vec![];
    for _ in 0..n {
        let client = s.client();
        let url = s.url("/api/session");
        tasks.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .json(&serde_json::json!({"username": "rm01", "password": PASSWORD}))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let retry = r
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            (status, retry, r.text().await.unwrap())
        }));
    }
    let mut out = vec![];
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_full_queue_answers_busy_at_once() {
    a_full_queue_answers_busy_at_once(Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_full_queue_answers_busy_at_once() {
    a_full_queue_answers_busy_at_once(Db::Postgres).await;
}

/// 12 relationship managers' sessions writing contacts at once, 8 each: every write is
/// acknowledged and stored exactly once.
async fn concurrent_writers_all_succeed(db: Db) {
    let Some(s) = TestServer::start(db).await else {
        return;
    };
    let customers = s
        .ids("SELECT c.id FROM customers c JOIN users u ON u.id = c.rm_id WHERE u.username = 'rm01' ORDER BY c.id")
        .await;
    assert!(customers.len() >= 4);
    let before = s.ids("SELECT COUNT(*) FROM interactions").await[0];
    let mut tasks = vec![];
    for w in 0..12usize {
        let client = s.signed_in("rm01").await;
        let urls: Vec<String> = (0..8)
            .map(|k| {
                let id = customers[(w * 8 + k) % customers.len()];
                s.url(&format!("/api/customers/{id}/interactions"))
            })
            .collect();
        tasks.push(tokio::spawn(async move {
            let mut statuses = vec![];
            for url in urls {
                let r = client
                    .post(url)
                    .json(&serde_json::json!({
                        "kind": "Call", "channel": "Phone", "occurred_on": as_of(),
                        "outcome": "Interested", "note": "concurrent write"
                    }))
                    .send()
                    .await
                    .unwrap();
                statuses.push((r.status().as_u16(), r.text().await.unwrap()));
            }
            statuses
        }));
    }
    for t in tasks {
        for (status, body) in t.await.unwrap() {
            assert!((200..300).contains(&status), "{status} {body}");
        }
    }
    let after = s.ids("SELECT COUNT(*) FROM interactions").await[0];
    assert_eq!(after - before, 96);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_concurrent_writers_all_succeed() {
    concurrent_writers_all_succeed(Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_concurrent_writers_all_succeed() {
    concurrent_writers_all_succeed(Db::Postgres).await;
}
