//! Load shedding: with its queue full the server answers 503 with `Retry-After` and the
//! JSON error body at once, and serves again when the load is gone.

mod common;

use clientbook_domain::api::ErrorBody;
use clientbook_domain::error_code::ErrorCode;
use common::{Db, TestServer, PASSWORD};

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
    let ok = answers.iter().filter(|(status, _, _)| *status == 200).count();
    let busy: Vec<_> = answers
        .iter()
        .filter(|(status, _, _)| *status == 503)
        .collect();
    assert!(ok >= 1, "someone got in: {answers:?}");
    assert!(!busy.is_empty(), "some were shed: {answers:?}");
    assert_eq!(ok + busy.len(), answers.len(), "only 200 or 503: {answers:?}");
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
