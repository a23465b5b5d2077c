//! One truth per customer on the real demo bank (issue 17): the server generates its
//! default demo bank (the one `clientbook-server` creates on an empty database: seed,
//! size and business date as a user gets them), rm01 signs in, marks two care items as
//! an RM would (one done, one snoozed), and the app's own calls are made over HTTP:
//! `GET /api/book/columns` decoded as the app decodes it, the shelf, the policy, the care
//! markers, and `GET /api/customers/{id}` for every customer of the book. Then, for
//! every customer, the list row, the customer page, the what-if with no edit and the
//! home panels must agree ([`super::truth_tests::disagreements`]).
//!
//! Native only (it runs the server in-process); the synthetic book of `truth_tests`
//! covers the same comparison in the browser. With `CLIENTBOOK_TEST_POSTGRES_URL` set,
//! the same bank is generated on PostgreSQL too and must be the same book.

use super::truth_tests::{care_shown, disagreements};
use super::Loaded;
use crate::api::customer::url as customer_url;
use crate::api::url;
use crate::book_index::BookIndex;
use chrono::{Days, NaiveDate};
use clientbook_domain::api::{BookResponse, CustomerDetail, ProductsResponse};
use clientbook_domain::columns::BookColumns;
use clientbook_domain::recommend::RecommendationReason;
use clientbook_domain::service::{CareDone, CareMarkersResponse, CareSnooze};
use clientbook_domain::{score_customer, Channel, ScoringPolicy};
use clientbook_server::config::Config;
use clientbook_server::demo::DEMO_PASSWORD;
use serde::de::DeserializeOwned;
use sqlx::{AnyPool, Executor};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// rm01's book and the customer page of each of its customers, as the app loads them.
struct Demo {
    book: Arc<BookIndex>,
    pages: Vec<Loaded>,
}

