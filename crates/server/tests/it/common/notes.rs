//! Notes written under faults (a full disk, a read-only database) and checked afterwards:
//! each acknowledged note stored once, with exactly one audit entry.

use serde_json::json;
use sqlx::{AnyPool, Row};

/// The first customer (by id) in `username`'s book.
pub async fn a_customer_of(pool: &AnyPool, username: &str) -> i64 {
    sqlx::query(
        "SELECT c.id FROM customers c JOIN users u ON u.id = c.rm_id WHERE u.username = $1 \
         ORDER BY c.id LIMIT 1",
    )
    .bind(username)
    .fetch_one(pool)
    .await
    .expect("a customer")
    .get(0)
}

/// A note with `text` on `customer`, through the server at `base`.
pub async fn add_note(
    client: &reqwest::Client,
    base: &str,
    customer: i64,
    text: &str,
) -> reqwest::Response {
    client
        .post(format!("{base}/api/customers/{customer}/notes"))
        .json(&json!({ "text": text }))
        .send()
        .await
        .expect("an answer")
}

/// Each acknowledged note (id, text) found once, with exactly one audit entry.
pub async fn assert_stored_once_with_audit(pool: &AnyPool, acked: &[(i64, String)]) {
    for (id, text) in acked {
        let n: i64 = sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) FROM notes WHERE body = $1")
            .bind(text)
            .fetch_one(pool)
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 1, "note {text} stored {n} times");
        let audits: i64 = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'create_note' AND detail = $1",
        )
        .bind(format!("note={id}"))
        .fetch_one(pool)
        .await
        .unwrap()
        .get(0);
        assert_eq!(audits, 1, "note {id} has {audits} audit entries");
    }
}
