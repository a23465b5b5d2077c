//! A database that turns read-only under the running server (issue 13, see
//! RELIABILITY.md): every write is answered 503 `storage_unavailable` with `Retry-After`
//! and a sentence that says nothing was saved, never a 500 and never a false success;
//! what needs no write (the session's own user, the product shelf) is still served; reads
//! of customer data, which must be audited, are refused alike rather than served without
//! their audit entry; and writes are stored again, without a restart, once the database
//! is writable again. Nothing acknowledged is lost.
//!
//! SQLite: the file system itself refuses writes — the database directory seen through a
//! bind mount that is remounted read-only (not `PRAGMA query_only`, which the server could
//! simply undo). PostgreSQL: the database switched to `default_transaction_read_only` and
//! its sessions ended, as when a primary is replaced by a standby, then switched back.

use crate::common::notes::{a_customer_of, add_note, assert_stored_once_with_audit};
use crate::common::{error_of, Db, TestServer, SEED};
use clientbook_server::config::Config;
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::{AnyPool, Executor, Row};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A note written and acknowledged: its id and text.
async fn acknowledged(r: reqwest::Response, text: &str) -> (i64, String) {
    assert_eq!(r.status(), StatusCode::CREATED, "{text}");
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    (id, text.to_owned())
}

async fn notes_like(pool: &AnyPool, prefix: &str) -> i64 {
    sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) FROM notes WHERE body LIKE $1")
        .bind(format!("{prefix}%"))
        .fetch_one(pool)
        .await
        .unwrap()
        .get(0)
}

/// The database refuses writes: five notes, each answered 503 `storage_unavailable` with
/// `Retry-After` and "nothing was saved"; the session's user and the product shelf are
/// still served; a customer's page (an audited read) is refused alike, never a 500.
async fn writes_are_refused_clearly(client: &reqwest::Client, base: &str, customer: i64) {
    for n in 0..5 {
        let r = add_note(client, base, customer, &format!("refused-{n}")).await;
        assert_eq!(
            r.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "write {n} on a read-only database"
        );
        assert!(r.headers().contains_key("retry-after"));
        let (_, body) = error_of(r).await;
        assert_eq!(body.code, "storage_unavailable");
        assert!(
            body.message.contains("read-only") && body.message.contains("nothing was saved"),
            "{}",
            body.message
        );
    }
    // Past the 5 s after which a request touches its session's "last seen" (a write).
    tokio::time::sleep(Duration::from_millis(5_200)).await;
    let me = client.get(format!("{base}/api/me")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK, "the session's user");
    let shelf = client
        .get(format!("{base}/api/products"))
        .send()
        .await
        .unwrap();
    assert_eq!(shelf.status(), StatusCode::OK, "the product shelf");
    let page = client
        .get(format!("{base}/api/customers/{customer}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        page.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "a customer read cannot be audited: refused, not served unaudited"
    );
    assert_eq!(error_of(page).await.1.code, "storage_unavailable");
}

/// Writes are stored again once the database takes them, within a few tries and without
/// a restart (connections opened read-only are renewed).
async fn writes_recover(
    client: &reqwest::Client,
    base: &str,
    customer: i64,
    acked: &mut Vec<(i64, String)>,
) {
    for attempt in 0..20 {
        let text = format!("after-{attempt}");
        let r = add_note(client, base, customer, &text).await;
        if r.status() == StatusCode::CREATED {
            acked.push(acknowledged(r, &text).await);
            // And the next one at once, on whichever connection.
            let text = format!("after-{attempt}-next");
            let r = add_note(client, base, customer, &text).await;
            acked.push(acknowledged(r, &text).await);
            return;
        }
        assert_eq!(
            r.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "attempt {attempt}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("writes were not stored again once the database was writable");
}

/// A tmpfs of our own and a second view of it through a bind mount, both unmounted when
/// dropped.
struct Mounts {
    disk: PathBuf,
    view: PathBuf,
}

fn run(args: &[&str], path: &Path) -> Result<(), String> {
    let out = Command::new(args[0])
        .args(&args[1..])
        .arg(path)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

impl Mounts {
    /// `None` (and a message) where this machine cannot mount (not root, or no mount
    /// permission in a container).
    fn new(base: &Path) -> Option<Mounts> {
        let (disk, view) = (base.join("disk"), base.join("view"));
        std::fs::create_dir_all(&disk).unwrap();
        std::fs::create_dir_all(&view).unwrap();
        let mounts = Mounts { disk, view };
        let done = run(
            &["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs"],
            &mounts.disk,
        )
        .and_then(|()| {
            let out = Command::new("mount")
                .arg("--bind")
                .arg(&mounts.disk)
                .arg(&mounts.view)
                .output()
                .map_err(|e| e.to_string())?;
            if out.status.success() {
                Ok(())
            } else {
                Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
            }
        });
        match done {
            Ok(()) => Some(mounts),
            Err(e) => {
                eprintln!("skipped: cannot mount a file system here ({e})");
                None
            }
        }
    }

    fn view_read_only(&self, read_only: bool) {
        let mode = if read_only {
            "remount,bind,ro"
        } else {
            "remount,bind,rw"
        };
        run(&["mount", "-o", mode], &self.view).expect("remount the view");
    }
}

impl Drop for Mounts {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.view).status();
        let _ = Command::new("umount").arg("-l").arg(&self.disk).status();
        if let Some(base) = self.disk.parent() {
            let _ = std::fs::remove_dir_all(base);
        }
    }
}

/// SQLite: the bank written through a writable mount, the server then started on a view
/// of the same directory mounted read-only (as after a volume went read-only and the
/// server was restarted on it), then the view made writable again under it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_on_a_read_only_file_system_answers_503_and_recovers() {
    let base = std::env::temp_dir().join(format!("cb-read-only-{}", std::process::id()));
    let Some(mounts) = Mounts::new(&base) else {
        return;
    };
    let writable = format!("sqlite://{}/cb.sqlite", mounts.disk.display());
    let viewed = format!("sqlite://{}/cb.sqlite", mounts.view.display());

    // The bank, a session and three notes, written while everything is writable.
    let first = TestServer::start_with(Db::Sqlite, |c| {
        c.database_url = Config::for_database(&writable).database_url;
    })
    .await
    .expect("a SQLite server");
    // (The test server's own pool is on its default file: these look at ours.)
    sqlx::any::install_default_drivers();
    let probe = AnyPool::connect(&writable).await.unwrap();
    let client = first.signed_in("rm01").await;
    let customer = a_customer_of(&probe, "rm01").await;
    let mut acked = vec![];
    for n in 0..3 {
        let text = format!("before-{n}");
        acked
            .push(acknowledged(add_note(&client, &first.base, customer, &text).await, &text).await);
    }
    // A connection through the writable mount stays open, as another process would:
    // it keeps the WAL's shared-memory file, which a read-only reader needs.
    let keeper = AnyPool::connect(&writable).await.unwrap();
    let _held = keeper.acquire().await.unwrap();
    drop(first);
    tokio::time::sleep(Duration::from_millis(300)).await;

    mounts.view_read_only(true);
    // The file system refuses writes: proven before the server is asked anything.
    assert!(
        std::fs::write(mounts.view.join("probe"), b"x").is_err(),
        "the view is not read-only"
    );
    let second = TestServer::start_with(Db::Sqlite, |c| {
        c.database_url = Config::for_database(&viewed).database_url;
        c.demo_seed = SEED;
    })
    .await
    .expect("a server on the read-only database");
    writes_are_refused_clearly(&client, &second.base, customer).await;
    assert_eq!(
        notes_like(&probe, "refused-").await,
        0,
        "a refused note was stored"
    );

    mounts.view_read_only(false);
    writes_recover(&client, &second.base, customer, &mut acked).await;
    assert_stored_once_with_audit(&probe, &acked).await;
    assert_eq!(notes_like(&probe, "refused-").await, 0);
    let integrity: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&probe)
        .await
        .unwrap()
        .get(0);
    assert_eq!(integrity, "ok");
    drop(second);
    drop(_held);
    keeper.close().await;
    probe.close().await;
    drop(mounts);
}

