//! Backup and restore under load: a task writes notes and contacts through the real
//! server while a backup is taken (SQLite: `clientbook-server backup`'s `VACUUM INTO`;
//! PostgreSQL: `pg_dump -Fc`), the backup is restored into a fresh database (`restore` /
//! `pg_restore`), and every write acknowledged before the backup began is found there,
//! each with its audit entry, the audit log still append-only.

use crate::common::{as_of, Db, TestServer};
use clientbook_server::backup;
use serde_json::json;
use sqlx::{AnyPool, Executor, Row};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

on_both_databases!(a_backup_under_load_restores_every_acknowledged_write_and_its_audit);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Note,
    Contact,
}

/// One write the server acknowledged, and when the acknowledgement arrived.
#[derive(Debug)]
struct Acked {
    kind: Kind,
    customer: i64,
    marker: String,
    at: Instant,
}

/// Writes notes and contacts in turn over `customers` until told to stop.
async fn write_until(
    s: &TestServer,
    customers: Vec<i64>,
    stop: Arc<AtomicBool>,
    count: Arc<AtomicUsize>,
) -> Vec<Acked> {
    let client = s.signed_in("rm01").await;
    let mut acked = vec![];
    let mut i = 0usize;
    while !stop.load(Ordering::SeqCst) {
        let customer = customers[i % customers.len()];
        let kind = if i.is_multiple_of(2) {
            Kind::Note
        } else {
            Kind::Contact
        };
        let marker = format!("load-{i}");
        let (path, body) = match kind {
            Kind::Note => (
                format!("/api/customers/{customer}/notes"),
                json!({ "text": marker }),
            ),
            Kind::Contact => (
                format!("/api/customers/{customer}/interactions"),
                json!({ "kind": "Call", "channel": "Phone", "occurred_on": as_of(),
                        "outcome": "Interested", "note": marker }),
            ),
        };
        let r = client.post(s.url(&path)).json(&body).send().await.unwrap();
        assert_eq!(r.status(), 201, "{path}: {}", r.text().await.unwrap());
        acked.push(Acked {
            kind,
            customer,
            marker,
            at: Instant::now(),
        });
        count.fetch_add(1, Ordering::SeqCst);
        i += 1;
    }
    acked
}

