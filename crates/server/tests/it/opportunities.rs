//! Opportunities (商机) end to end on both databases: scoping, the one-way stages, the
//! suitability gate, the protection confirmation and stale writes. A fresh 200-customer
//! demo bank as of 2026-06-15 (rm01–rm04 and manager01 in branch 1, rm05–rm08 in
//! branch 2); the customers used are set up by SQL so the rules are exercised exactly.

use crate::common::{as_of, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::Row;

on_both_databases!(
    an_rm_opens_an_opportunity_and_moves_it_to_won,
    stages_move_one_way_and_closed_ones_never_move,
    a_product_the_customer_may_not_buy_is_refused_in_words,
    a_protected_customer_needs_the_confirmation_before_proposed,
    a_stale_move_is_409_and_changes_nothing,
    each_role_sees_its_own_pipeline,
);

async fn send(
    client: &reqwest::Client,
    s: &TestServer,
    method: Method,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let mut req = client.request(method.clone(), s.url(path));
    if method != Method::GET {
        req = req.json(&body);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn count(s: &TestServer, sql: &str) -> i64 {
    s.ids(sql).await[0]
}

/// Rows of the opportunity tables and of the audit log.
async fn snapshot(s: &TestServer) -> Vec<i64> {
    let mut out = vec![];
    for sql in [
        "SELECT CAST(COUNT(*) AS BIGINT) FROM opportunities",
        "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM opportunities",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM opportunity_events",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action IN ('create_opportunity', 'move_opportunity')",
    ] {
        out.push(count(s, sql).await);
    }
    out
}

/// The first customer of RM `rm`, made a 40-year-old C3 with a valid questionnaire.
async fn c3_customer_of(s: &TestServer, rm: i64) -> i64 {
    let id = s
        .ids(&format!(
            "SELECT id FROM customers WHERE rm_id = {rm} ORDER BY id"
        ))
        .await[0];
    sqlx::query(
        "UPDATE customers SET risk_level = 'C3', risk_assessed_on = $1, birth_date = '1986-03-01', \
         lowest_risk_subcategory = 0 WHERE id = $2",
    )
    .bind((as_of() - chrono::Days::new(60)).to_string())
    .bind(id)
    .execute(s.pool())
    .await
    .unwrap();
    id
}

/// A product of `risk` on the shelf: (id, family).
async fn product_of(s: &TestServer, risk: &str) -> (i64, String) {
    let row = sqlx::query("SELECT id, family FROM products WHERE risk = $1 ORDER BY id")
        .bind(risk)
        .fetch_one(s.pool())
        .await
        .unwrap();
    (row.get::<i64, _>("id"), row.get::<String, _>("family"))
}

fn new_opportunity(customer: i64, product: (i64, String)) -> Value {
    json!({
        "customer_id": customer,
        "product_id": product.0,
        "product_family": product.1,
        "expected_amount_fen": 20_000_000,
        "source": "recommendation",
        "source_detail": {"reason": "IdleBalance", "amount_fen": 8_000_000},
        "next_step": "Call about the offer",
        "next_step_on": (as_of() + chrono::Days::new(3)).to_string(),
    })
}

async fn open(client: &reqwest::Client, s: &TestServer, body: Value) -> Value {
    let (status, o) = send(client, s, Method::POST, "/api/opportunities", body).await;
    assert_eq!(status, 201, "{o}");
    o
}

async fn move_to(
    client: &reqwest::Client,
    s: &TestServer,
    o: &Value,
    extra: Value,
) -> (StatusCode, Value) {
    let path = format!("/api/opportunities/{}/moves", o["id"]);
    let mut body = json!({"version": o["version"]});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    send(client, s, Method::POST, &path, body).await
}

async fn an_rm_opens_an_opportunity_and_moves_it_to_won(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let customer = c3_customer_of(&s, 1).await;
    let o = open(
        &rm01,
        &s,
        new_opportunity(customer, product_of(&s, "R3").await),
    )
    .await;
    assert_eq!(o["stage"], "identified");
    assert_eq!(o["source"], "recommendation");
    assert_eq!(o["source_detail"]["amount_fen"], 8_000_000);
    assert_eq!(o["rm_id"], 1);
    assert!(o["customer_name"].as_str().unwrap().contains('*'), "{o}");
    let mut o = o;
    for to in ["proposed", "interested"] {
        let (status, next) = move_to(&rm01, &s, &o, json!({"to": to})).await;
        assert_eq!(status, 200, "{next}");
        assert_eq!(next["stage"], to);
        o = next;
    }
    let (status, won) = move_to(
        &rm01,
        &s,
        &o,
        json!({"to": "won", "won_amount_fen": 15_000_000}),
    )
    .await;
    assert_eq!(status, 200, "{won}");
    assert_eq!(won["won_amount_fen"], 15_000_000);
    assert!(won["closed_at"].is_string());
    let events = won["events"].as_array().unwrap();
    let stages: Vec<&str> = events.iter().map(|e| e["to"].as_str().unwrap()).collect();
    assert_eq!(stages, ["identified", "proposed", "interested", "won"]);
    assert!(events
        .iter()
        .all(|e| e["by_id"] == 1 && e["at"].is_string()));
    assert_eq!(
        count(&s, &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'move_opportunity' AND customer_id = {customer}")).await,
        3
    );
    // The next step of a closed opportunity does not change.
    let path = format!("/api/opportunities/{}/next-step", won["id"]);
    let (status, body) = send(
        &rm01,
        &s,
        Method::PUT,
        &path,
        json!({"version": won["version"], "next_step": "x"}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (409, Some("illegal_transition"))
    );
}

async fn stages_move_one_way_and_closed_ones_never_move(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let customer = c3_customer_of(&s, 1).await;
    let o = open(
        &rm01,
        &s,
        new_opportunity(customer, product_of(&s, "R1").await),
    )
    .await;
    let (_, proposed) = move_to(&rm01, &s, &o, json!({"to": "proposed"})).await;
    let before = snapshot(&s).await;
    let (status, body) = move_to(&rm01, &s, &proposed, json!({"to": "identified"})).await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (409, Some("illegal_transition"))
    );
    assert!(
        body["message"].as_str().unwrap().contains("one way"),
        "{body}"
    );
    assert_eq!(body["current"]["stage"], "proposed");
    // Lost needs a reason from the list; a reason not on it is refused too.
    let (status, body) = move_to(&rm01, &s, &proposed, json!({"to": "lost"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["fields"][0]["field"], "lost_reason");
    let (status, _) = move_to(
        &rm01,
        &s,
        &proposed,
        json!({"to": "lost", "lost_reason": "bored"}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(snapshot(&s).await, before, "nothing written");
    let (status, lost) = move_to(
        &rm01,
        &s,
        &proposed,
        json!({"to": "lost", "lost_reason": "chose_competitor"}),
    )
    .await;
    assert_eq!(status, 200, "{lost}");
    assert_eq!(lost["lost_reason"], "chose_competitor");
    let (status, body) = move_to(&rm01, &s, &lost, json!({"to": "won"})).await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (409, Some("illegal_transition"))
    );
    assert!(
        body["message"].as_str().unwrap().contains("closed"),
        "{body}"
    );
    // Compliance reads, never moves.
    let compliance = s.signed_in("compliance01").await;
    let (status, body) = move_to(&compliance, &s, &lost, json!({"to": "won"})).await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (403, Some("read_only"))
    );
}

async fn a_product_the_customer_may_not_buy_is_refused_in_words(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let customer = c3_customer_of(&s, 1).await;
    let before = snapshot(&s).await;
    let (status, body) = send(
        &rm01,
        &s,
        Method::POST,
        "/api/opportunities",
        new_opportunity(customer, product_of(&s, "R4").await),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["fields"][0]["field"], "product_id");
    let words = body["fields"][0]["problem"].as_str().unwrap();
    assert!(words.contains("R4") && words.contains("C3"), "{words}");
    // An expired questionnaire: nothing beyond R1, and the refusal says when it expired.
    let r2 = product_of(&s, "R2").await;
    let o = open(&rm01, &s, new_opportunity(customer, r2.clone())).await;
    sqlx::query("UPDATE customers SET risk_assessed_on = '2025-01-10' WHERE id = $1")
        .bind(customer)
        .execute(s.pool())
        .await
        .unwrap();
    let (status, body) = send(
        &rm01,
        &s,
        Method::POST,
        "/api/opportunities",
        new_opportunity(customer, r2),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["fields"][0]["problem"]
            .as_str()
            .unwrap()
            .contains("expired on 2026-01-10"),
        "{body}"
    );
    // The one opened before it expired cannot be proposed now.
    let mid = snapshot(&s).await;
    let (status, body) = move_to(&rm01, &s, &o, json!({"to": "proposed"})).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["fields"][0]["problem"]
            .as_str()
            .unwrap()
            .contains("beyond R1"),
        "{body}"
    );
    assert_eq!(snapshot(&s).await, mid);
    // It may still be lost.
    let (status, _) = move_to(
        &rm01,
        &s,
        &o,
        json!({"to": "lost", "lost_reason": "not_suitable"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(before[0] + 1, snapshot(&s).await[0]);
}

async fn a_protected_customer_needs_the_confirmation_before_proposed(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let customer = c3_customer_of(&s, 1).await;
    sqlx::query("UPDATE customers SET birth_date = '1955-02-01' WHERE id = $1")
        .bind(customer)
        .execute(s.pool())
        .await
        .unwrap();
    let o = open(
        &rm01,
        &s,
        new_opportunity(customer, product_of(&s, "R2").await),
    )
    .await;
    let before = snapshot(&s).await;
    let (status, body) = move_to(&rm01, &s, &o, json!({"to": "proposed"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["fields"][0]["field"], "protection_discussed");
    assert!(
        body["fields"][0]["problem"]
            .as_str()
            .unwrap()
            .contains("71"),
        "{body}"
    );
    assert_eq!(snapshot(&s).await, before);
    let (status, proposed) = move_to(
        &rm01,
        &s,
        &o,
        json!({"to": "proposed", "protection_discussed": true}),
    )
    .await;
    assert_eq!(status, 200, "{proposed}");
    assert_eq!(proposed["confirmation"]["by_id"], 1);
    assert_eq!(proposed["confirmation"]["protection"]["Age"]["age"], 71);
    // Recorded once: the next move needs no second confirmation.
    let (status, _) = move_to(&rm01, &s, &proposed, json!({"to": "interested"})).await;
    assert_eq!(status, 200);
    // An R1 product needs none.
    let r1 = open(
        &rm01,
        &s,
        new_opportunity(customer, product_of(&s, "R1").await),
    )
    .await;
    let (status, _) = move_to(&rm01, &s, &r1, json!({"to": "proposed"})).await;
    assert_eq!(status, 200);
}

async fn a_stale_move_is_409_and_changes_nothing(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let manager = s.signed_in("manager01").await;
    let customer = c3_customer_of(&s, 1).await;
    let o = open(
        &rm01,
        &s,
        new_opportunity(customer, product_of(&s, "R1").await),
    )
    .await;
    // The branch manager moves it first.
    let (status, _) = move_to(&manager, &s, &o, json!({"to": "proposed"})).await;
    assert_eq!(status, 200);
    let before = snapshot(&s).await;
    let (status, body) = move_to(&rm01, &s, &o, json!({"to": "proposed"})).await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (409, Some("stale_version"))
    );
    assert_eq!(body["current"]["stage"], "proposed");
    assert_eq!(body["current"]["events"][1]["by_name"], "周建华");
    let path = format!("/api/opportunities/{}/next-step", o["id"]);
    let (status, _) = send(
        &rm01,
        &s,
        Method::PUT,
        &path,
        json!({"version": o["version"], "next_step": "x"}),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(snapshot(&s).await, before);
    let on = (as_of() + chrono::Days::new(5)).to_string();
    let (status, body) = send(
        &rm01,
        &s,
        Method::PUT,
        &path,
        json!({"version": body["current"]["version"], "next_step": "Visit", "next_step_on": on}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["next_step"], "Visit");
    let (status, body) = send(
        &rm01,
        &s,
        Method::PUT,
        &path,
        json!({"version": body["version"], "next_step_on": "2020-01-01"}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"][0]["field"], "next_step_on");
}

async fn each_role_sees_its_own_pipeline(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let rm05 = s.signed_in("rm05").await;
    let mine = c3_customer_of(&s, 1).await;
    let theirs = c3_customer_of(&s, 5).await;
    let o = open(&rm01, &s, new_opportunity(mine, product_of(&s, "R1").await)).await;
    open(
        &rm05,
        &s,
        new_opportunity(theirs, product_of(&s, "R1").await),
    )
    .await;
    // Another RM's customer does not exist: opening, reading and moving are 404s.
    let before = snapshot(&s).await;
    let (status, _) = send(
        &rm05,
        &s,
        Method::POST,
        "/api/opportunities",
        new_opportunity(mine, product_of(&s, "R1").await),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = send(
        &rm05,
        &s,
        Method::GET,
        &format!("/api/opportunities/{}", o["id"]),
        Value::Null,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = move_to(&rm05, &s, &o, json!({"to": "proposed"})).await;
    assert_eq!(status, 404);
    assert_eq!(snapshot(&s).await, before);
    let ids = |v: &Value| -> Vec<i64> {
        v["opportunities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["customer_id"].as_i64().unwrap())
            .collect()
    };
    let (_, list) = send(&rm01, &s, Method::GET, "/api/opportunities", Value::Null).await;
    assert!(
        ids(&list).contains(&mine) && !ids(&list).contains(&theirs),
        "{list}"
    );
    // The branch manager: the branch's, each with its RM.
    let manager = s.signed_in("manager01").await;
    let (_, list) = send(
        &manager,
        &s,
        Method::GET,
        "/api/opportunities?open=true",
        Value::Null,
    )
    .await;
    assert!(ids(&list).contains(&mine) && !ids(&list).contains(&theirs));
    assert!(list["opportunities"][0]["rm_name"].is_string());
    // Compliance reads every one; an admin has no customer data.
    let compliance = s.signed_in("compliance01").await;
    let (_, list) = send(
        &compliance,
        &s,
        Method::GET,
        "/api/opportunities",
        Value::Null,
    )
    .await;
    assert!(ids(&list).contains(&mine) && ids(&list).contains(&theirs));
    let admin = s.signed_in("admin").await;
    let (_, list) = send(&admin, &s, Method::GET, "/api/opportunities", Value::Null).await;
    assert!(ids(&list).is_empty());
    // Every read is audited.
    assert!(
        count(
            &s,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'read_opportunities'"
        )
        .await
            >= 4
    );
    // The OpenAPI document lists the paths.
    let (_, doc) = send(
        &s.client(),
        &s,
        Method::GET,
        "/api/openapi.json",
        Value::Null,
    )
    .await;
    for p in [
        "/api/opportunities",
        "/api/opportunities/{id}",
        "/api/opportunities/{id}/moves",
        "/api/opportunities/{id}/next-step",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p} missing");
    }
}
