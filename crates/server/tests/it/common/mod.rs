//! A real server on port 0 against a fresh database: a temporary SQLite file, or a
//! uniquely named PostgreSQL database (created from `CLIENTBOOK_TEST_POSTGRES_URL`,
//! dropped afterwards).

#![allow(dead_code)]

use chrono::NaiveDate;
use clientbook_server::config::Config;
use clientbook_server::storage::Storage;
use sqlx::{AnyPool, Executor};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

pub mod notes;
mod template;

pub const SEED: u64 = 42;
pub const CUSTOMERS: u32 = 200;
pub const PASSWORD: &str = "clientbook-demo";

pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

pub struct TestServer {
    pub base: String,
    pub db: Db,
    pub storage: Storage,
    pub dist: PathBuf,
    /// The database the server runs on (a second instance may share it).
    pub db_url: String,
    dir: PathBuf,
    task: tokio::task::JoinHandle<()>,
    pg: Option<(String, String)>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "cb_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        nanos
    )
}

/// The built app's stand-in: an index.html with an inline module script, as Trunk makes.
pub const INDEX_HTML: &str = "<!DOCTYPE html><html><head><script type=\"module\">import init from '/app.js';await init();</script></head><body></body></html>";

impl TestServer {
    /// `None` when PostgreSQL is asked for but not configured (unless it is required).
    pub async fn start(db: Db) -> Option<TestServer> {
        Self::start_with(db, |_| {}).await
    }

    /// As [`TestServer::start`], with the configuration adjusted first.
    pub async fn start_with(db: Db, adjust: impl FnOnce(&mut Config)) -> Option<TestServer> {
        let name = unique_name();
        let dir = std::env::temp_dir().join(&name);
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
        std::fs::write(dist.join("app.js"), "export default function init() {}").unwrap();
        let (url, admin) = match db {
            Db::Sqlite => (format!("sqlite://{}/cb.sqlite", dir.display()), None),
            Db::Postgres => {
                let admin = match std::env::var("CLIENTBOOK_TEST_POSTGRES_URL") {
                    Ok(u) if !u.is_empty() => u,
                    _ => {
                        assert!(
                            std::env::var("CLIENTBOOK_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                            "CLIENTBOOK_REQUIRE_POSTGRES=1 but CLIENTBOOK_TEST_POSTGRES_URL is not set"
                        );
                        eprintln!("skipped: CLIENTBOOK_TEST_POSTGRES_URL is not set");
                        let _ = std::fs::remove_dir_all(&dir);
                        return None;
                    }
                };
                let (prefix, _) = admin.rsplit_once('/').expect("URL with a database");
                (format!("{prefix}/{name}"), Some(admin))
            }
        };
        let db_url = url.clone();
        let mut config = Config::for_database(&url);
        config.demo_seed = SEED;
        config.demo_customers = CUSTOMERS;
        config.demo_as_of = Some(as_of());
        config.dist = dist.clone();
        // Warming the big scopes' figures in the background would race with tests that
        // count computations; a test that wants it turns it on.
        config.warm_figures = false;
        adjust(&mut config);
        // The database starts as a copy of a template made by the same start-up
        // (template.rs), unless the test gave the server another database of its own.
        let source = (config.database_url.expose() == url)
            .then(|| template::source(&config, admin.as_deref()));
        if let Some(template::Source::SqliteFile(template)) = &source {
            template::copy_sqlite(template, &dir.join("cb.sqlite"));
        }
        let pg = match admin {
            None => None,
            Some(admin) => {
                sqlx::any::install_default_drivers();
                let pool = AnyPool::connect(&admin)
                    .await
                    .expect("connect to PostgreSQL");
                let create = match &source {
                    Some(template::Source::PostgresDatabase(t)) => {
                        format!("CREATE DATABASE {name} TEMPLATE {t}")
                    }
                    _ => format!("CREATE DATABASE {name}"),
                };
                pool.execute(create.as_str())
                    .await
                    .expect("create test database");
                pool.close().await;
                Some((admin, name.clone()))
            }
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            clientbook_server::launch(config, listener)
                .await
                .expect("server runs");
        });
        let base = format!("http://{addr}");
        let client = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(r) = client.get(format!("{base}/api/health")).send().await {
                if r.status().is_success() {
                    break;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let storage = Storage::connect(&url).await.expect("test connection");
        Some(TestServer {
            base,
            db,
            storage,
            dist,
            db_url,
            dir,
            task,
            pg,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The server's OpenAPI document (public: no session needed).
    pub async fn openapi(&self) -> serde_json::Value {
        self.client()
            .get(self.url("/api/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// The server's writer pool: a test's set-up and checks write as the server does
    /// (on SQLite the read pool refuses writes), one at a time with the server's.
    pub fn pool(&self) -> &AnyPool {
        self.storage.writer()
    }

    /// A browser-like client without a session.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap()
    }

    /// A client signed in as `username`.
    pub async fn signed_in(&self, username: &str) -> reqwest::Client {
        let client = self.client();
        let r = client
            .post(self.url("/api/session"))
            .json(&serde_json::json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "sign in as {username}");
        client
    }

    /// The admin changes the scoring policy by `edit`; the change must be accepted.
    pub async fn edit_policy(&self, edit: impl FnOnce(&mut serde_json::Value)) {
        let admin = self.signed_in("admin").await;
        let mut policy: serde_json::Value = admin
            .get(self.url("/api/policy"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        edit(&mut policy);
        let r = admin
            .put(self.url("/api/policy"))
            .json(&policy)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }

    /// `GET path` by `client`, read as JSON (whatever the status).
    pub async fn get_json(&self, client: &reqwest::Client, path: &str) -> serde_json::Value {
        client
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    pub async fn ids(&self, sql: &str) -> Vec<i64> {
        use sqlx::Row;
        sqlx::query(sql)
            .fetch_all(self.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<i64, _>(0))
            .collect()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some((admin, name)) = self.pg.take() {
            // Drop runs outside async: a small runtime of its own on another thread.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    if let Ok(pool) = AnyPool::connect(&admin).await {
                        let _ = pool
                            .execute(
                                format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str(),
                            )
                            .await;
                        pool.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// Run each named test against SQLite and against PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(server) = $crate::common::TestServer::start($crate::common::Db::Sqlite).await {
                        super::$name(server).await;
                    }
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(server) = $crate::common::TestServer::start($crate::common::Db::Postgres).await {
                        super::$name(server).await;
                    }
                }
            )*
        }
    };
}

/// The status and error body of a refused request.
pub async fn error_of(
    r: reqwest::Response,
) -> (reqwest::StatusCode, clientbook_domain::api::ErrorBody) {
    let status = r.status();
    let body = r.json().await.expect("an ErrorBody");
    (status, body)
}

/// `POST /api/session` with `client` (its cookies kept), answered as it is.
pub async fn sign_in(
    s: &TestServer,
    client: &reqwest::Client,
    user: &str,
    pw: &str,
) -> reqwest::Response {
    client
        .post(s.url("/api/session"))
        .json(&serde_json::json!({"username": user, "password": pw}))
        .send()
        .await
        .unwrap()
}
