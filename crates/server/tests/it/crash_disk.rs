//! Regression tests for what the crash suite (`examples/crash`) and the disk-full check
//! found (issue 13, see RELIABILITY.md): concurrent writers on SQLite were refused with
//! "database is locked" (a deferred transaction cannot wait to upgrade to a writer), and a
//! database that cannot store a write answered 500. Now write transactions take SQLite's
//! write lock at their start, and a full disk answers 503 `storage_unavailable` with
//! `Retry-After`, loses nothing acknowledged and recovers when space returns.

use crate::common::notes::{a_customer_of, add_note, assert_stored_once_with_audit};
use crate::common::{error_of, Db, TestServer};
use clientbook_server::config::Config;
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::{AnyPool, Row};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

on_both_databases!(concurrent_writers_are_all_stored_with_their_audit_entries);

/// Twenty writes at once on one customer (more than the pool's connections): every one
/// is stored. With a deferred `BEGIN` on SQLite, a transaction that had read the
/// customer could not wait for another's write lock and failed at once.
async fn concurrent_writers_are_all_stored_with_their_audit_entries(s: TestServer) {
    let client = s.signed_in("rm01").await;
    let customer = a_customer_of(s.pool(), "rm01").await;
    let writes = (0..20).map(|i| {
        let (client, s) = (&client, &s);
        async move {
            let text = format!("concurrent-{i}");
            let r = add_note(client, &s.url(""), customer, &text).await;
            let status = r.status();
            let body: Value = r.json().await.unwrap_or_default();
            (status, body, text)
        }
    });
    let answers = futures_util::future::join_all(writes).await;
    let mut acked = vec![];
    for (status, body, text) in answers {
        assert_eq!(status, StatusCode::CREATED, "{text}: {body}");
        acked.push((body["id"].as_i64().expect("note id"), text));
    }
    assert_stored_once_with_audit(s.pool(), &acked).await;
}

/// A small tmpfs of our own, unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    /// `None` (and a message) where this machine cannot mount one (not root, or no
    /// mount permission in a container).
    fn mount(dir: &Path, megabytes: u32) -> Option<SmallDisk> {
        std::fs::create_dir_all(dir).unwrap();
        let done = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(dir)
            .output();
        match done {
            Ok(o) if o.status.success() => Some(SmallDisk(dir.to_owned())),
            Ok(o) => {
                eprintln!(
                    "skipped: cannot mount a small filesystem here ({})",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount ({e})");
                None
            }
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Fills the filesystem holding `file` until it refuses another byte.
fn fill(file: &Path) {
    let mut f = std::fs::File::create(file).unwrap();
    let block = vec![7u8; 64 * 1024];
    while f.write_all(&block).is_ok() {}
    let _ = f.write_all(&[7]);
    let _ = f.sync_all();
}

/// SQLite on a 24 MiB tmpfs: written until the disk is full, every write either
/// acknowledged and stored or refused with 503 `storage_unavailable` (JSON, with
/// `Retry-After`), never a 500; with space back, writes are stored again and everything
/// acknowledged is there once, with its audit entry, in a database that passes
/// `integrity_check`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_answers_503_loses_nothing_acknowledged_and_recovers() {
    let dir = std::env::temp_dir().join(format!("cb-disk-full-{}", std::process::id()));
    let Some(disk) = SmallDisk::mount(&dir, 24) else {
        return;
    };
    let url = format!("sqlite://{}/cb.sqlite", disk.0.display());
    let Some(s) = TestServer::start_with(Db::Sqlite, |c| {
        c.database_url = Config::for_database(&url).database_url;
    })
    .await
    else {
        return;
    };
    sqlx::any::install_default_drivers();
    let pool = AnyPool::connect(&url).await.unwrap();
    let client = s.signed_in("rm01").await;
    let customer = a_customer_of(&pool, "rm01").await;
    let mut acked = vec![];
    let note = |n: usize| format!("disk-{n}-{}", "x".repeat(1500));
    for n in 0..5 {
        let text = note(n);
        let r = add_note(&client, &s.url(""), customer, &text).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        acked.push((
            r.json::<Value>().await.unwrap()["id"].as_i64().unwrap(),
            text,
        ));
    }
    let filler = disk.0.join("filler");
    fill(&filler);
    let mut refused = 0;
    for n in 5..400 {
        let text = note(n);
        let r = add_note(&client, &s.url(""), customer, &text).await;
        match r.status() {
            StatusCode::CREATED => {
                acked.push((
                    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap(),
                    text,
                ));
            }
            StatusCode::SERVICE_UNAVAILABLE => {
                assert!(r.headers().contains_key("retry-after"));
                let (_, body) = error_of(r).await;
                assert_eq!(body.code, "storage_unavailable");
                assert!(
                    body.message.contains("nothing was saved"),
                    "{}",
                    body.message
                );
                refused += 1;
                if refused >= 5 {
                    break;
                }
            }
            other => panic!(
                "a write on a full disk answered {other}: {:?}",
                r.text().await
            ),
        }
    }
    assert!(refused >= 5, "the full disk refused no write");
    std::fs::remove_file(&filler).unwrap();
    let mut recovered = false;
    for n in 400..420 {
        let text = note(n);
        let r = add_note(&client, &s.url(""), customer, &text).await;
        if r.status() == StatusCode::CREATED {
            acked.push((
                r.json::<Value>().await.unwrap()["id"].as_i64().unwrap(),
                text,
            ));
            recovered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        recovered,
        "writes were not stored again once space returned"
    );
    assert_stored_once_with_audit(&pool, &acked).await;
    let integrity: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(integrity, "ok");
    pool.close().await;
    drop(s);
    drop(disk);
}
