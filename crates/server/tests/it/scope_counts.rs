//! The live-customer count of every scope (each RM, each branch, the bank) that the
//! database keeps beside the writes (migration 0018), on SQLite and PostgreSQL: it equals
//! `COUNT(*)` after the demo generation, an import (new customers, and one moved to
//! another RM and branch), a merge and its undoing, a reassignment between RMs through
//! the API and between branches, a delete, random sequences of such writes, a backup
//! restored, and (PostgreSQL) concurrent writers, none of which deadlocks; the first page
//! of `GET /api/customers` and `GET /api/scope` answer it.

use crate::common::{Db, TestServer};
use clientbook_domain::{BranchId, UserId};
use clientbook_server::storage::CountedScope;
use serde_json::{json, Value};
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;

on_both_databases!(
    kept_counts_follow_imports_merges_moves_and_deletes,
    kept_counts_follow_random_sequences_of_writes,
    kept_counts_survive_a_backup_and_restore,
    the_first_page_and_the_scope_answer_the_kept_count,
);

type Counts = BTreeMap<(String, i64), i64>;

async fn counts(pool: &AnyPool, sql: &str) -> Counts {
    sqlx::query(sql)
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                (r.get::<String, _>(0), r.get::<i64, _>(1)),
                r.get::<i64, _>(2),
            )
        })
        .collect()
}

/// Every scope's kept count (scopes holding nobody left out), and the same counted.
async fn kept_and_counted(pool: &AnyPool) -> (Counts, Counts) {
    let kept = counts(
        pool,
        "SELECT scope, scope_id, CAST(SUM(customers) AS BIGINT) FROM scope_counts \
         GROUP BY scope, scope_id HAVING SUM(customers) <> 0",
    )
    .await;
    let counted = counts(
        pool,
        "SELECT CAST('rm' AS TEXT), rm_id, CAST(COUNT(*) AS BIGINT) FROM customers \
         WHERE merged_into IS NULL GROUP BY rm_id \
         UNION ALL SELECT CAST('branch' AS TEXT), branch_id, CAST(COUNT(*) AS BIGINT) FROM customers \
         WHERE merged_into IS NULL GROUP BY branch_id \
         UNION ALL SELECT CAST('bank' AS TEXT), CAST(0 AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM customers \
         WHERE merged_into IS NULL HAVING COUNT(*) > 0",
    )
    .await;
    (kept, counted)
}

async fn assert_kept(pool: &AnyPool, after: &str) -> Counts {
    let (kept, counted) = kept_and_counted(pool).await;
    assert_eq!(kept, counted, "kept counts against COUNT(*) after {after}");
    assert!(kept.contains_key(&("bank".to_owned(), 0)), "after {after}");
    kept
}