/// A server on port 0 with the default demo bank on `database_url`, its files in `dir`.
async fn serve(database_url: &str, dir: &std::path::Path) -> String {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    // The default configuration, as `clientbook-server` runs with no options: the demo
    // bank's seed, size and business date (today in the bank's zone) are the defaults.
    let mut config = Config::for_database(database_url);
    config.dist = dist;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        clientbook_server::launch(config, listener)
            .await
            .expect("server runs");
    });
    let client = reqwest::Client::new();
    for _ in 0..1200 {
        if let Ok(r) = client.get(format!("{base}/api/health")).send().await {
            if r.status().is_success() {
                return base;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the demo server did not start");
}

async fn get<T: DeserializeOwned>(client: &reqwest::Client, base: &str, path: &str) -> T {
    let answer = client.get(format!("{base}{path}")).send().await.unwrap();
    assert!(
        answer.status().is_success(),
        "GET {path}: {}",
        answer.status()
    );
    answer.json().await.unwrap()
}

async fn post(client: &reqwest::Client, base: &str, path: &str, body: &impl serde::Serialize) {
    let answer = client
        .post(format!("{base}{path}"))
        .json(body)
        .send()
        .await
        .unwrap();
    assert!(
        answer.status().is_success(),
        "POST {path}: {}",
        answer.status()
    );
}

/// The book as the app fetches and scores it (`crate::state::book`).
async fn scored_book(client: &reqwest::Client, base: &str) -> Arc<BookIndex> {
    let columns: BookColumns = get(client, base, url::BOOK_COLUMNS).await;
    let as_of = columns.as_of;
    let customers = columns.into_customers().expect("a readable book");
    let shelf: ProductsResponse = get(client, base, url::PRODUCTS).await;
    let policy: ScoringPolicy = get(client, base, url::POLICY).await;
    let care: CareMarkersResponse = get(client, base, customer_url::CARE).await;
    Arc::new(
        BookIndex::score(
            Arc::new(BookResponse { as_of, customers }),
            Arc::new(shelf.products),
            Arc::new(policy),
        )
        .with_care_markers(Arc::new(care.markers)),
    )
}

/// rm01 signs in to the demo bank at `base`, marks the first care item of the day done
/// and the next one snoozed, and loads the book and every customer page.
async fn rm01_demo(base: &str) -> Demo {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let signed_in = client
        .post(format!("{base}/api/session"))
        .json(&serde_json::json!({"username": "rm01", "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert!(signed_in.status().is_success(), "rm01 signs in");

    let before = scored_book(&client, base).await;
    // Care whose occasion is near (a questionnaire may have expired long ago; the
    // server takes marks for occasions within a year).
    let near = |on: NaiveDate| on.signed_duration_since(before.as_of()).num_days().abs() < 300;
    let mut open = before
        .open_care()
        .into_iter()
        .filter_map(|e| e.item.marker_key().map(|key| (e.customer, key)))
        .filter(|(_, (_, on))| near(*on));
    let (first, (kind, on)) = open.next().expect("rm01 has care to do today");
    let done = CareDone {
        channel: Channel::Phone,
        occasion_on: Some(on),
        note: None,
    };
    post(
        &client,
        base,
        &customer_url::care(first, kind, "done"),
        &done,
    )
    .await;
    let (second, (kind, on)) = open
        .find(|(c, _)| *c != first)
        .expect("care for a second customer");
    let snooze = CareSnooze {
        until: before.as_of() + Days::new(7),
        occasion_on: Some(on),
    };
    post(
        &client,
        base,
        &customer_url::care(second, kind, "snooze"),
        &snooze,
    )
    .await;

    let book = scored_book(&client, base).await;
    assert_eq!(book.care_markers().len(), 2, "both marks are in the book");
    let mut pages = Vec::with_capacity(book.len());
    for at in 0..book.len() as u32 {
        let id = book.customer(at).id;
        let detail: CustomerDetail = get(&client, base, &customer_url::customer(id)).await;
        pages.push(Loaded::from_book(Arc::clone(&book), detail).expect("in the book"));
    }
    Demo { book, pages }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn temp_dir(what: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cb-truth-demo-{what}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// rm01's demo book on SQLite (the default database), loaded once for the tests below.
fn sqlite_demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = temp_dir("sqlite");
        let demo = runtime().block_on(async {
            let base = serve(&format!("sqlite://{}/cb.sqlite", dir.display()), &dir).await;
            rm01_demo(&base).await
        });
        let _ = std::fs::remove_dir_all(&dir);
        demo
    })
}

#[test]
fn every_customer_of_rm01s_demo_book_is_told_the_same_on_every_screen() {
    let demo = sqlite_demo();
    assert!(
        demo.book.len() > 300,
        "rm01's demo book has {} customers",
        demo.book.len()
    );
    let found = disagreements(&demo.book, &demo.pages);
    eprintln!(
        "rm01's demo book as of {}: {} customers, {} care items listed, compared on every screen",
        demo.book.as_of(),
        demo.book.len(),
        care_shown(&demo.pages)
    );
    assert!(
        found.is_empty(),
        "as of {} the screens disagree:\n{}",
        demo.book.as_of(),
        found.join("\n")
    );
}

#[test]
fn the_demo_book_would_catch_a_screen_that_scored_on_its_own() {
    // The comparison above can fail on this book: it has recommendations that only the
    // book's peers give (a page scoring alone disagrees), care items the pages list, and
    // care the marks hide.
    let demo = sqlite_demo();
    let ix = &demo.book;
    let alone: Vec<Loaded> = demo
        .pages
        .iter()
        .map(|p| {
            let mut page = Loaded::from_book(Arc::clone(ix), p.detail.clone()).unwrap();
            page.scores =
                score_customer(page.scored_customer(), ix.policy(), ix.shelf(), ix.as_of());
            page
        })
        .collect();
    let found = disagreements(ix, &alone);
    assert!(
        found.iter().any(|d| d.contains("recommendations")),
        "a page scoring alone went unnoticed"
    );
    let peer_gaps = (0..ix.len() as u32)
        .flat_map(|at| &ix.scores(at).recommendations)
        .filter(|r| matches!(r.reason, RecommendationReason::PeerGap { .. }))
        .count();
    assert!(peer_gaps > 0, "the book has peer-gap recommendations");
    assert!(care_shown(&demo.pages) > 0, "the pages list care");
    assert!(
        ix.open_care().len() + 2 <= ix.summary().care_today.len(),
        "the marks hide care"
    );
    assert!(
        !ix.summary().retention.is_empty(),
        "someone is at high risk"
    );
    let tiers = ix
        .summary()
        .by_tier
        .iter()
        .filter(|g| g.customers > 0)
        .count();
    assert!(tiers >= 3, "the book spans {tiers} tiers");
}

#[test]
fn on_postgresql_the_demo_book_is_the_same_and_agrees_too() {
    let admin = match std::env::var("CLIENTBOOK_TEST_POSTGRES_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => {
            assert!(
                std::env::var("CLIENTBOOK_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "CLIENTBOOK_REQUIRE_POSTGRES=1 but CLIENTBOOK_TEST_POSTGRES_URL is not set"
            );
            eprintln!("skipped: CLIENTBOOK_TEST_POSTGRES_URL is not set");
            return;
        }
    };
    let name = format!("cb_truth_demo_{}", std::process::id());
    let dir = temp_dir("postgres");
    let rt = runtime();
    let demo = rt.block_on(async {
        sqlx::any::install_default_drivers();
        let pool = AnyPool::connect(&admin)
            .await
            .expect("connect to PostgreSQL");
        pool.execute(format!("DROP DATABASE IF EXISTS {name}").as_str())
            .await
            .unwrap();
        pool.execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .expect("create the database");
        let (prefix, _) = admin.rsplit_once('/').expect("URL with a database");
        let base = serve(&format!("{prefix}/{name}"), &dir).await;
        rm01_demo(&base).await
    });
    // The server's task ends with its runtime; then the database can go.
    drop(rt);
    runtime().block_on(async {
        let pool = AnyPool::connect(&admin).await.unwrap();
        let _ = pool
            .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
            .await;
    });
    let _ = std::fs::remove_dir_all(&dir);

    let sqlite = sqlite_demo();
    assert_eq!(demo.book.as_of(), sqlite.book.as_of());
    assert_eq!(demo.book.len(), sqlite.book.len(), "the same book");
    for at in 0..demo.book.len() as u32 {
        assert_eq!(
            demo.book.customer(at),
            sqlite.book.customer(at),
            "the same customer at {at}"
        );
    }
    let found = disagreements(&demo.book, &demo.pages);
    assert!(found.is_empty(), "{}", found.join("\n"));
}
