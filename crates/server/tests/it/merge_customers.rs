//! Merging two existing customers (docs/rules.md, Merging customers) on SQLite and
//! PostgreSQL: the preview shows both side by side; the merge moves every record that
//! hangs off the duplicate to the kept customer in one transaction, retires the
//! duplicate (kept, "merged into"), and is audited on both; a relationship manager
//! cannot merge, a branch manager cannot reach another branch, and a refused merge
//! writes nothing.

use crate::common::{Db, TestServer};
use serde_json::{json, Value};
use sqlx::Row;

/// Tables with a customer's history, as the merge moves them.
const HISTORY: &[&str] = &[
    "holdings",
    "interactions",
    "surveys",
    "complaints",
    "notes",
    "care_markers",
    "opportunities",
    "meetings",
];

async fn count(s: &TestServer, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

async fn history_of(s: &TestServer, id: i64) -> Vec<i64> {
    let mut out = vec![];
    for t in HISTORY.iter().chain(["monthly_history"].iter()) {
        out.push(
            count(
                s,
                &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM {t} WHERE customer_id = {id}"),
            )
            .await,
        );
    }
    out
}

/// Two customers of branch `branch`, in no household.
async fn two_of_branch(s: &TestServer, branch: i64) -> (i64, i64) {
    let ids: Vec<i64> = sqlx::query(&format!(
        "SELECT id FROM customers WHERE branch_id = {branch} AND household_id IS NULL ORDER BY id LIMIT 2"
    ))
    .fetch_all(s.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect();
    (ids[0], ids[1])
}

async fn preview(s: &TestServer, c: &reqwest::Client, kept: i64, other: &str) -> reqwest::Response {
    c.get(s.url(&format!(
        "/api/customers/{kept}/merge-preview?other={other}"
    )))
    .send()
    .await
    .unwrap()
}

async fn merge(s: &TestServer, c: &reqwest::Client, kept: i64, body: Value) -> reqwest::Response {
    c.post(s.url(&format!("/api/customers/{kept}/merge")))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn versions(s: &TestServer, k: i64, d: i64) -> (i64, i64) {
    let v = |id: i64| format!("SELECT version FROM customers WHERE id = {id}");
    (count(s, &v(k)).await, count(s, &v(d)).await)
}

async fn merges_audited(s: &TestServer) -> i64 {
    count(
        s,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'merge_customers'",
    )
    .await
}

async fn a_merge_moves_all_history_to_the_kept_customer_and_retires_the_duplicate(s: TestServer) {
    let (kept, dup) = two_of_branch(&s, 1).await;
    // A note on the duplicate, so notes are among what moves.
    let rm: i64 = count(&s, &format!("SELECT rm_id FROM customers WHERE id = {dup}")).await;
    let note = count(&s, "SELECT COALESCE(MAX(id), 0) + 1 FROM notes").await;
    sqlx::query("INSERT INTO notes (id, customer_id, author_id, written_at, body) VALUES ($1, $2, $3, 0, 'met at the branch')")
        .bind(note)
        .bind(dup)
        .bind(rm)
        .execute(s.pool())
        .await
        .unwrap();
    let (k_before, d_before) = (history_of(&s, kept).await, history_of(&s, dup).await);
    assert!(
        d_before.iter().sum::<i64>() > 0,
        "the duplicate has a history"
    );
    let aum = |id: i64| format!("SELECT aum FROM customers WHERE id = {id}");
    let (k_aum, d_aum) = (count(&s, &aum(kept)).await, count(&s, &aum(dup)).await);
    let d_phone: String = sqlx::query(&format!("SELECT phone FROM customers WHERE id = {dup}"))
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get(0);

    let manager = s.signed_in("manager01").await;
    let r = preview(&s, &manager, kept, &dup.to_string()).await;
    assert_eq!(r.status(), 200);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["kept"]["id"], kept);
    assert_eq!(p["duplicate"]["id"], dup);
    let phone = p["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "phone")
        .unwrap();
    assert_eq!(phone["differs"], true);
    assert!(
        phone["duplicate"].as_str().unwrap().contains("****"),
        "masked: {phone}"
    );
    // Each side's identity document, masked: each record keeps its own.
    for side in ["kept", "duplicate"] {
        assert!(p[side]["id_type"].is_string(), "{p}");
        let number = p[side]["id_number"].as_str().unwrap();
        assert!(number.contains('*'), "masked: {number}");
    }
    assert_eq!(
        p["duplicate"]["history_records"],
        d_before.iter().sum::<i64>()
    );

    let body = json!({
        "duplicate": dup,
        "take_from_duplicate": ["phone"],
        "version": p["kept"]["version"],
        "duplicate_version": p["duplicate"]["version"],
    });
    let r = merge(&s, &manager, kept, body).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let done: Value = r.json().await.unwrap();
    assert_eq!(done["retired"], dup);

    // Every record of the duplicate is the kept customer's now; months both had are one.
    let (k_after, d_after) = (history_of(&s, kept).await, history_of(&s, dup).await);
    assert!(d_after.iter().all(|n| *n == 0), "{d_after:?}");
    for i in 0..HISTORY.len() {
        assert_eq!(k_after[i], k_before[i] + d_before[i], "{}", HISTORY[i]);
    }
    assert!(k_after[HISTORY.len()] >= k_before[HISTORY.len()].max(d_before[HISTORY.len()]));
    assert_eq!(
        count(&s, &aum(kept)).await,
        k_aum + d_aum,
        "AUM follows the holdings"
    );
    let phone: String = sqlx::query(&format!("SELECT phone FROM customers WHERE id = {kept}"))
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(phone, d_phone, "the chosen value won");
    // Retired, not deleted: findable as merged into the kept one; gone from every scope.
    assert_eq!(
        count(
            &s,
            &format!("SELECT merged_into FROM customers WHERE id = {dup}")
        )
        .await,
        kept
    );
    let rm_client = s.signed_in(&format!("rm{:02}", rm)).await;
    let r = rm_client
        .get(s.url(&format!("/api/customers/{dup}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        preview(&s, &manager, kept, &dup.to_string()).await.status(),
        404
    );
    // Audited on both, with both ids and the field chosen.
    let details: Vec<(i64, String, String)> = sqlx::query(
        "SELECT customer_id, detail, fields FROM audit_log WHERE action = 'merge_customers' ORDER BY id",
    )
    .fetch_all(s.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2)))
    .collect();
    assert_eq!(details.len(), 2, "{details:?}");
    assert_eq!((details[0].0, details[1].0), (kept, dup));
    assert!(details[0]
        .1
        .contains(&format!("kept={kept} duplicate={dup} from_duplicate=phone")));
    assert!(details[0].2.contains("phone"));
}

async fn only_an_admin_or_the_branch_manager_merges_and_a_refused_merge_writes_nothing(
    s: TestServer,
) {
    let (a, b) = two_of_branch(&s, 1).await;
    let (c, _) = two_of_branch(&s, 2).await;
    let (va, vb) = versions(&s, a, b).await;
    let body = |dup: i64, va: i64, vd: i64| json!({"duplicate": dup, "take_from_duplicate": [], "version": va, "duplicate_version": vd});
    let before = (history_of(&s, a).await, history_of(&s, b).await);
    // A relationship manager (even of the customer) and compliance may not.
    let rm_of_a = count(&s, &format!("SELECT rm_id FROM customers WHERE id = {a}")).await;
    let rm = s.signed_in(&format!("rm{rm_of_a:02}")).await;
    assert_eq!(preview(&s, &rm, a, &b.to_string()).await.status(), 403);
    assert_eq!(merge(&s, &rm, a, body(b, va, vb)).await.status(), 403);
    let compliance = s.signed_in("compliance01").await;
    assert_eq!(
        merge(&s, &compliance, a, body(b, va, vb)).await.status(),
        403
    );
    // The branch manager of branch 1 cannot reach a customer of branch 2.
    let manager = s.signed_in("manager01").await;
    let (_, vc) = versions(&s, a, c).await;
    assert_eq!(preview(&s, &manager, a, &c.to_string()).await.status(), 404);
    assert_eq!(merge(&s, &manager, a, body(c, va, vc)).await.status(), 404);
    // A stale version, or the customer itself: refused.
    let r = merge(&s, &manager, a, body(b, va - 1, vb)).await;
    assert_eq!(r.status(), 409);
    let r = merge(&s, &manager, a, body(a, va, va)).await;
    assert_eq!(r.status(), 422);
    let r = merge(
        &s,
        &manager,
        a,
        json!({"duplicate": b, "version": va, "duplicate_version": vb, "keep": "all"}),
    )
    .await;
    assert_eq!(r.status(), 422, "an unknown field is named");
    // Nothing was written by any of them.
    assert_eq!((history_of(&s, a).await, history_of(&s, b).await), before);
    assert_eq!(versions(&s, a, b).await, (va, vb));
    assert_eq!(merges_audited(&s).await, 0);
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM customers WHERE merged_into IS NOT NULL"
        )
        .await,
        0
    );
    // The admin merges across branches.
    let admin = s.signed_in("admin").await;
    let r = preview(&s, &admin, a, &c.to_string()).await;
    assert_eq!(r.status(), 200);
    assert_eq!(merge(&s, &admin, a, body(c, va, vc)).await.status(), 200);
    assert_eq!(merges_audited(&s).await, 2);
}

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(s) = super::TestServer::start(super::Db::Sqlite).await {
                        super::$name(s).await;
                    }
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(s) = super::TestServer::start(super::Db::Postgres).await {
                        super::$name(s).await;
                    }
                }
            )*
        }
    };
}

on_both!(
    a_merge_moves_all_history_to_the_kept_customer_and_retires_the_duplicate,
    only_an_admin_or_the_branch_manager_merges_and_a_refused_merge_writes_nothing,
);