async fn one(s: &TestServer, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

async fn exec(pool: &AnyPool, sql: &str) {
    sqlx::query(sql)
        .execute(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Upload a customers file as the admin, wait until it is checked, commit it.
async fn import(s: &TestServer, file: &str) {
    let client = s.signed_in("admin").await;
    let summary =
        crate::import::import_as(s, &client, "customers", "counts.csv", file.into()).await;
    let r = client
        .post(s.url(&format!("/api/imports/{}/commit", summary.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

const HEADER: &str = "customer_no,name,id_number,phone,birth_date,rm_username\n";

async fn kept_counts_follow_imports_merges_moves_and_deletes(s: TestServer) {
    let pool = s.pool();
    let start = assert_kept(pool, "the demo generation").await;
    let bank = start[&("bank".to_owned(), 0)];
    assert_eq!(bank, i64::from(crate::common::CUSTOMERS));

    // An import: three new customers.
    import(
        &s,
        &format!(
            "{HEADER}KC01,张三丰,11010519491231002X,13800138000,1949-12-31,rm01\n\
             KC02,李四,110105198001010016,13900139000,1980-01-01,rm01\n\
             KC03,王五,110105199006150020,13700137000,1990-06-15,rm02\n"
        ),
    )
    .await;
    let kept = assert_kept(pool, "an import of three customers").await;
    assert_eq!(kept[&("bank".to_owned(), 0)], bank + 3);

    // The same file again with KC03 under an RM of another branch: an update moving it.
    let other: String = sqlx::query(
        "SELECT username FROM users WHERE role = 'RelationshipManager' AND branch_id <> \
         (SELECT branch_id FROM users WHERE username = 'rm02') ORDER BY id LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap()
    .get(0);
    let kc03 = "SELECT branch_id FROM customers WHERE customer_no = 'KC03'";
    let branch_before = one(&s, kc03).await;
    import(
        &s,
        &format!("{HEADER}KC03,王五,110105199006150020,13700137000,1990-06-15,{other}\n"),
    )
    .await;
    assert_ne!(one(&s, kc03).await, branch_before, "moved by the import");
    assert_kept(pool, "an import moving a customer to another branch").await;

    // A merge through the API: the duplicate retires from every scope.
    let manager = s.signed_in("manager01").await;
    let branch = one(
        &s,
        "SELECT branch_id FROM users WHERE username = 'manager01'",
    )
    .await;
    let ids = s
        .ids(&format!(
            "SELECT id FROM customers WHERE branch_id = {branch} AND household_id IS NULL \
             AND merged_into IS NULL ORDER BY id LIMIT 3"
        ))
        .await;
    let (kept_id, dup) = (ids[0], ids[1]);
    let p: Value = s
        .get_json(
            &manager,
            &format!("/api/customers/{kept_id}/merge-preview?other={dup}"),
        )
        .await;
    let r = manager
        .post(s.url(&format!("/api/customers/{kept_id}/merge")))
        .json(&json!({"duplicate": dup, "take_from_duplicate": [],
            "version": p["kept"]["version"], "duplicate_version": p["duplicate"]["version"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let kept = assert_kept(pool, "a merge").await;
    assert_eq!(kept[&("bank".to_owned(), 0)], bank + 2);

    // The merge undone (merged_into cleared): back in its scopes.
    exec(
        pool,
        &format!("UPDATE customers SET merged_into = NULL WHERE id = {dup}"),
    )
    .await;
    assert_kept(pool, "a merge undone").await;

    // A reassignment to another RM of the branch through the API.
    let moved = ids[2];
    let (rm, version) = (
        one(
            &s,
            &format!("SELECT rm_id FROM customers WHERE id = {moved}"),
        )
        .await,
        one(
            &s,
            &format!("SELECT version FROM customers WHERE id = {moved}"),
        )
        .await,
    );
    let to = one(
        &s,
        &format!(
            "SELECT id FROM users WHERE role = 'RelationshipManager' AND branch_id = {branch} \
             AND id <> {rm} AND disabled = 0 ORDER BY id LIMIT 1"
        ),
    )
    .await;
    let r = manager
        .put(s.url(&format!("/api/customers/{moved}/owner")))
        .json(&json!({"rm_id": to, "version": version}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_kept(pool, "a reassignment between RMs").await;

    // A move to another branch and RM in one statement, and one that changes nothing
    // the counts depend on.
    exec(
        pool,
        &format!(
            "UPDATE customers SET rm_id = (SELECT id FROM users WHERE username = '{other}'), \
             branch_id = (SELECT branch_id FROM users WHERE username = '{other}') WHERE id = {moved}"
        ),
    )
    .await;
    exec(
        pool,
        &format!("UPDATE customers SET rm_id = rm_id, name = name WHERE id = {kept_id}"),
    )
    .await;
    assert_kept(pool, "a move between branches").await;

    // A delete (a customer imported with nothing hanging off it but confirmations).
    let gone = one(&s, "SELECT id FROM customers WHERE customer_no = 'KC01'").await;
    exec(
        pool,
        &format!("DELETE FROM field_confirmations WHERE customer_id = {gone}"),
    )
    .await;
    exec(pool, &format!("DELETE FROM customers WHERE id = {gone}")).await;
    let kept = assert_kept(pool, "a delete").await;
    assert_eq!(kept[&("bank".to_owned(), 0)], bank + 2);

    // What the server reads is the same, folded or not.
    s.storage.fold_scope_counts().await.unwrap();
    let after_fold = assert_kept(pool, "a fold").await;
    assert_eq!(after_fold, kept);
    for ((scope, id), n) in &kept {
        let counted = match scope.as_str() {
            "rm" => CountedScope::Rm(UserId(*id)),
            "branch" => CountedScope::Branch(BranchId(*id)),
            _ => CountedScope::Bank,
        };
        assert_eq!(s.storage.kept_count(counted).await.unwrap(), *n as u64);
    }
}

/// A small deterministic generator (xorshift): the same sequences on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

async fn kept_counts_follow_random_sequences_of_writes(s: TestServer) {
    let pool = s.pool();
    let customers = s.ids("SELECT id FROM customers ORDER BY id").await;
    let rms: Vec<(i64, i64)> = sqlx::query(
        "SELECT id, branch_id FROM users WHERE role = 'RelationshipManager' ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect();
    let branches = s.ids("SELECT id FROM branches ORDER BY id").await;
    for seed in [1u64, 7, 2026] {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        for step in 0..60 {
            let c = customers[rng.below(customers.len())];
            let d = customers[rng.below(customers.len())];
            let (rm, rm_branch) = rms[rng.below(rms.len())];
            let b = branches[rng.below(branches.len())];
            // Several customers in one statement, some of them unchanged.
            let few = (0..1 + rng.below(5))
                .map(|_| customers[rng.below(customers.len())].to_string())
                .collect::<Vec<_>>()
                .join(",");
            let sql = match rng.below(7) {
                0 => format!("UPDATE customers SET rm_id = {rm}, branch_id = {rm_branch} WHERE id = {c}"),
                1 => format!("UPDATE customers SET rm_id = {rm} WHERE id IN ({few})"),
                2 => format!("UPDATE customers SET branch_id = {b} WHERE id IN ({few})"),
                3 if c != d => format!("UPDATE customers SET merged_into = {d} WHERE id = {c}"),
                4 => format!("UPDATE customers SET merged_into = NULL WHERE id IN ({few})"),
                5 => format!(
                    "UPDATE customers SET merged_into = CASE WHEN merged_into IS NULL THEN {d} END, \
                     rm_id = {rm} WHERE id IN ({few}) AND id <> {d}"
                ),
                _ => {
                    s.storage.fold_scope_counts().await.unwrap();
                    continue;
                }
            };
            exec(pool, &sql).await;
            if step % 5 == 0 {
                assert_kept(pool, &format!("seed {seed} step {step}: {sql}")).await;
            }
        }
        assert_kept(pool, &format!("seed {seed}")).await;
    }
}

async fn kept_counts_survive_a_backup_and_restore(s: TestServer) {
    use crate::backup::{drop_restored, live_url, restore_fresh, take_backup};
    let pool = s.pool();
    // Some writes first, so the restored counts are not just the migration's.
    let ids = s
        .ids("SELECT id FROM customers WHERE household_id IS NULL ORDER BY id LIMIT 2")
        .await;
    exec(
        pool,
        &format!(
            "UPDATE customers SET merged_into = {} WHERE id = {}",
            ids[0], ids[1]
        ),
    )
    .await;
    exec(
        pool,
        "UPDATE customers SET rm_id = (SELECT MIN(id) FROM users WHERE role = 'RelationshipManager') \
         WHERE id IN (SELECT id FROM customers ORDER BY id DESC LIMIT 5)",
    )
    .await;
    let before = assert_kept(pool, "the writes before the backup").await;
    let dir = std::env::temp_dir().join(format!(
        "cb_counts_restore_{}_{}",
        std::process::id(),
        s.base.rsplit(':').next().unwrap()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let url = live_url(&s).await;
    let file = take_backup(&s, &url, &dir).await;
    let restored_url = restore_fresh(&s, &file, &dir).await;
    let restored = AnyPool::connect(&restored_url).await.unwrap();
    assert_eq!(assert_kept(&restored, "a restore").await, before);
    // The restored database keeps counting.
    exec(
        &restored,
        &format!(
            "UPDATE customers SET merged_into = NULL WHERE id = {}",
            ids[1]
        ),
    )
    .await;
    assert_kept(&restored, "a write after the restore").await;
    restored.close().await;
    drop_restored(&s, &restored_url).await;
    let _ = std::fs::remove_dir_all(&dir);
}

async fn the_first_page_and_the_scope_answer_the_kept_count(s: TestServer) {
    let rm01 = one(&s, "SELECT id FROM users WHERE username = 'rm01'").await;
    let branch = one(
        &s,
        "SELECT branch_id FROM users WHERE username = 'manager01'",
    )
    .await;
    // A retired customer of rm01: in no count.
    let ids = s
        .ids(&format!(
            "SELECT id FROM customers WHERE rm_id = {rm01} AND household_id IS NULL ORDER BY id LIMIT 2"
        ))
        .await;
    exec(
        s.pool(),
        &format!(
            "UPDATE customers SET merged_into = {} WHERE id = {}",
            ids[0], ids[1]
        ),
    )
    .await;
    let rm_only = format!("c.rm_id = {rm01}");
    let branch_only = format!("c.branch_id = {branch}");
    let cases: [(&str, String, String); 8] = [
        ("rm01", String::new(), rm_only.clone()),
        ("rm01", format!("&rm={rm01}"), rm_only.clone()),
        ("manager01", String::new(), branch_only.clone()),
        ("compliance01", String::new(), "1 = 1".into()),
        ("compliance01", format!("&rm={rm01}"), rm_only.clone()),
        (
            "compliance01",
            format!("&branch={branch}"),
            branch_only.clone(),
        ),
        // Counted by SQL: filters no kept count holds.
        (
            "compliance01",
            "&risk_level=C3".into(),
            "c.risk_level = 'C3'".into(),
        ),
        (
            "compliance01",
            format!("&rm={rm01}&branch={branch}"),
            format!("{rm_only} AND {branch_only}"),
        ),
    ];
    for (user, query, cond) in cases {
        let want = one(
            &s,
            &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM customers c WHERE c.merged_into IS NULL AND {cond}"),
        )
        .await;
        let client = s.signed_in(user).await;
        let page: Value = s
            .get_json(&client, &format!("/api/customers?limit=5{query}"))
            .await;
        assert_eq!(page["total"].as_i64(), Some(want), "{user} {query}: {page}");
        // The next page carries the first page's total.
        if want > 5 {
            let cursor = page["next_cursor"].as_str().unwrap();
            let next: Value = s
                .get_json(
                    &client,
                    &format!("/api/customers?limit=5{query}&cursor={cursor}"),
                )
                .await;
            assert_eq!(next["total"].as_i64(), Some(want), "{user} {query} next");
        }
        if query.is_empty() {
            let size: Value = s.get_json(&client, "/api/scope").await;
            assert_eq!(size["customers"].as_i64(), Some(want), "{user} /api/scope");
        }
    }
    let admin = s.signed_in("admin").await;
    let size: Value = s.get_json(&admin, "/api/scope").await;
    assert_eq!(
        size["customers"].as_i64(),
        Some(0),
        "the admin sees no customer"
    );
}

/// Writers in two branches at once on PostgreSQL, each moving its own customers between
/// RMs (of any branch: the counts of several RMs in each transaction, in random orders)
/// and retiring and restoring them, while another task folds the deltas and reads the
/// counts. Counters updated in place would take the RMs' rows in opposite orders and
/// deadlock; the deltas take no lock. No transaction may fail, and the counts must add up.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_on_postgres_neither_deadlock_nor_miscount() {
    let Some(s) = TestServer::start(Db::Postgres).await else {
        return;
    };
    let s = std::sync::Arc::new(s);
    let rms = s
        .ids("SELECT id FROM users WHERE role = 'RelationshipManager' ORDER BY id")
        .await;
    let branches = s
        .ids("SELECT DISTINCT branch_id FROM customers ORDER BY branch_id")
        .await;
    assert!(
        branches.len() >= 2 && rms.len() >= 3,
        "{branches:?} {rms:?}"
    );
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let folder = {
        let (s, stop) = (s.clone(), stop.clone());
        tokio::spawn(async move {
            let mut folds = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                s.storage.fold_scope_counts().await.expect("a fold");
                s.storage
                    .kept_count(CountedScope::Bank)
                    .await
                    .expect("a read");
                folds += 1;
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            folds
        })
    };
    let mut writers = vec![];
    for w in 0..6usize {
        let branch = branches[w % 2];
        let mine = s
            .ids(&format!(
                "SELECT id FROM customers WHERE branch_id = {branch} ORDER BY id LIMIT 8 OFFSET {}",
                (w / 2) * 8
            ))
            .await;
        let (s, rms) = (s.clone(), rms.clone());
        writers.push(tokio::spawn(async move {
            let mut rng = Rng(0x5EED ^ ((w as u64 + 1) << 20) | 1);
            for _ in 0..25 {
                let mut tx = s.pool().begin().await.expect("begin");
                for _ in 0..3 {
                    // Never the customer the others are retired into.
                    let c = mine[1 + rng.below(mine.len() - 1)];
                    let sql = match rng.below(3) {
                        0 => format!(
                            "UPDATE customers SET merged_into = CASE WHEN merged_into IS NULL \
                             THEN {} END WHERE id = {c}",
                            mine[0]
                        ),
                        _ => format!(
                            "UPDATE customers SET rm_id = {} WHERE id = {c}",
                            rms[rng.below(rms.len())]
                        ),
                    };
                    sqlx::query(&sql)
                        .execute(&mut *tx)
                        .await
                        .unwrap_or_else(|e| panic!("writer {w}: {sql}: {e}"));
                }
                tx.commit().await.expect("commit");
            }
        }));
    }
    for w in writers {
        w.await.expect("a writer finished without error");
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let folds = folder.await.unwrap();
    assert!(folds > 0);
    assert_kept(s.pool(), "concurrent writers").await;
    s.storage.fold_scope_counts().await.unwrap();
    let rows = one(&s, "SELECT CAST(COUNT(*) AS BIGINT) FROM scope_counts").await;
    let scopes = kept_and_counted(s.pool()).await.0.len() as i64;
    assert!(
        rows <= scopes,
        "folded to a row per scope: {rows} rows, {scopes} scopes"
    );
    assert_kept(s.pool(), "the last fold").await;
}