async fn wait_for(count: &AtomicUsize, at_least: usize) {
    for _ in 0..1200 {
        if count.load(Ordering::SeqCst) >= at_least {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the writer made fewer than {at_least} writes in 30 s");
}

/// `/usr/lib/postgresql/*/bin/NAME`, as `scripts/pg.sh` finds the server.
fn pg_tool(name: &str) -> PathBuf {
    std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL binaries in /usr/lib/postgresql")
        .filter_map(|e| Some(e.ok()?.path().join("bin").join(name)))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{name} not found under /usr/lib/postgresql/*/bin"))
}

fn run(tool: &Path, args: &[&str]) {
    let out = std::process::Command::new(tool)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} failed: {}",
        tool.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The database the server runs on, as a URL.
pub(crate) async fn live_url(s: &TestServer) -> String {
    match s.db {
        Db::Sqlite => {
            let row = sqlx::query("SELECT file FROM pragma_database_list WHERE name = 'main'")
                .fetch_one(s.pool())
                .await
                .unwrap();
            format!("sqlite://{}", row.get::<String, _>(0))
        }
        Db::Postgres => {
            let row = sqlx::query("SELECT CAST(current_database() AS TEXT)")
                .fetch_one(s.pool())
                .await
                .unwrap();
            let admin = std::env::var("CLIENTBOOK_TEST_POSTGRES_URL").unwrap();
            let (prefix, _) = admin.rsplit_once('/').unwrap();
            format!("{prefix}/{}", row.get::<String, _>(0))
        }
    }
}

/// Back up the live database into `dir`; returns the backup file.
pub(crate) async fn take_backup(s: &TestServer, url: &str, dir: &Path) -> PathBuf {
    match s.db {
        Db::Sqlite => {
            let file = dir.join("backup.sqlite");
            let summary = backup::backup(url, &file).await.expect("backup");
            assert_eq!(summary.customers, i64::from(crate::common::CUSTOMERS));
            file
        }
        Db::Postgres => {
            let file = dir.join("backup.dump");
            let (tool, url, f) = (pg_tool("pg_dump"), url.to_owned(), file.clone());
            tokio::task::spawn_blocking(move || {
                run(&tool, &["-Fc", "-f", f.to_str().unwrap(), &url]);
            })
            .await
            .unwrap();
            file
        }
    }
}

/// Restore `file` into a fresh database; returns its URL.
pub(crate) async fn restore_fresh(s: &TestServer, file: &Path, dir: &Path) -> String {
    match s.db {
        Db::Sqlite => {
            let url = format!("sqlite://{}", dir.join("restored.sqlite").display());
            backup::restore(&url, file).await.expect("restore");
            url
        }
        Db::Postgres => {
            let admin = std::env::var("CLIENTBOOK_TEST_POSTGRES_URL").unwrap();
            let name = format!("{}_restored", live_url(s).await.rsplit_once('/').unwrap().1);
            let pool = AnyPool::connect(&admin).await.unwrap();
            pool.execute(format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            pool.close().await;
            let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
            let (tool, u, f) = (pg_tool("pg_restore"), url.clone(), file.to_owned());
            tokio::task::spawn_blocking(move || {
                run(
                    &tool,
                    &[
                        "--no-owner",
                        "--exit-on-error",
                        "-d",
                        &u,
                        f.to_str().unwrap(),
                    ],
                );
            })
            .await
            .unwrap();
            url
        }
    }
}

pub(crate) async fn drop_restored(s: &TestServer, url: &str) {
    if s.db == Db::Postgres {
        let admin = std::env::var("CLIENTBOOK_TEST_POSTGRES_URL").unwrap();
        let name = url.rsplit_once('/').unwrap().1;
        let pool = AnyPool::connect(&admin).await.unwrap();
        let _ = pool
            .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
            .await;
        pool.close().await;
    }
}

/// Markers of the test's writes found in the restored database.
async fn restored_markers(pool: &AnyPool) -> BTreeMap<String, (Kind, i64)> {
    let mut found = BTreeMap::new();
    for (kind, sql) in [
        (
            Kind::Note,
            "SELECT body, customer_id FROM notes WHERE body LIKE 'load-%'",
        ),
        (
            Kind::Contact,
            "SELECT note, customer_id FROM interactions WHERE note LIKE 'load-%'",
        ),
    ] {
        for row in sqlx::query(sql).fetch_all(pool).await.unwrap() {
            found.insert(row.get::<String, _>(0), (kind, row.get::<i64, _>(1)));
        }
    }
    found
}

/// The audit entries of the test's writes in the restored database, per kind and
/// customer.
async fn restored_audit(pool: &AnyPool, since_ms: i64) -> BTreeMap<(Kind, i64), i64> {
    let rows = sqlx::query(
        "SELECT action, customer_id, CAST(COUNT(*) AS BIGINT) AS n FROM audit_log \
         WHERE username = 'rm01' AND at >= $1 AND action IN ('create_note', 'record_interaction') \
         GROUP BY action, customer_id",
    )
    .bind(since_ms)
    .fetch_all(pool)
    .await
    .unwrap();
    rows.iter()
        .map(|r| {
            let kind = match r.get::<String, _>("action").as_str() {
                "create_note" => Kind::Note,
                _ => Kind::Contact,
            };
            ((kind, r.get::<i64, _>("customer_id")), r.get::<i64, _>("n"))
        })
        .collect()
}

async fn a_backup_under_load_restores_every_acknowledged_write_and_its_audit(s: TestServer) {
    let dir = std::env::temp_dir().join(format!(
        "cb-backup-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let customers = s
        .ids(
            "SELECT c.id FROM customers c JOIN users u ON u.id = c.rm_id \
             WHERE u.username = 'rm01' ORDER BY c.id LIMIT 4",
        )
        .await;
    assert_eq!(customers.len(), 4);
    let since_ms = chrono::Utc::now().timestamp_millis() - 1;
    let url = live_url(&s).await;
    let s = Arc::new(s);
    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicUsize::new(0));
    let writer = tokio::spawn({
        let (s, stop, count) = (s.clone(), stop.clone(), count.clone());
        async move { write_until(&s, customers, stop, count).await }
    });

    wait_for(&count, 20).await;
    let backup_began = Instant::now();
    let file = take_backup(&s, &url, &dir).await;
    // Writes go on after the backup; they may or may not be in it.
    let after = count.load(Ordering::SeqCst);
    wait_for(&count, after + 10).await;
    stop.store(true, Ordering::SeqCst);
    let acked = writer.await.unwrap();

    let restored_url = restore_fresh(&s, &file, &dir).await;
    let summary = backup::verify(&restored_url).await.expect("verify");
    assert_eq!(summary.customers, i64::from(crate::common::CUSTOMERS));
    assert!(summary.users > 0 && summary.audit_entries > 0, "{summary}");
    assert!(summary.audit_triggers >= 1, "{summary}");

    let pool = AnyPool::connect(&restored_url).await.unwrap();
    let found = restored_markers(&pool).await;
    let before: Vec<&Acked> = acked.iter().filter(|a| a.at < backup_began).collect();
    assert!(
        before.len() >= 20,
        "{} writes before the backup",
        before.len()
    );
    for a in &before {
        assert_eq!(
            found.get(&a.marker),
            Some(&(a.kind, a.customer)),
            "{} acknowledged before the backup began is missing",
            a.marker
        );
    }
    // Nothing the writer did not write, and each restored write has its audit entry
    // (written in the same transaction: both or neither are in the backup).
    let written: BTreeMap<&str, (Kind, i64)> = acked
        .iter()
        .map(|a| (a.marker.as_str(), (a.kind, a.customer)))
        .collect();
    let mut per_customer: BTreeMap<(Kind, i64), i64> = BTreeMap::new();
    for (marker, what) in &found {
        assert_eq!(written.get(marker.as_str()), Some(what), "{marker}");
        *per_customer.entry(*what).or_default() += 1;
    }
    assert_eq!(restored_audit(&pool, since_ms).await, per_customer);

    // The audit log is still append-only after the restore.
    for sql in [
        "UPDATE audit_log SET detail = 'changed'",
        "DELETE FROM audit_log",
    ] {
        let err = sqlx::query(sql).execute(&pool).await.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    pool.close().await;
    drop_restored(&s, &restored_url).await;
    let _ = std::fs::remove_dir_all(dir);
}

/// The commands as an operator types them, on a live SQLite database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_commands_refuse_to_overwrite_a_file_or_restore_over_data() {
    let s = TestServer::start(Db::Sqlite).await.unwrap();
    let live = live_url(&s).await;
    let dir = std::env::temp_dir().join(format!("cb-backup-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let exe = env!("CARGO_BIN_EXE_clientbook-server");
    let cli = |args: &[&str]| {
        let out = std::process::Command::new(exe)
            .args(args)
            .env_remove("DATABASE_URL")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let copy = dir.join("copy.sqlite");
    let copy_s = copy.to_str().unwrap();
    let (ok, out) = cli(&["backup", copy_s, "--database-url", &live]);
    assert!(ok, "{out}");
    assert!(out.contains("200 customers"), "{out}");
    let (ok, out) = cli(&["backup", copy_s, "--database-url", &live]);
    assert!(!ok && out.contains("refusing to overwrite"), "{out}");

    let (ok, out) = cli(&["restore", copy_s, "--database-url", &live]);
    assert!(!ok && out.contains("not an empty database"), "{out}");
    assert!(out.contains("200 customers"), "{out}");

    let fresh = format!("sqlite://{}", dir.join("fresh.sqlite").display());
    let (ok, out) = cli(&["restore", copy_s, "--database-url", &fresh]);
    assert!(ok, "{out}");
    assert!(
        out.contains("restored") && out.contains("200 customers"),
        "{out}"
    );
    let (ok, out) = cli(&["verify", "--database-url", &fresh]);
    assert!(ok && out.contains("200 customers"), "{out}");

    // A damaged copy is refused before anything is written.
    let bad = dir.join("bad.sqlite");
    let mut bytes = std::fs::read(&copy).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 4096] {
        *b = 0x5a;
    }
    std::fs::write(&bad, bytes).unwrap();
    let target = dir.join("from-bad.sqlite");
    let (ok, out) = cli(&[
        "restore",
        bad.to_str().unwrap(),
        "--database-url",
        &format!("sqlite://{}", target.display()),
    ]);
    assert!(!ok, "{out}");
    assert!(!target.exists(), "{out}");
    let _ = std::fs::remove_dir_all(dir);
}
