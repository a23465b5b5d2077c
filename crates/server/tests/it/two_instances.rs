//! More than one machine (ARCHITECTURE.md, "No state in server memory"): two server
//! instances on ONE database (PostgreSQL, and one SQLite file), each on its own port.
//! What is done through one is seen through the other: a sign-in (sessions in the
//! database), the sign-in throttle, the meeting lock, a policy change, a write and the
//! figures it makes stale (cached in the database, never in a process). And two
//! instances started together on an empty database create the demo bank once.

use crate::common::{Db, TestServer, CUSTOMERS, PASSWORD, SEED};
use clientbook_domain::figures::ScopeFiguresAnswer;
use clientbook_domain::ScoringPolicy;
use clientbook_server::config::Config;
use serde_json::json;

/// Another instance of the server on `url`, as the test harness configures one.
async fn start_instance(
    url: &str,
    dist: &std::path::Path,
) -> (String, tokio::task::JoinHandle<()>) {
    let mut config = Config::for_database(url);
    config.demo_seed = SEED;
    config.demo_customers = CUSTOMERS;
    config.demo_as_of = Some(crate::common::as_of());
    config.dist = dist.to_path_buf();
    config.warm_figures = false;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        clientbook_server::launch(config, listener)
            .await
            .expect("the second instance runs");
    });
    let client = reqwest::Client::new();
    for _ in 0..1200 {
        if let Ok(r) = client.get(format!("{base}/api/health")).send().await {
            if r.status().is_success() {
                return (base, task);
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the instance at {base} did not start");
}

async fn figures(client: &reqwest::Client, base: &str) -> ScopeFiguresAnswer {
    let r = client
        .get(format!("{base}/api/scope/figures"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn what_one_instance_does_the_other_sees(a: TestServer) {
    let (b, task) = start_instance(&a.db_url, &a.dist).await;
    let on_b = |path: &str| format!("{b}{path}");

    // A sign-in through A is a session through B (cookies go by host, not port).
    let manager = a.signed_in("manager01").await;
    let me: serde_json::Value = manager
        .get(on_b("/api/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["username"], "manager01",
        "the session made through A is valid on B"
    );
    // And a sign-out through B ends it on A.
    let other = a.signed_in("rm02").await;
    assert_eq!(
        other
            .delete(on_b("/api/session"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        other.get(a.url("/api/me")).send().await.unwrap().status(),
        401
    );

    // The throttle counts failures made through either: three through A and three
    // through B are six on one name, and then even the right password waits.
    let guesser = a.client();
    for (i, base) in [
        a.base.as_str(),
        a.base.as_str(),
        a.base.as_str(),
        &b,
        &b,
        &b,
    ]
    .iter()
    .enumerate()
    {
        let r = guesser
            .post(format!("{base}/api/session"))
            .json(&json!({"username": "rm07", "password": format!("wrong-{i}")}))
            .send()
            .await
            .unwrap();
        assert!(
            matches!(r.status().as_u16(), 401 | 429),
            "failure {i}: {}",
            r.status()
        );
    }
    let r = guesser
        .post(on_b("/api/session"))
        .json(&json!({"username": "rm07", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        429,
        "blocked on B by failures counted through A and B"
    );

    // The meeting lock is the session's: a meeting begun through A locks it on B.
    let rm = a.signed_in("rm01").await;
    let own = a
        .ids("SELECT c.id FROM customers c JOIN users u ON u.id = c.rm_id WHERE u.username = 'rm01' ORDER BY c.id")
        .await;
    let r = rm
        .put(a.url("/api/me/pin"))
        .json(&json!({"pin": "2468"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = rm
        .post(a.url(&format!("/api/customers/{}/meeting", own[0])))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(
        rm.get(on_b("/api/book/columns"))
            .send()
            .await
            .unwrap()
            .status(),
        423
    );
    let r = rm
        .post(on_b("/api/meeting/exit"))
        .json(&json!({"pin": "2468"}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "left through B: {}", r.status());
    assert_eq!(
        rm.get(a.url("/api/book/columns"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    // A policy change through B is the policy on A.
    let admin = a.signed_in("admin").await;
    let mut policy: ScoringPolicy = admin
        .get(on_b("/api/policy"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    policy.retention.list_size = 7;
    let r = admin
        .put(on_b("/api/policy"))
        .json(&policy)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let seen: ScoringPolicy = admin
        .get(a.url("/api/policy"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen.retention.list_size, 7, "A sees B's policy");

    // Figures computed through B are A's cache hit; a write through A makes them stale
    // on B; afterwards both agree.
    let on_b_first = figures(&manager, &b).await;
    let on_a_first = figures(&manager, &a.base).await;
    assert!(on_a_first.cached, "B's figures are in the shared cache");
    assert_eq!(on_a_first.figures, on_b_first.figures);
    assert!(
        on_b_first.figures.summary.retention.len() <= 7,
        "with B's policy"
    );
    let r = rm
        .post(a.url(&format!("/api/customers/{}/interactions", own[1])))
        .json(&json!({"kind": "Call", "channel": "Phone", "occurred_on": crate::common::as_of(), "outcome": "Interested"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let on_b_stale = figures(&manager, &b).await;
    assert!(
        on_b_stale.stale,
        "the write through A made B's cached figures stale"
    );
    let on_b_after = crate::figures_refresh::fresh_figures_at(&manager, &b).await;
    assert_ne!(on_b_after.data_version, on_b_first.data_version);
    let on_a_after = figures(&manager, &a.base).await;
    assert!(on_a_after.cached);
    assert_eq!(
        on_a_after.figures, on_b_after.figures,
        "both instances agree"
    );
    // The write is seen through B too.
    let customer: serde_json::Value = rm
        .get(on_b(&format!("/api/customers/{}", own[1])))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        customer
            .to_string()
            .contains(&crate::common::as_of().to_string()),
        "B sees the contact logged through A"
    );
    task.abort();
}

/// Two instances started at once on an empty database: one creates the demo bank, the
/// other waits for it; the bank is there once.
async fn two_instances_started_together_create_the_demo_bank_once(a: TestServer) {
    // A fresh database beside the harness's: a new SQLite file, or a new PostgreSQL
    // database made with the harness's admin URL.
    let (url, cleanup) = match a.db {
        Db::Sqlite => {
            let dir = a.dist.parent().unwrap().join("second");
            std::fs::create_dir_all(&dir).unwrap();
            (format!("sqlite://{}/cb.sqlite", dir.display()), None)
        }
        Db::Postgres => {
            use sqlx::Executor;
            let name = format!(
                "cb_two_{}_{}",
                std::process::id(),
                clientbook_server::storage::now_ms()
            );
            a.pool()
                .execute(format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            let (prefix, _) = a.db_url.rsplit_once('/').unwrap();
            (format!("{prefix}/{name}"), Some(name))
        }
    };
    let (first, second) =
        tokio::join!(start_instance(&url, &a.dist), start_instance(&url, &a.dist));
    let storage = clientbook_server::storage::Storage::connect(&url)
        .await
        .unwrap();
    use sqlx::Row;
    let n: i64 = sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) FROM customers")
        .fetch_one(storage.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, i64::from(CUSTOMERS), "the demo bank, once");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let r = client
        .post(format!("{}/api/session", second.0))
        .json(&json!({"username": "rm01", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    first.1.abort();
    second.1.abort();
    storage.close().await;
    if let Some(name) = cleanup {
        use sqlx::Executor;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let _ = a
            .pool()
            .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
            .await;
    }
}

on_both_databases!(
    what_one_instance_does_the_other_sees,
    two_instances_started_together_create_the_demo_bank_once
);
