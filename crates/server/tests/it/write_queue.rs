//! Writes on SQLite go through one writer connection, taken in turn in the process
//! (`Storage`'s doc): a write through the read pool by mistake is refused, not quietly
//! let past the queue, and audited reads (each one a write) and contact writes at once
//! all succeed, every read's audit entry stored. PostgreSQL has no such queue: its read
//! and write pools are one.

use crate::common::{as_of, Db, TestServer};
use sqlx::Executor;

const INSERT: &str = "INSERT INTO audit_log (at, username, action, fields) VALUES (1, 'write-queue-test', 'read_customer', '')";

async fn a_write_must_take_the_writer(db: Db) {
    let Some(s) = TestServer::start(db).await else {
        return;
    };
    let through_reads = s.storage.pool().execute(INSERT).await;
    match db {
        Db::Sqlite => {
            let e = through_reads.expect_err("the read pool refuses a write");
            assert!(e.to_string().contains("readonly"), "{e}");
        }
        Db::Postgres => {
            through_reads.expect("one pool on PostgreSQL");
        }
    }
    s.storage.writer().execute(INSERT).await.unwrap();
    let stored = s
        .ids("SELECT COUNT(*) FROM audit_log WHERE username = 'write-queue-test'")
        .await[0];
    assert_eq!(stored, if db == Db::Sqlite { 1 } else { 2 });
}

#[tokio::test]
async fn sqlite_a_write_must_take_the_writer() {
    a_write_must_take_the_writer(Db::Sqlite).await;
}

#[tokio::test]
async fn postgres_a_write_must_take_the_writer() {
    a_write_must_take_the_writer(Db::Postgres).await;
}

/// 16 sessions at once, each opening 12 customer pages and writing 3 contacts: every
/// answer a success, and one `ReadCustomer` audit entry per page answered.
async fn audited_reads_and_writes_at_once_all_succeed(db: Db) {
    let Some(s) = TestServer::start(db).await else {
        return;
    };
    let customers = s
        .ids("SELECT c.id FROM customers c JOIN users u ON u.id = c.rm_id WHERE u.username = 'rm01' AND c.merged_into IS NULL ORDER BY c.id")
        .await;
    assert!(customers.len() >= 8);
    let reads_before = s
        .ids("SELECT COUNT(*) FROM audit_log WHERE action = 'read_customer'")
        .await[0];
    let mut tasks = vec![];
    for w in 0..16usize {
        let client = s.signed_in("rm01").await;
        let base = s.url("/api/customers");
        let customers = customers.clone();
        tasks.push(tokio::spawn(async move {
            let mut answers = vec![];
            for k in 0..15usize {
                let id = customers[(w * 15 + k) % customers.len()];
                let r = if k % 5 == 4 {
                    client
                        .post(format!("{base}/{id}/interactions"))
                        .json(&serde_json::json!({
                            "kind": "Call", "channel": "Phone", "occurred_on": as_of(),
                            "outcome": "Interested", "note": "write queue"
                        }))
                        .send()
                        .await
                } else {
                    client.get(format!("{base}/{id}")).send().await
                }
                .unwrap();
                answers.push((r.status().as_u16(), r.text().await.unwrap()));
            }
            answers
        }));
    }
    for t in tasks {
        for (status, body) in t.await.unwrap() {
            assert!((200..300).contains(&status), "{status} {body}");
        }
    }
    let reads_after = s
        .ids("SELECT COUNT(*) FROM audit_log WHERE action = 'read_customer'")
        .await[0];
    assert_eq!(reads_after - reads_before, 16 * 12);
    let notes = s
        .ids("SELECT COUNT(*) FROM interactions WHERE note = 'write queue'")
        .await[0];
    assert_eq!(notes, 16 * 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_audited_reads_and_writes_at_once_all_succeed() {
    audited_reads_and_writes_at_once_all_succeed(Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_audited_reads_and_writes_at_once_all_succeed() {
    audited_reads_and_writes_at_once_all_succeed(Db::Postgres).await;
}
