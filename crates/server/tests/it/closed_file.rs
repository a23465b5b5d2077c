//! A stopped server leaves one file on SQLite (RELIABILITY.md, finding 15): every write
//! is in the database file itself once `Storage::close` returns, even when another
//! connection to the file is still open then. A copy of the file alone (the end-to-end
//! lanes copy a template bank so) must not lose the last writes to the write-ahead log
//! beside it.

use clientbook_server::storage::Storage;
use sqlx::{AnyConnection, Connection, Executor, Row};

const INSERT: &str = "INSERT INTO audit_log (at, username, action, fields) VALUES (1, 'closed-file-test', 'read_customer', '')";
const COUNT: &str = "SELECT COUNT(*) FROM audit_log WHERE username = 'closed-file-test'";

#[tokio::test]
async fn sqlite_a_closed_storage_leaves_every_write_in_the_file() {
    let dir = std::env::temp_dir().join(format!("cb-closed-file-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = |name: &str| format!("sqlite://{}", dir.join(name).display());
    let storage = Storage::connect(&url("bank.sqlite")).await.unwrap();
    // A reader that outlives the pools, as a task's connection at shutdown did; it read
    // once, so it has the file and its log open.
    let mut reader = AnyConnection::connect(&url("bank.sqlite")).await.unwrap();
    reader.execute("PRAGMA query_only = ON").await.unwrap();
    reader.execute(COUNT).await.unwrap();
    storage.writer().execute(INSERT).await.unwrap();
    storage.close().await;

    // The file alone, as a copy made now would be (the log left out).
    std::fs::copy(dir.join("bank.sqlite"), dir.join("copy.sqlite")).unwrap();
    let mut copy = AnyConnection::connect(&url("copy.sqlite")).await.unwrap();
    let row = sqlx::query(COUNT)
        .fetch_one(&mut copy)
        .await
        .expect("the copy has the audit log: the migrations are in the file");
    assert_eq!(row.get::<i64, _>(0), 1, "the last write is in the file");
    copy.close().await.unwrap();
    reader.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
