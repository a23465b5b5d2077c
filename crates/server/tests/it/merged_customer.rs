//! A customer retired by a merge (docs/rules.md, Merging customers), on SQLite and
//! PostgreSQL: its page answers 404 `customer_merged` naming the customer it went into,
//! followed to the end of a chain of merges (A into B, then B into C: C), but only to a
//! caller who may see that survivor; anyone else gets the plain `not_found`, the same as
//! for an id that never existed. The answer is audited like a read of both customers.

use crate::common::TestServer;
use clientbook_domain::customer_merge::CustomerMergedBody;
use clientbook_domain::error_code::ErrorCode;
use serde_json::{json, Value};
use sqlx::Row;

async fn one(s: &TestServer, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

/// Merge `dup` into `kept` as `client` (versions read from the database).
async fn merge(s: &TestServer, client: &reqwest::Client, kept: i64, dup: i64) {
    let v = |id: i64| format!("SELECT version FROM customers WHERE id = {id}");
    let body = json!({
        "duplicate": dup,
        "version": one(s, &v(kept)).await,
        "duplicate_version": one(s, &v(dup)).await,
    });
    let r = client
        .post(s.url(&format!("/api/customers/{kept}/merge")))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

async fn get(s: &TestServer, client: &reqwest::Client, id: i64) -> (u16, Value) {
    let r = client
        .get(s.url(&format!("/api/customers/{id}")))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// The relationship managers (id, username) matching `condition`, in id order.
async fn rms(s: &TestServer, condition: &str) -> Vec<(i64, String)> {
    sqlx::query(&format!(
        "SELECT id, username FROM users WHERE username LIKE 'rm%' AND {condition} ORDER BY id"
    ))
    .fetch_all(s.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

async fn reads_audited(s: &TestServer, id: i64) -> i64 {
    one(
        s,
        &format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'read_customer' AND customer_id = {id}"
        ),
    )
    .await
}

/// Two RMs of one branch: the first's customer survives the chain, the second's two
/// customers are retired into it.
async fn a_retired_customer_names_its_final_survivor_only_to_those_who_may_see_it(s: TestServer) {
    let pair = rms(
        &s,
        "branch_id = (SELECT branch_id FROM users WHERE username = 'rm01')",
    )
    .await;
    assert!(pair.len() >= 2, "two RMs share rm01's branch");
    let ((keeper, keeper_name), (loser, loser_name)) = (pair[0].clone(), pair[1].clone());
    let of = |rm: i64| {
        format!("SELECT id FROM customers WHERE rm_id = {rm} AND household_id IS NULL ORDER BY id")
    };
    let c = s.ids(&of(keeper)).await[0];
    let theirs = s.ids(&of(loser)).await;
    let (a, b) = (theirs[0], theirs[1]);
    let keeper_client = s.signed_in(&keeper_name).await;
    let loser_client = s.signed_in(&loser_name).await;
    assert_eq!(get(&s, &loser_client, a).await.0, 200, "A is the loser's");

    // A into B, then B into C: a chain of two.
    let admin = s.signed_in("admin").await;
    merge(&s, &admin, b, a).await;
    merge(&s, &admin, c, b).await;
    let (c_no, c_name): (Option<String>, String) = {
        let r = sqlx::query("SELECT customer_no, name FROM customers WHERE id = $1")
            .bind(c)
            .fetch_one(s.pool())
            .await
            .unwrap();
        (r.get(0), r.get(1))
    };

    // The keeper may see C: both retired ids say where they went, C's number and name
    // (masked) with it.
    for retired in [a, b] {
        let (reads_retired, reads_c) =
            (reads_audited(&s, retired).await, reads_audited(&s, c).await);
        let (status, body) = get(&s, &keeper_client, retired).await;
        assert_eq!(status, 404, "{body}");
        let merged: CustomerMergedBody = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(merged.code, ErrorCode::CustomerMerged);
        let into = merged.merged_into.clone().expect("merged_into");
        assert_eq!(into.id, c, "the end of the chain: {body}");
        assert_eq!(into.customer_no, c_no);
        assert_ne!(into.name, c_name, "the name is masked");
        assert_eq!(
            into.name.chars().next(),
            c_name.chars().next(),
            "the surname shows"
        );
        // Audited like a read, on the retired customer and on the survivor.
        assert_eq!(reads_audited(&s, retired).await, reads_retired + 1);
        assert_eq!(reads_audited(&s, c).await, reads_c + 1);
        let detail: String = sqlx::query(
            "SELECT detail FROM audit_log WHERE action = 'read_customer' AND customer_id = $1 \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(retired)
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get(0);
        assert_eq!(detail, format!("merged_into={c}"));
    }
    // Compliance reads the whole bank: it is told too.
    let compliance = s.signed_in("compliance01").await;
    let (status, body) = get(&s, &compliance, a).await;
    assert_eq!((status, body["merged_into"]["id"].as_i64()), (404, Some(c)));

    // The loser's own former customer: its survivor is not in their book, so they get
    // the plain answer, word for word the one for an id that never existed, and no read
    // is audited.
    let never = one(&s, "SELECT MAX(id) + 1000 FROM customers").await;
    let (_, nothing) = get(&s, &loser_client, never).await;
    assert_eq!(nothing["code"], "not_found");
    for retired in [a, b] {
        let reads = reads_audited(&s, retired).await;
        let (status, body) = get(&s, &loser_client, retired).await;
        assert_eq!((status, &body), (404, &nothing), "nothing of C leaks");
        assert!(!body.to_string().contains(&c.to_string()), "{body}");
        assert_eq!(reads_audited(&s, retired).await, reads);
    }
    // An RM of another branch, and the admin (who reads no customer data): the same.
    let elsewhere = rms(
        &s,
        &format!("branch_id <> (SELECT branch_id FROM users WHERE id = {keeper})"),
    )
    .await;
    let elsewhere = s.signed_in(&elsewhere[0].1).await;
    assert_eq!(get(&s, &elsewhere, a).await, (404, nothing.clone()));
    assert_eq!(get(&s, &admin, a).await, (404, nothing.clone()));
    // The survivor itself is read as always.
    assert_eq!(get(&s, &keeper_client, c).await.0, 200);
}

/// `merged_into` is only ever written by a merge, which cannot make a loop; if the
/// database holds one anyway (a hand edit), the page answers not found, promptly.
async fn a_loop_of_merges_reads_as_not_found(s: TestServer) {
    let ids = s
        .ids("SELECT id FROM customers WHERE rm_id = (SELECT id FROM users WHERE username = 'rm01') ORDER BY id LIMIT 2")
        .await;
    let (a, b) = (ids[0], ids[1]);
    for (from, to) in [(a, b), (b, a)] {
        sqlx::query("UPDATE customers SET merged_into = $1 WHERE id = $2")
            .bind(to)
            .bind(from)
            .execute(s.pool())
            .await
            .unwrap();
    }
    let rm = s.signed_in("rm01").await;
    let (status, body) = get(&s, &rm, a).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
}

/// The OpenAPI document says what the 404 carries.
async fn the_document_describes_the_merged_answer(s: TestServer) {
    let doc = s.openapi().await;
    let answer = &doc["paths"]["/api/customers/{id}"]["get"]["responses"]["404"];
    assert!(
        answer["description"]
            .as_str()
            .unwrap()
            .contains("customer_merged"),
        "{answer}"
    );
    assert_eq!(
        answer["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/CustomerMergedBody"
    );
    let body = &doc["components"]["schemas"]["CustomerMergedBody"];
    let required: Vec<&str> = body["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    // The plain not_found shares the status and the schema: merged_into is optional.
    assert_eq!(required, ["code", "message"]);
    assert!(body["properties"]["merged_into"].is_object(), "{body}");
    let into = &doc["components"]["schemas"]["MergedInto"]["properties"];
    for field in ["id", "customer_no", "name"] {
        assert!(into.get(field).is_some(), "{field}: {into}");
    }
}

crate::on_both_databases!(
    a_retired_customer_names_its_final_survivor_only_to_those_who_may_see_it,
    a_loop_of_merges_reads_as_not_found,
    the_document_describes_the_merged_answer,
);
