//! Imports over HTTP (and the command line) on SQLite and PostgreSQL: a bank starting
//! with no demo customers loads its own from files in the templates' format; every item
//! of the bad-input list is refused naming the row and column with nothing
//! written; re-importing changes nothing; merges are proposed and decided; a commit is
//! one audited transaction.

pub use crate::common::{error_of, Db, TestServer};
pub use clientbook_domain::import::{ImportStatus, ImportSummary, MergeDecision, Problem};
pub use sqlx::Row;

/// Run each named test against a bank with no demo customers, on both databases.
macro_rules! on_both_empty_banks {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(s) = $crate::import::empty_bank($crate::common::Db::Sqlite).await {
                        super::$name(s).await;
                    }
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(s) = $crate::import::empty_bank($crate::common::Db::Postgres).await {
                        super::$name(s).await;
                    }
                }
            )*
        }
    };
}

async fn empty_bank(db: Db) -> Option<TestServer> {
    TestServer::start_with(db, |c| {
        c.demo_customers = 0;
        c.import_max_bytes = 10 * 1024 * 1024;
    })
    .await
}

const CUSTOMERS_EN: &str = "customer_no,name,id_number,phone,gender,birth_date,rm_username,address,income_band,risk_level,risk_assessed_on\n\
C001,张三丰,11010519491231002X,13800138000,男,1949-12-31,rm01,北京市朝阳区建国路1号,200k-500k,C3,2025-03-01\n\
C002,李四,110105198001010016,13900139000,女,1980-01-01,rm01,,<100k,,\n\
C003,王五,110105199006150020,13700137000,,1990-06-15,rm02,,,C2,2025-01-02\n";

/// Upload `bytes` as `kind`, wait until it is checked, and return the summary.
pub(crate) async fn import_as(
    s: &TestServer,
    client: &reqwest::Client,
    kind: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> ImportSummary {
    let r = client
        .post(s.url(&format!("/api/imports?kind={kind}&file_name={file_name}")))
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202, "{}", r.text().await.unwrap());
    let summary: ImportSummary = r.json().await.unwrap();
    wait(s, client, summary.id).await
}

async fn wait(s: &TestServer, client: &reqwest::Client, id: i64) -> ImportSummary {
    for _ in 0..600 {
        let summary: ImportSummary = client
            .get(s.url(&format!("/api/imports/{id}?limit=1000")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if summary.status != ImportStatus::Validating {
            return summary;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("import {id} never finished");
}

async fn admin(s: &TestServer) -> reqwest::Client {
    s.signed_in("admin").await
}

async fn count(s: &TestServer, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

/// What `bad` makes of a file: failed or with errors, and nothing written to customers
/// or holdings. Returns the report's lines as (row, column, problem).
async fn refused(
    s: &TestServer,
    kind: &str,
    bytes: Vec<u8>,
) -> Vec<(i64, Option<String>, Problem)> {
    let client = admin(s).await;
    let before = count(s, "SELECT COUNT(*) FROM customers").await
        + count(s, "SELECT COUNT(*) FROM holdings").await;
    let summary = import_as(s, &client, kind, "bad.csv", bytes).await;
    let lines: Vec<_> = summary
        .report
        .iter()
        .map(|l| (l.row, l.column.clone(), l.problem))
        .collect();
    assert!(summary.report.iter().any(|l| l.error), "{lines:?}");
    for l in &summary.report {
        assert!(!l.message.is_empty());
    }
    // A commit lands only the valid rows; here there are none to land.
    if summary.status == ImportStatus::Ready && summary.rows_valid == 0 {
        let r = client
            .post(s.url(&format!("/api/imports/{}/commit", summary.id)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let after = count(s, "SELECT COUNT(*) FROM customers").await
        + count(s, "SELECT COUNT(*) FROM holdings").await;
    assert_eq!(before, after, "nothing written");
    lines
}

async fn commit(s: &TestServer, client: &reqwest::Client, id: i64) -> reqwest::Response {
    client
        .post(s.url(&format!("/api/imports/{id}/commit")))
        .send()
        .await
        .unwrap()
}

async fn load_customers(s: &TestServer) {
    let client = admin(s).await;
    let summary = import_as(
        s,
        &client,
        "customers",
        "customers.csv",
        CUSTOMERS_EN.into(),
    )
    .await;
    assert_eq!(summary.rows_valid, 3, "{:?}", summary.report);
    assert_eq!(commit(s, &client, summary.id).await.status(), 200);
}

mod bad_input;
mod commit;
mod history;
mod loads;
mod merges;
mod retired;
mod scale;