/// PostgreSQL: the database becomes read-only under the running server (every session
/// ended, new ones read-only, as after a fail-over to a standby), then writable again
/// (without ending any session: connections opened read-only are renewed by the server).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_read_only_answers_503_and_recovers() {
    let Some(s) = TestServer::start(Db::Postgres).await else {
        return;
    };
    let admin = AnyPool::connect(&std::env::var("CLIENTBOOK_TEST_POSTGRES_URL").unwrap())
        .await
        .unwrap();
    let name: String = sqlx::query("SELECT CAST(current_database() AS TEXT)")
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get(0);
    let client = s.signed_in("rm01").await;
    let customer = a_customer_of(s.pool(), "rm01").await;
    let mut acked = vec![];
    for n in 0..3 {
        let text = format!("before-{n}");
        acked.push(acknowledged(add_note(&client, &s.base, customer, &text).await, &text).await);
    }

    admin
        .execute(format!("ALTER DATABASE {name} SET default_transaction_read_only = on").as_str())
        .await
        .unwrap();
    sqlx::query(
        "SELECT CAST(COUNT(pg_terminate_backend(pid)) AS BIGINT) FROM pg_stat_activity \
         WHERE datname = $1 AND pid <> pg_backend_pid()",
    )
    .bind(&name)
    .fetch_one(&admin)
    .await
    .unwrap();
    writes_are_refused_clearly(&client, &s.base, customer).await;
    assert_eq!(
        notes_like(s.pool(), "refused-").await,
        0,
        "a refused note was stored"
    );

    admin
        .execute(format!("ALTER DATABASE {name} RESET default_transaction_read_only").as_str())
        .await
        .unwrap();
    writes_recover(&client, &s.base, customer, &mut acked).await;
    assert_stored_once_with_audit(s.pool(), &acked).await;
    assert_eq!(notes_like(s.pool(), "refused-").await, 0);
    admin.close().await;
}
