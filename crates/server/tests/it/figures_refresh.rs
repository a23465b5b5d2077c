//! Big scopes' figures served stale while new ones are computed (docs/rules.md, Big
//! scopes): after a write the last figures are answered at once, marked stale, and the
//! fresh ones replace them; with two instances on one database only one computes them
//! again (the lease is a database row); an expired lease is taken over; a scope with no
//! figures at all whose lease is held answers 503 with Retry-After, never hangs; and
//! the warmer computes the big scopes' figures ahead of the first sign-in.

use crate::big_scope::{figures_in_the_browser, set_browser_limit};
use crate::common::{TestServer, CUSTOMERS, SEED};
use clientbook_domain::figures::ScopeFiguresAnswer;
use clientbook_server::config::Config;
use serde_json::json;
use std::time::{Duration, Instant};

/// `GET /api/scope/figures` on `base` (200 expected).
pub async fn figures_at(client: &reqwest::Client, base: &str) -> ScopeFiguresAnswer {
    let r = client
        .get(format!("{base}/api/scope/figures"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    r.json().await.unwrap()
}

/// Ask for the figures on `base` until they are fresh (the background computation is
/// done), at most a minute.
pub async fn fresh_figures_at(client: &reqwest::Client, base: &str) -> ScopeFiguresAnswer {
    let until = Instant::now() + Duration::from_secs(60);
    loop {
        let answer = figures_at(client, base).await;
        if !answer.stale {
            return answer;
        }
        assert!(Instant::now() < until, "the figures stayed stale");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// How many times `scope_key`'s figures were computed and stored.
async fn computations(s: &TestServer, scope_key: &str) -> i64 {
    s.ids(&format!(
        "SELECT computations FROM scope_figures WHERE scope_key = '{scope_key}'"
    ))
    .await
    .first()
    .copied()
    .unwrap_or(0)
}

/// rm01 logs a contact with their first customer (in manager01's branch).
async fn write_to_the_branch(s: &TestServer, base: &str) {
    let rm = s.signed_in("rm01").await;
    let own = s
        .ids("SELECT c.id FROM customers c JOIN users u ON u.id = c.rm_id WHERE u.username = 'rm01' ORDER BY c.id LIMIT 1")
        .await[0];
    let r = rm
        .post(format!("{base}/api/customers/{own}/interactions"))
        .json(&json!({"kind": "Call", "channel": "Phone", "occurred_on": crate::common::as_of(), "outcome": "Interested"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
}

/// Another instance on `s`'s database, configured by `adjust`.
async fn another_instance(
    s: &TestServer,
    adjust: impl FnOnce(&mut Config),
) -> (String, tokio::task::JoinHandle<()>) {
    let mut config = Config::for_database(&s.db_url);
    config.demo_seed = SEED;
    config.demo_customers = CUSTOMERS;
    config.demo_as_of = Some(crate::common::as_of());
    config.dist = s.dist.clone();
    config.warm_figures = false;
    adjust(&mut config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        clientbook_server::launch(config, listener)
            .await
            .expect("the other instance runs");
    });
    let client = reqwest::Client::new();
    for _ in 0..1200 {
        if let Ok(r) = client.get(format!("{base}/api/health")).send().await {
            if r.status().is_success() {
                return (base, task);
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the instance at {base} did not start");
}

async fn stale_figures_are_answered_after_a_write_then_replaced(s: TestServer) {
    set_browser_limit(&s, 10).await;
    let manager = s.signed_in("manager01").await;
    let first = figures_at(&manager, &s.base).await;
    assert!(!first.stale && !first.cached, "computed now: {first:?}");
    assert_eq!(first.as_of, Some(crate::common::as_of()));
    assert!(first.computed_at > 0);

    write_to_the_branch(&s, &s.base).await;
    let stale = figures_at(&manager, &s.base).await;
    assert!(
        stale.stale,
        "after a write the last figures are marked stale"
    );
    assert!(stale.cached);
    assert_eq!(
        stale.figures, first.figures,
        "the last figures, as they were"
    );
    assert_eq!(
        stale.data_version, first.data_version,
        "with their own version"
    );
    assert_eq!(stale.computed_at, first.computed_at);

    let fresh = fresh_figures_at(&manager, &s.base).await;
    assert_ne!(fresh.data_version, first.data_version);
    assert!(fresh.computed_at >= first.computed_at);
    let browser = figures_in_the_browser(&manager, &s).await;
    assert_eq!(
        fresh.figures.summary.overdue_contacts,
        browser.summary.overdue_contacts
    );
    assert_eq!(fresh.figures.rm_books, browser.rm_books);
    let branch = s
        .ids("SELECT branch_id FROM users WHERE username = 'manager01'")
        .await[0];
    assert_eq!(computations(&s, &format!("branch:{branch}")).await, 2);
    assert_eq!(
        s.ids("SELECT COUNT(*) FROM figures_leases").await[0],
        0,
        "the lease is given up when done"
    );
}

async fn two_instances_compute_stale_figures_again_once(a: TestServer) {
    let (b, task) = another_instance(&a, |_| {}).await;
    set_browser_limit(&a, 10).await;
    let compliance = a.signed_in("compliance01").await;
    let first = figures_at(&compliance, &b).await;
    assert!(!first.stale);
    assert_eq!(computations(&a, "all").await, 1);

    write_to_the_branch(&a, &a.base).await;
    // Many requests at once, through both instances: every one is answered at once
    // with the last figures, and one computation follows.
    let asks = (0..8).map(|i| {
        let base = if i % 2 == 0 {
            a.base.clone()
        } else {
            b.clone()
        };
        let client = compliance.clone();
        async move { figures_at(&client, &base).await }
    });
    for answer in futures_util::future::join_all(asks).await {
        if answer.stale {
            assert_eq!(answer.figures, first.figures);
        }
    }
    let fresh_a = fresh_figures_at(&compliance, &a.base).await;
    let fresh_b = fresh_figures_at(&compliance, &b).await;
    assert_eq!(fresh_a.figures, fresh_b.figures, "both instances agree");
    assert_ne!(fresh_a.data_version, first.data_version);
    assert_eq!(
        computations(&a, "all").await,
        2,
        "one instance computed the stale figures again, once"
    );
    task.abort();
}

async fn an_expired_lease_is_taken_over(s: TestServer) {
    set_browser_limit(&s, 10).await;
    let compliance = s.signed_in("compliance01").await;
    let first = figures_at(&compliance, &s.base).await;
    assert!(!first.stale);
    // An instance took the lease and died: while the lease lasts nobody else computes.
    let far = clientbook_server::storage::now_ms() + 3_600_000;
    s.ids(&format!(
        "INSERT INTO figures_leases (scope_key, holder, expires_at) VALUES ('all', 'crashed', {far}) RETURNING 1"
    ))
    .await;
    write_to_the_branch(&s, &s.base).await;
    for _ in 0..5 {
        let answer = figures_at(&compliance, &s.base).await;
        assert!(
            answer.stale,
            "held by the crashed instance: still the last figures"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(computations(&s, "all").await, 1);
    // Once the lease has expired the next request takes it over.
    s.ids("UPDATE figures_leases SET expires_at = 1 WHERE holder = 'crashed' RETURNING 1")
        .await;
    let fresh = fresh_figures_at(&compliance, &s.base).await;
    assert_ne!(fresh.data_version, first.data_version);
    assert_eq!(computations(&s, "all").await, 2);
    assert_eq!(
        s.ids("SELECT COUNT(*) FROM figures_leases WHERE holder = 'crashed'")
            .await[0],
        0
    );
}

async fn no_figures_and_a_held_lease_answer_503_not_a_hang(s: TestServer) {
    set_browser_limit(&s, 10).await;
    let (b, task) = another_instance(&s, |c| c.figures_wait_secs = 1).await;
    let far = clientbook_server::storage::now_ms() + 3_600_000;
    s.ids(&format!(
        "INSERT INTO figures_leases (scope_key, holder, expires_at) VALUES ('all', 'busy elsewhere', {far}) RETURNING 1"
    ))
    .await;
    let compliance = s.signed_in("compliance01").await;
    let started = Instant::now();
    let r = compliance
        .get(format!("{b}/api/scope/figures"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(r.headers().get("retry-after").is_some());
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "busy");
    assert!(
        body["message"].as_str().unwrap().contains("being computed"),
        "{body}"
    );
    // The holder's figures arrive: the waiting request answers them.
    s.ids("DELETE FROM figures_leases RETURNING 1").await;
    let answer = figures_at(&compliance, &b).await;
    assert!(!answer.stale);
    task.abort();
}

async fn the_warmer_computes_the_big_scopes_ahead(s: TestServer) {
    set_browser_limit(&s, 10).await;
    assert_eq!(s.ids("SELECT COUNT(*) FROM scope_figures").await[0], 0);
    // An instance started with warming on computes the bank's and each big branch's.
    let (_b, task) = another_instance(&s, |c| c.warm_figures = true).await;
    let branches = s
        .ids("SELECT COUNT(DISTINCT branch_id) FROM customers")
        .await[0];
    let until = Instant::now() + Duration::from_secs(60);
    while s.ids("SELECT COUNT(*) FROM scope_figures").await[0] < 1 + branches {
        assert!(Instant::now() < until, "the big scopes were not warmed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let compliance = s.signed_in("compliance01").await;
    let answer = figures_at(&compliance, &s.base).await;
    assert!(
        answer.cached && !answer.stale,
        "the first sign-in finds them ready"
    );
    task.abort();
}

on_both_databases!(
    stale_figures_are_answered_after_a_write_then_replaced,
    two_instances_compute_stale_figures_again_once,
    an_expired_lease_is_taken_over,
    no_figures_and_a_held_lease_answer_503_not_a_hang,
    the_warmer_computes_the_big_scopes_ahead
);
