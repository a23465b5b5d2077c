//! Service work end to end: notes, the contact log, complaints, care, surveys, ownership
//! and users, over HTTP against SQLite and PostgreSQL. Each test gets a fresh 200-customer
//! demo bank as of Monday 2026-06-15 (rm01–rm04 and manager01 in branch 1, rm05–rm08 in
//! branch 2).

mod common;

use clientbook_domain::api::{BookResponse, ErrorBody};
use common::{as_of, TestServer, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::Row;
use std::collections::BTreeSet;

on_both_databases!(
    notes_are_kept_verbatim_edited_with_history_and_stale_edits_get_the_current_note,
    a_contact_moves_the_contact_plan_and_bumps_the_version,
    complaints_move_one_step_forward_and_close_with_a_resolution_and_feedback,
    deadlines_skip_the_weekend_and_the_dragon_boat_holiday,
    complaints_are_listed_by_deadline_and_analysed_by_month,
    care_items_are_marked_done_or_snoozed,
    surveys_are_entered_or_imported_all_or_nothing,
    a_branch_manager_gives_a_customer_to_an_rm_of_the_branch,
    an_admin_manages_users_and_disabling_ends_their_sessions,
    malformed_requests_are_refused_and_change_nothing,
    every_endpoint_answers_every_role_within_its_scope,
    the_openapi_document_describes_the_service_work,
);

/// Monday 2026-09-28, before National Day: a general complaint's five working days skip
/// Oct 1–7 and count the make-up Saturday Oct 10.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_general_complaint_before_national_day_counts_the_make_up_saturday() {
    let s = TestServer::start_with(common::Db::Sqlite, |c| {
        c.demo_as_of = chrono::NaiveDate::from_ymd_opt(2026, 9, 29)
    })
    .await
    .unwrap();
    let own = first_of(&s, 1).await;
    let client = s.signed_in("rm01").await;
    let (status, k) = send(
        &client,
        &s,
        Method::POST,
        &format!("/api/customers/{own}/complaints"),
        complaint_body("General"),
    )
    .await;
    assert_eq!(status, 201, "{k}");
    // Sep 30 (1), Oct 1–7 off, Oct 8 (2), Oct 9 (3), Sat Oct 10 make-up (4), Oct 12 (5):
    // 23:59:59 Shanghai is 15:59:59 UTC.
    assert_eq!(k["internal_deadline"], "2026-10-12T15:59:59Z");
    assert_eq!(k["regulatory_deadline"], "2026-10-14");
}

// ------------------------------------------------------------------ helpers

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
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, value)
}

fn error(v: &Value) -> ErrorBody {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("not an ErrorBody ({e}): {v}"))
}

fn fields(v: &Value) -> BTreeSet<String> {
    error(v).fields.into_iter().map(|f| f.field).collect()
}

/// The first customer of RM `rm` (user id).
async fn first_of(s: &TestServer, rm: i64) -> i64 {
    s.ids(&format!(
        "SELECT id FROM customers WHERE rm_id = {rm} ORDER BY id"
    ))
    .await[0]
}

async fn count(s: &TestServer, sql: &str) -> i64 {
    s.ids(sql).await[0]
}

async fn audits(s: &TestServer, action: &str, customer: i64) -> i64 {
    count(
        s,
        &format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = '{action}' AND customer_id = {customer}"
        ),
    )
    .await
}

async fn version_of(s: &TestServer, customer: i64) -> i64 {
    count(
        s,
        &format!("SELECT version FROM customers WHERE id = {customer}"),
    )
    .await
}

/// Row counts and sums of everything a write may change, and the audit log's size.
async fn snapshot(s: &TestServer) -> Vec<i64> {
    let mut out = vec![];
    for sql in [
        "SELECT CAST(COUNT(*) AS BIGINT) FROM notes",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM note_revisions",
        "SELECT CAST(COALESCE(SUM(LENGTH(body)), 0) AS BIGINT) FROM notes",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM interactions",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM complaints",
        "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM complaints",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM complaint_events",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM care_markers",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM surveys",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM survey_ratings",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM users",
        "SELECT CAST(SUM(version) AS BIGINT) FROM customers",
        "SELECT CAST(SUM(rm_id) AS BIGINT) FROM customers",
        "SELECT CAST(COUNT(next_contact_on) AS BIGINT) FROM customers",
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log",
    ] {
        out.push(count(s, sql).await);
    }
    out
}

fn complaint_body(severity: &str) -> Value {
    json!({
        "channel": "Phone",
        "content_type": "Service",
        "severity": severity,
        "description": "Waited 40 minutes at the counter",
        "customer_request": "An apology"
    })
}

async fn book(client: &reqwest::Client, s: &TestServer) -> BookResponse {
    client
        .get(s.url("/api/book"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

// ------------------------------------------------------------------ notes

async fn notes_are_kept_verbatim_edited_with_history_and_stale_edits_get_the_current_note(
    s: TestServer,
) {
    let own = first_of(&s, 1).await;
    let theirs = first_of(&s, 5).await;
    let rm01 = s.signed_in("rm01").await;
    let hostile = "<script>alert('x')</script>\"; DROP TABLE notes; -- 你好 & <b>";
    let (status, note) = send(
        &rm01,
        &s,
        Method::POST,
        &format!("/api/customers/{own}/notes"),
        json!({"text": hostile}),
    )
    .await;
    assert_eq!(status, 201, "{note}");
    assert_eq!(note["text"], hostile);
    assert_eq!(note["version"], 1);
    assert_eq!(audits(&s, "create_note", own).await, 1);
    let id = note["id"].as_i64().unwrap();
    let stored: String = sqlx::query("SELECT body FROM notes WHERE id = $1")
        .bind(id)
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored, hostile);

    let path = format!("/api/customers/{own}/notes/{id}");
    let (status, edited) = send(
        &rm01,
        &s,
        Method::PUT,
        &path,
        json!({"text": "Second thoughts", "version": 1}),
    )
    .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["version"], 2);
    assert_eq!(edited["text"], "Second thoughts");
    assert_eq!(edited["revisions"][0]["text"], hostile);
    assert_eq!(edited["revisions"][0]["version"], 1);

    // A stale edit: 409 with the note as it is now; nothing changed, nothing audited.
    let before = snapshot(&s).await;
    let (status, conflict) = send(
        &rm01,
        &s,
        Method::PUT,
        &path,
        json!({"text": "Late edit", "version": 1}),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(error(&conflict).code, "stale_version");
    assert_eq!(conflict["current"]["version"], 2);
    assert_eq!(conflict["current"]["text"], "Second thoughts");
    assert_eq!(snapshot(&s).await, before);
    assert_eq!(audits(&s, "edit_note", own).await, 1);

    let (status, got) = send(&rm01, &s, Method::GET, &path, Value::Null).await;
    assert_eq!(status, 200);
    assert_eq!(got["revisions"].as_array().unwrap().len(), 1);
    let (_, detail) = send(
        &rm01,
        &s,
        Method::GET,
        &format!("/api/customers/{own}"),
        Value::Null,
    )
    .await;
    assert!(detail["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["id"] == id && n["text"] == "Second thoughts"));

    // Out of scope, and read-only.
    let before = snapshot(&s).await;
    let (status, body) = send(
        &rm01,
        &s,
        Method::POST,
        &format!("/api/customers/{theirs}/notes"),
        json!({"text": "x"}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), error(&body).code.as_str()),
        (404, "not_found")
    );
    let compliance = s.signed_in("compliance01").await;
    let (status, body) = send(
        &compliance,
        &s,
        Method::POST,
        &format!("/api/customers/{own}/notes"),
        json!({"text": "x"}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), error(&body).code.as_str()),
        (403, "read_only")
    );
    let (status, body) = send(
        &compliance,
        &s,
        Method::PUT,
        &path,
        json!({"text": "x", "version": 2}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), error(&body).code.as_str()),
        (403, "read_only")
    );
    assert_eq!(snapshot(&s).await[..14], before[..14]);
    assert_eq!(audits(&s, "create_note", theirs).await, 0);
}

// ------------------------------------------------------------------ contact log

async fn a_contact_moves_the_contact_plan_and_bumps_the_version(s: TestServer) {
    let own = first_of(&s, 1).await;
    let rm01 = s.signed_in("rm01").await;
    let v0 = version_of(&s, own).await;
    let today = as_of();
    let next = today + chrono::Days::new(30);
    let (status, created) = send(&rm01, &s, Method::POST, &format!("/api/customers/{own}/interactions"), json!({
        "kind": "Call", "channel": "Phone", "occurred_on": today, "outcome": "FollowUpScheduled",
        "next_step": "Send the fund brochure", "next_contact_on": next
    })).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        created["interaction"]["next_step"],
        "Send the fund brochure"
    );
    assert_eq!(created["contact"]["last_contact_on"], today.to_string());
    assert_eq!(created["contact"]["next_contact_on"], next.to_string());
    assert_eq!(created["contact"]["version"], v0 + 1);
    assert_eq!(version_of(&s, own).await, v0 + 1);
    let audit = sqlx::query(
        "SELECT fields FROM audit_log WHERE action = 'record_interaction' AND customer_id = $1",
    )
    .bind(own)
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert_eq!(
        audit.get::<String, _>(0),
        "interactions,last_contact_on,next_contact_on"
    );
    let b = book(&rm01, &s).await;
    let c = b.customers.iter().find(|c| c.id.0 == own).unwrap();
    assert_eq!(c.last_contact_on, Some(today));
    assert_eq!(c.next_contact_on, Some(next));
    assert_eq!(c.version, v0 + 1);

    // Every bad field at once; nothing stored.
    let before = snapshot(&s).await;
    let (status, body) = send(&rm01, &s, Method::POST, &format!("/api/customers/{own}/interactions"), json!({
        "kind": "Visit", "channel": "Branch", "occurred_on": today + chrono::Days::new(1), "outcome": "Interested",
        "next_step": "x".repeat(501), "next_contact_on": today
    })).await;
    assert_eq!(status, 422);
    assert_eq!(
        fields(&body),
        ["next_contact_on", "next_step", "occurred_on"]
            .map(String::from)
            .into()
    );
    let (status, body) = send(&rm01, &s, Method::POST, &format!("/api/customers/{own}/interactions"), json!({
        "kind": "Visit", "channel": "Branch", "occurred_on": "1990-01-01", "outcome": "Interested"
    })).await;
    assert_eq!(status, 422);
    assert!(
        error(&body).fields[0]
            .problem
            .contains("relationship began"),
        "{body}"
    );
    assert_eq!(snapshot(&s).await, before);

    // The follow-up date: stale → 409 with the customer as it is now.
    let (status, conflict) = send(
        &rm01,
        &s,
        Method::PUT,
        &format!("/api/customers/{own}/next-contact"),
        json!({
            "next_contact_on": today + chrono::Days::new(7), "version": v0
        }),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(conflict["code"], "stale_version");
    assert_eq!(conflict["current"]["id"], own);
    assert_eq!(conflict["current"]["version"], v0 + 1);
    assert!(conflict["current"]["phone"]
        .as_str()
        .unwrap()
        .contains("****"));
    assert_eq!(snapshot(&s).await, before);
    let (status, state) = send(
        &rm01,
        &s,
        Method::PUT,
        &format!("/api/customers/{own}/next-contact"),
        json!({
            "next_contact_on": today + chrono::Days::new(7), "version": v0 + 1
        }),
    )
    .await;
    assert_eq!(status, 200, "{state}");
    assert_eq!(state["version"], v0 + 2);
    assert_eq!(audits(&s, "set_next_contact", own).await, 1);
    let (status, body) = send(
        &rm01,
        &s,
        Method::PUT,
        &format!("/api/customers/{own}/next-contact"),
        json!({
            "next_contact_on": "2020-01-01", "version": v0 + 2
        }),
    )
    .await;
    assert_eq!(
        (status.as_u16(), fields(&body)),
        (422, ["next_contact_on".to_owned()].into())
    );
}

// ------------------------------------------------------------------ complaints

async fn complaints_move_one_step_forward_and_close_with_a_resolution_and_feedback(s: TestServer) {
    let own = first_of(&s, 1).await;
    let rm01 = s.signed_in("rm01").await;
    let rm05 = s.signed_in("rm05").await;
    let compliance = s.signed_in("compliance01").await;
    let (status, k) = send(
        &rm01,
        &s,
        Method::POST,
        &format!("/api/customers/{own}/complaints"),
        complaint_body("Major"),
    )
    .await;
    assert_eq!(status, 201, "{k}");
    assert_eq!(k["status"], "Received");
    assert_eq!(k["events"].as_array().unwrap().len(), 1);
    let id = k["id"].as_i64().unwrap();
    let go = |to: &str, version: i64, extra: Value| {
        let mut body = json!({"to": to, "version": version});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let path = format!("/api/complaints/{id}/transitions");

    // Skipping a step, then (after one step) going back: 409 illegal_transition.
    let before = snapshot(&s).await;
    let (status, body) = send(&rm01, &s, Method::POST, &path, go("Resolved", 1, json!({}))).await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str().unwrap()),
        (409, "illegal_transition")
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("one step at a time"),
        "{body}"
    );
    assert_eq!(body["current"]["status"], "Received");
    assert_eq!(snapshot(&s).await, before);
    let (status, k) = send(
        &rm01,
        &s,
        Method::POST,
        &path,
        go("Investigating", 1, json!({"note": "Called the branch"})),
    )
    .await;
    assert_eq!(status, 200, "{k}");
    assert_eq!(k["version"], 2);
    let before = snapshot(&s).await;
    let (status, body) = send(&rm01, &s, Method::POST, &path, go("Received", 2, json!({}))).await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str().unwrap()),
        (409, "illegal_transition")
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("never goes back"),
        "{body}"
    );
    let (status, body) = send(&rm01, &s, Method::POST, &path, go("Resolved", 1, json!({}))).await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str().unwrap()),
        (409, "stale_version")
    );
    assert_eq!(body["current"]["version"], 2);
    let (status, body) = send(
        &compliance,
        &s,
        Method::POST,
        &path,
        go("Resolved", 2, json!({})),
    )
    .await;
    assert_eq!(
        (status.as_u16(), error(&body).code.as_str()),
        (403, "read_only")
    );
    let (status, _) = send(&rm05, &s, Method::POST, &path, go("Resolved", 2, json!({}))).await;
    assert_eq!(status, 404);
    assert_eq!(snapshot(&s).await, before);

    let (status, _) = send(&rm01, &s, Method::POST, &path, go("Resolved", 2, json!({}))).await;
    assert_eq!(status, 200);
    let (status, k) = send(
        &rm01,
        &s,
        Method::POST,
        &path,
        go("CustomerInformed", 3, json!({})),
    )
    .await;
    assert_eq!(status, 200, "{k}");
    // Closing without a resolution nor feedback: 422 naming both; nothing changed.
    let before = snapshot(&s).await;
    let (status, body) = send(&rm01, &s, Method::POST, &path, go("Closed", 4, json!({}))).await;
    assert_eq!(status, 422);
    assert_eq!(
        fields(&body),
        ["feedback", "resolution"].map(String::from).into()
    );
    let (status, body) = send(
        &rm01,
        &s,
        Method::POST,
        &path,
        go(
            "Closed",
            4,
            json!({"resolution": "Apologised; fee refunded"}),
        ),
    )
    .await;
    assert_eq!(
        (status.as_u16(), fields(&body)),
        (422, ["feedback".to_owned()].into())
    );
    assert_eq!(snapshot(&s).await, before);
    let (status, k) = send(&rm01, &s, Method::POST, &path, go("Closed", 4, json!({
        "resolution": "Apologised; fee refunded", "no_feedback_reason": "Customer did not answer three calls"
    }))).await;
    assert_eq!(status, 200, "{k}");
    assert_eq!(k["status"], "Closed");
    assert!(k["closed_at"].is_string() && k["resolved_at"].is_string());
    let steps: Vec<&str> = k["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["to"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "Received",
            "Investigating",
            "Resolved",
            "CustomerInformed",
            "Closed"
        ]
    );
    assert!(k["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["by_id"] == 1));
    assert_eq!(audits(&s, "complaint_transition", own).await, 4);
    assert_eq!(audits(&s, "create_complaint", own).await, 1);
    let (status, body) = send(&rm01, &s, Method::POST, &path, go("Closed", 5, json!({}))).await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str().unwrap()),
        (409, "illegal_transition")
    );

    // The book's complaint summary and the record show it.
    let b = book(&rm01, &s).await;
    let c = b.customers.iter().find(|c| c.id.0 == own).unwrap();
    assert!(c.complaints.iter().any(
        |k| k.received_on == as_of() && k.status == clientbook_domain::ComplaintStatus::Closed
    ));
    let (_, detail) = send(
        &rm01,
        &s,
        Method::GET,
        &format!("/api/customers/{own}"),
        Value::Null,
    )
    .await;
    assert!(detail["complaints"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == id && c["events"].as_array().unwrap().len() == 5));
}

async fn deadlines_skip_the_weekend_and_the_dragon_boat_holiday(s: TestServer) {
    // Received Monday 2026-06-15. General: Tue 16 (1), Wed 17 (2), Thu 18 (3), Fri 19
    // Dragon Boat Festival, the weekend, Mon 22 (4), Tue 23 (5). Major: 3 calendar days.
    let own = first_of(&s, 1).await;
    let rm01 = s.signed_in("rm01").await;
    let path = format!("/api/customers/{own}/complaints");
    let (_, general) = send(&rm01, &s, Method::POST, &path, complaint_body("General")).await;
    assert_eq!(general["received_on"], "2026-06-15");
    assert_eq!(general["internal_deadline"], "2026-06-23T15:59:59Z");
    assert_eq!(general["regulatory_deadline"], "2026-06-30");
    let (_, major) = send(&rm01, &s, Method::POST, &path, complaint_body("Major")).await;
    assert_eq!(major["internal_deadline"], "2026-06-18T15:59:59Z");
    let (_, urgent) = send(&rm01, &s, Method::POST, &path, complaint_body("Urgent")).await;
    let received =
        chrono::DateTime::parse_from_rfc3339(urgent["received_at"].as_str().unwrap()).unwrap();
    let due = chrono::DateTime::parse_from_rfc3339(urgent["internal_deadline"].as_str().unwrap())
        .unwrap();
    assert_eq!((due - received).num_hours(), 24);
}

async fn complaints_are_listed_by_deadline_and_analysed_by_month(s: TestServer) {
    let own = first_of(&s, 1).await;
    let theirs = first_of(&s, 5).await;
    let rm01 = s.signed_in("rm01").await;
    let rm05 = s.signed_in("rm05").await;
    for _ in 0..2 {
        let (status, _) = send(
            &rm01,
            &s,
            Method::POST,
            &format!("/api/customers/{own}/complaints"),
            complaint_body("Urgent"),
        )
        .await;
        assert_eq!(status, 201);
    }
    let (status, _) = send(
        &rm05,
        &s,
        Method::POST,
        &format!("/api/customers/{theirs}/complaints"),
        complaint_body("General"),
    )
    .await;
    assert_eq!(status, 201);

    let (status, list) = send(
        &rm01,
        &s,
        Method::GET,
        "/api/complaints?state=open",
        Value::Null,
    )
    .await;
    assert_eq!(status, 200, "{list}");
    let items = list["complaints"].as_array().unwrap();
    assert!(items
        .iter()
        .all(|k| k["rm_id"] == 1 && k["complaint"]["status"] != "Closed"));
    assert!(
        items
            .iter()
            .filter(|k| k["complaint"]["customer_id"] == own)
            .count()
            >= 2
    );
    assert!(items
        .iter()
        .all(|k| k["customer_name"].as_str().unwrap().contains('*')));
    // Urgent ones received now are due within 24 hours: nearing.
    let (_, nearing) = send(
        &rm01,
        &s,
        Method::GET,
        "/api/complaints?state=nearing",
        Value::Null,
    )
    .await;
    assert!(
        nearing["complaints"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|k| k["complaint"]["customer_id"] == own)
            .count()
            >= 2
    );
    let (_, overdue) = send(
        &rm01,
        &s,
        Method::GET,
        "/api/complaints?state=overdue",
        Value::Null,
    )
    .await;
    assert!(overdue["complaints"]
        .as_array()
        .unwrap()
        .iter()
        .all(|k| k["deadline_state"] == "Overdue"));
    let (status, body) = send(
        &rm01,
        &s,
        Method::GET,
        "/api/complaints?state=lost",
        Value::Null,
    )
    .await;
    assert_eq!(
        (status.as_u16(), error(&body).code.as_str()),
        (400, "bad_request")
    );
    let (_, all) = send(
        &s.signed_in("compliance01").await,
        &s,
        Method::GET,
        "/api/complaints",
        Value::Null,
    )
    .await;
    let all_customers: BTreeSet<i64> = all["complaints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["complaint"]["customer_id"].as_i64().unwrap())
        .collect();
    assert!(all_customers.contains(&own) && all_customers.contains(&theirs));

    let (status, a) = send(
        &rm01,
        &s,
        Method::GET,
        "/api/complaints/analysis?month=2026-06",
        Value::Null,
    )
    .await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["month"], "2026-06-01");
    assert!(a["received"].as_u64().unwrap() >= 2);
    assert!(a["by_severity"]["Urgent"].as_u64().unwrap() >= 2);
    assert!(a["repeat_complainants"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["customer_id"] == own));
    assert!(!a.to_string().contains(&format!("\"customer_id\":{theirs}")));
    let (status, body) = send(
        &rm01,
        &s,
        Method::GET,
        "/api/complaints/analysis?month=2026-13",
        Value::Null,
    )
    .await;
    assert_eq!(
        (status.as_u16(), fields(&body)),
        (422, ["month".to_owned()].into())
    );
}

// ------------------------------------------------------------------ care

async fn care_items_are_marked_done_or_snoozed(s: TestServer) {
    let own = first_of(&s, 1).await;
    let rm01 = s.signed_in("rm01").await;
    let interactions = count(
        &s,
        &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM interactions WHERE customer_id = {own}"),
    )
    .await;
    let (status, m) = send(
        &rm01,
        &s,
        Method::POST,
        &format!("/api/customers/{own}/care/Birthday/done"),
        json!({
            "channel": "Phone", "occasion_on": "2026-06-18", "note": "Sang happy birthday"
        }),
    )
    .await;
    assert_eq!(status, 201, "{m}");
    assert_eq!(
        (m["kind"].as_str(), m["state"].as_str()),
        (Some("Birthday"), Some("Done"))
    );
    assert_eq!(count(&s, &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM interactions WHERE customer_id = {own} AND outcome = 'CareDelivered'")).await, 1);
    assert_eq!(
        count(
            &s,
            &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM interactions WHERE customer_id = {own}")
        )
        .await,
        interactions + 1
    );
    assert_eq!(audits(&s, "care_done", own).await, 1);
    let b = book(&rm01, &s).await;
    assert_eq!(
        b.customers
            .iter()
            .find(|c| c.id.0 == own)
            .unwrap()
            .last_contact_on,
        Some(as_of())
    );

    let before = snapshot(&s).await;
    let (status, body) = send(
        &rm01,
        &s,
        Method::POST,
        &format!("/api/customers/{own}/care/Maturity/snooze"),
        json!({"until": as_of()}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), fields(&body)),
        (422, ["until".to_owned()].into())
    );
    let (status, _) = send(
        &rm01,
        &s,
        Method::POST,
        &format!("/api/customers/{own}/care/Anniversary/snooze"),
        json!({"until": "2026-07-01"}),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(snapshot(&s).await, before);
    let (status, _) = send(
        &rm01,
        &s,
        Method::POST,
        &format!("/api/customers/{own}/care/Maturity/snooze"),
        json!({"until": "2026-07-01"}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(audits(&s, "care_snooze", own).await, 1);

    let (status, markers) = send(&rm01, &s, Method::GET, "/api/care", Value::Null).await;
    assert_eq!(status, 200);
    let mine: Vec<&Value> = markers["markers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["customer_id"] == own)
        .collect();
    assert_eq!(mine.len(), 2);
    assert!(mine
        .iter()
        .any(|m| m["state"] == "Snoozed" && m["until"] == "2026-07-01"));
    let (_, others) = send(
        &s.signed_in("rm05").await,
        &s,
        Method::GET,
        "/api/care",
        Value::Null,
    )
    .await;
    assert!(others["markers"].as_array().unwrap().is_empty());
}

// ------------------------------------------------------------------ surveys

async fn surveys_are_entered_or_imported_all_or_nothing(s: TestServer) {
    let own: Vec<i64> = s
        .ids("SELECT id FROM customers WHERE rm_id = 1 ORDER BY id")
        .await;
    let theirs = first_of(&s, 5).await;
    let rm01 = s.signed_in("rm01").await;
    let compliance = s.signed_in("compliance01").await;
    let good = |c: i64| {
        json!({"customer_id": c, "answered_on": "2026-06-10", "recommend": 9, "overall": 4,
        "ratings": [{"attribute": "WaitingTime", "satisfaction": 3, "importance": 5}]})
    };
    let surveys_of =
        |c: i64| format!("SELECT CAST(COUNT(*) AS BIGINT) FROM surveys WHERE customer_id = {c}");
    let n0 = count(&s, &surveys_of(own[0])).await;
    let (status, created) = send(
        &rm01,
        &s,
        Method::POST,
        &format!("/api/customers/{}/surveys", own[0]),
        json!({
            "answered_on": "2026-06-10", "recommend": 10, "overall": 5,
            "ratings": [{"attribute": "Expertise", "satisfaction": 5, "importance": 4}]
        }),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(count(&s, &surveys_of(own[0])).await, n0 + 1);
    let b = book(&rm01, &s).await;
    let c = b.customers.iter().find(|c| c.id.0 == own[0]).unwrap();
    assert!(c
        .surveys
        .iter()
        .any(|v| v.recommend == 10 && v.ratings.len() == 1));

    // One bad row of four: 422 naming every bad field, nothing stored.
    let before = snapshot(&s).await;
    let mut rows = vec![good(own[0]), good(own[1]), good(own[0]), good(own[1])];
    rows[1]["overall"] = json!(0);
    rows[3]["recommend"] = json!(11);
    rows[3]["ratings"][0]["importance"] = json!(6);
    rows[2]["answered_on"] = json!("2027-01-01");
    let (status, body) = send(
        &rm01,
        &s,
        Method::POST,
        "/api/surveys/import",
        json!({"surveys": rows}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        fields(&body),
        [
            "surveys[1].overall",
            "surveys[2].answered_on",
            "surveys[3].recommend",
            "surveys[3].ratings[0].importance"
        ]
        .map(String::from)
        .into()
    );
    // A mistyped value is named by its path.
    let mut rows = vec![good(own[0]), good(own[1])];
    rows[1]["recommend"] = json!(300);
    let (status, body) = send(
        &rm01,
        &s,
        Method::POST,
        "/api/surveys/import",
        json!({"surveys": rows}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), fields(&body)),
        (422, ["surveys[1].recommend".to_owned()].into())
    );
    // An out-of-scope customer: 404 naming the row.
    let rows = vec![good(own[0]), good(own[1]), good(theirs)];
    let (status, body) = send(
        &rm01,
        &s,
        Method::POST,
        "/api/surveys/import",
        json!({"surveys": rows}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), error(&body).code.as_str()),
        (404, "not_found")
    );
    assert_eq!(fields(&body), ["surveys[2].customer_id".to_owned()].into());
    assert!(!body.to_string().contains(&theirs.to_string()));
    let (status, _) = send(
        &compliance,
        &s,
        Method::POST,
        "/api/surveys/import",
        json!({"surveys": [good(own[0])]}),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(snapshot(&s).await, before);

    let (status, created) = send(
        &rm01,
        &s,
        Method::POST,
        "/api/surveys/import",
        json!({"surveys": [good(own[0]), good(own[1])]}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["ids"].as_array().unwrap().len(), 2);
    assert_eq!(audits(&s, "import_survey", own[0]).await, 1);
    assert_eq!(audits(&s, "import_survey", own[1]).await, 1);
}

// ------------------------------------------------------------------ ownership

async fn a_branch_manager_gives_a_customer_to_an_rm_of_the_branch(s: TestServer) {
    let own = first_of(&s, 1).await;
    let theirs = first_of(&s, 5).await;
    let manager = s.signed_in("manager01").await;
    let rm01 = s.signed_in("rm01").await;
    let compliance = s.signed_in("compliance01").await;
    let v = version_of(&s, own).await;
    let path = format!("/api/customers/{own}/owner");
    let before = snapshot(&s).await;
    let (status, body) = send(
        &manager,
        &s,
        Method::PUT,
        &path,
        json!({"rm_id": 5, "version": v}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), fields(&body)),
        (422, ["rm_id".to_owned()].into())
    );
    let (status, body) = send(
        &manager,
        &s,
        Method::PUT,
        &path,
        json!({"rm_id": 2, "version": v - 1}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str().unwrap()),
        (409, "stale_version")
    );
    assert_eq!(body["current"]["rm_id"], 1);
    let (status, body) = send(
        &rm01,
        &s,
        Method::PUT,
        &path,
        json!({"rm_id": 2, "version": v}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), error(&body).code.as_str()),
        (403, "forbidden")
    );
    let (status, body) = send(
        &compliance,
        &s,
        Method::PUT,
        &path,
        json!({"rm_id": 2, "version": v}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), error(&body).code.as_str()),
        (403, "read_only")
    );
    let (status, _) = send(
        &manager,
        &s,
        Method::PUT,
        &format!("/api/customers/{theirs}/owner"),
        json!({"rm_id": 6, "version": 1}),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(snapshot(&s).await, before);

    let (status, done) = send(
        &manager,
        &s,
        Method::PUT,
        &path,
        json!({"rm_id": 2, "version": v}),
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["version"], v + 1);
    assert_eq!(audits(&s, "change_owner", own).await, 1);
    let rm02 = s.signed_in("rm02").await;
    assert!(book(&rm02, &s)
        .await
        .customers
        .iter()
        .any(|c| c.id.0 == own));
    assert!(!book(&rm01, &s)
        .await
        .customers
        .iter()
        .any(|c| c.id.0 == own));
}

// ------------------------------------------------------------------ users

async fn an_admin_manages_users_and_disabling_ends_their_sessions(s: TestServer) {
    let admin = s.signed_in("admin").await;
    let rm03 = s.signed_in("rm03").await;
    let (status, _) = send(&rm03, &s, Method::GET, "/api/users", Value::Null).await;
    assert_eq!(status, 403);
    let (status, list) = send(&admin, &s, Method::GET, "/api/users", Value::Null).await;
    assert_eq!(status, 200);
    assert_eq!(list["users"].as_array().unwrap().len(), 11);
    assert!(!list.to_string().contains("argon2"));

    let (status, u) = send(
        &admin,
        &s,
        Method::POST,
        "/api/users/3/disable",
        Value::Null,
    )
    .await;
    assert_eq!(status, 200, "{u}");
    assert_eq!(u["disabled"], true);
    let (status, body) = send(&rm03, &s, Method::GET, "/api/me", Value::Null).await;
    assert_eq!(
        (status.as_u16(), error(&body).code.as_str()),
        (401, "not_signed_in")
    );
    let r = s
        .client()
        .post(s.url("/api/session"))
        .json(&json!({"username": "rm03", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(
        count(
            &s,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM sessions WHERE user_id = 3"
        )
        .await,
        0
    );
    let (status, _) = send(&admin, &s, Method::POST, "/api/users/3/enable", Value::Null).await;
    assert_eq!(status, 200);
    let rm03 = s.signed_in("rm03").await;
    let (status, body) = send(
        &admin,
        &s,
        Method::POST,
        "/api/users/11/disable",
        Value::Null,
    )
    .await;
    assert_eq!(status, 422, "{body}");

    // Every bad field at once; then a good user who can sign in (with an empty book).
    let before = snapshot(&s).await;
    let (status, body) = send(&admin, &s, Method::POST, "/api/users", json!({
        "username": "New RM", "display_name": " ", "role": "RelationshipManager", "password": "short"
    })).await;
    assert_eq!(status, 422);
    assert_eq!(
        fields(&body),
        ["branch_id", "display_name", "password", "username"]
            .map(String::from)
            .into()
    );
    let (status, body) = send(&admin, &s, Method::POST, "/api/users", json!({
        "username": "rm01", "display_name": "Dup", "role": "Compliance", "password": "long enough password"
    })).await;
    assert_eq!(
        (status.as_u16(), fields(&body)),
        (422, ["username".to_owned()].into())
    );
    let (status, _) = send(&rm03, &s, Method::POST, "/api/users", json!({
        "username": "sneaky", "display_name": "S", "role": "Admin", "password": "long enough password"
    })).await;
    assert_eq!(status, 403);
    assert_eq!(snapshot(&s).await[..14], before[..14]);
    let (status, u) = send(&admin, &s, Method::POST, "/api/users", json!({
        "username": "rm09", "display_name": "New RM", "role": "RelationshipManager", "branch_id": 2,
        "password": "a fine long password"
    })).await;
    assert_eq!(status, 201, "{u}");
    let id = u["id"].as_i64().unwrap();
    let new = s.client();
    let r = new
        .post(s.url("/api/session"))
        .json(&json!({"username": "rm09", "password": "a fine long password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(book(&new, &s).await.customers.is_empty());

    let (status, body) = send(
        &admin,
        &s,
        Method::POST,
        &format!("/api/users/{id}/password"),
        json!({"password": "tiny"}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), fields(&body)),
        (422, ["password".to_owned()].into())
    );
    let (status, _) = send(
        &admin,
        &s,
        Method::POST,
        &format!("/api/users/{id}/password"),
        json!({"password": "another long password"}),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = send(&new, &s, Method::GET, "/api/me", Value::Null).await;
    assert_eq!(status, 401, "a reset ends the user's sessions");
    let r = s
        .client()
        .post(s.url("/api/session"))
        .json(&json!({"username": "rm09", "password": "a fine long password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = s
        .client()
        .post(s.url("/api/session"))
        .json(&json!({"username": "rm09", "password": "another long password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (status, _) = send(
        &admin,
        &s,
        Method::POST,
        "/api/users/999/disable",
        Value::Null,
    )
    .await;
    assert_eq!(status, 404);
    for action in [
        "create_user",
        "reset_password",
        "disable_user",
        "enable_user",
    ] {
        assert!(
            count(
                &s,
                &format!(
                    "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = '{action}'"
                )
            )
            .await
                >= 1,
            "{action}"
        );
    }
    assert_eq!(
        count(
            &s,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE detail LIKE '%long password%'"
        )
        .await,
        0
    );
}

// ------------------------------------------------------------------ malformed requests

async fn malformed_requests_are_refused_and_change_nothing(s: TestServer) {
    let own = first_of(&s, 1).await;
    let rm01 = s.signed_in("rm01").await;
    let notes = format!("/api/customers/{own}/notes");
    let contact = format!("/api/customers/{own}/interactions");
    let complaints = format!("/api/customers/{own}/complaints");
    let surveys = format!("/api/customers/{own}/surveys");
    let next = format!("/api/customers/{own}/next-contact");
    let interaction = |extra: Value| {
        let mut v = json!({"kind": "Call", "channel": "Phone", "occurred_on": "2026-06-15", "outcome": "Interested"});
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v.to_string()
    };
    let survey = |extra: Value| {
        let mut v = json!({"answered_on": "2026-06-10", "recommend": 9, "overall": 4});
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v.to_string()
    };
    let cases: Vec<(&str, &String, String, u16)> = vec![
        ("bad JSON", &notes, r#"{"text": "#.into(), 400),
        ("trailing garbage", &notes, r#"{"text": "a"} x"#.into(), 400),
        ("an array", &notes, r#"["text"]"#.into(), 422),
        ("wrong type", &notes, r#"{"text": 5}"#.into(), 422),
        ("null text", &notes, r#"{"text": null}"#.into(), 422),
        ("missing field", &notes, "{}".into(), 422),
        ("empty text", &notes, r#"{"text": ""}"#.into(), 422),
        ("blank text", &notes, r#"{"text": "  \n "}"#.into(), 422),
        (
            "overlong text",
            &notes,
            json!({"text": "字".repeat(4001)}).to_string(),
            422,
        ),
        ("NUL in text", &notes, r#"{"text": "a\u0000b"}"#.into(), 422),
        (
            "unknown field",
            &notes,
            r#"{"text": "a", "pinned": true}"#.into(),
            422,
        ),
        (
            "an amount smuggled in",
            &notes,
            r#"{"text": "a", "amount": -500}"#.into(),
            422,
        ),
        (
            "unknown enum",
            &contact,
            interaction(json!({"kind": "Telepathy"})),
            422,
        ),
        (
            "lower-case enum",
            &contact,
            interaction(json!({"channel": "phone"})),
            422,
        ),
        (
            "future date",
            &contact,
            interaction(json!({"occurred_on": "2026-06-16"})),
            422,
        ),
        (
            "impossible date",
            &contact,
            interaction(json!({"occurred_on": "2026-02-30"})),
            422,
        ),
        (
            "date as a number",
            &contact,
            interaction(json!({"occurred_on": 20260615})),
            422,
        ),
        (
            "next before occurred",
            &contact,
            interaction(json!({"next_contact_on": "2026-06-01"})),
            422,
        ),
        (
            "a birth date smuggled in",
            &contact,
            interaction(json!({"birth_date": "2090-01-01"})),
            422,
        ),
        (
            "negative recommend",
            &surveys,
            survey(json!({"recommend": -1})),
            422,
        ),
        (
            "absurd recommend",
            &surveys,
            survey(json!({"recommend": 1e12})),
            422,
        ),
        (
            "huge number",
            &surveys,
            r#"{"answered_on": "2026-06-10", "recommend": 1e400, "overall": 4}"#.into(),
            400,
        ),
        (
            "overall out of range",
            &surveys,
            survey(json!({"overall": 6})),
            422,
        ),
        (
            "unknown attribute",
            &surveys,
            survey(
                json!({"ratings": [{"attribute": "Vibes", "satisfaction": 3, "importance": 3}]}),
            ),
            422,
        ),
        (
            "duplicate attribute",
            &surveys,
            survey(json!({"ratings": [
            {"attribute": "Fees", "satisfaction": 3, "importance": 3},
            {"attribute": "Fees", "satisfaction": 4, "importance": 3}]})),
            422,
        ),
        (
            "future survey",
            &surveys,
            survey(json!({"answered_on": "2030-01-01"})),
            422,
        ),
        (
            "unknown severity",
            &complaints,
            json!({"channel": "Phone", "content_type": "Service", "severity": "Apocalyptic",
            "description": "x", "customer_request": "y"})
            .to_string(),
            422,
        ),
        (
            "empty description",
            &complaints,
            json!({"channel": "Phone", "content_type": "Service", "severity": "General",
            "description": "", "customer_request": "y"})
            .to_string(),
            422,
        ),
        (
            "version as a string",
            &next,
            r#"{"next_contact_on": null, "version": "1"}"#.into(),
            422,
        ),
        (
            "a date in the past",
            &next,
            r#"{"next_contact_on": "2001-01-01", "version": 1}"#.into(),
            422,
        ),
    ];
    let before = snapshot(&s).await;
    for (what, path, body, expected) in &cases {
        let method = if path.ends_with("next-contact") {
            Method::PUT
        } else {
            Method::POST
        };
        let r = rm01
            .request(method, s.url(path))
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        let err: ErrorBody = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{what}: not an ErrorBody ({e}): {text}"));
        assert_eq!(status, *expected, "{what}: {text}");
        if status == 422 {
            assert!(!err.fields.is_empty(), "{what}: no field named: {text}");
        }
    }
    // Not JSON at all, and no body.
    let r = rm01
        .post(s.url(&notes))
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    error(&r.json().await.unwrap());
    let r = rm01.post(s.url(&notes)).send().await.unwrap();
    assert_eq!(r.status(), 415);
    // A wrong path id, a non-numeric one, a wrong method.
    for (method, path, expected) in [
        (Method::POST, "/api/customers/abc/notes".to_owned(), 404),
        (Method::POST, "/api/customers/-1/notes".to_owned(), 404),
        (
            Method::POST,
            "/api/customers/99999999999999999999/notes".to_owned(),
            404,
        ),
        (Method::DELETE, notes.clone(), 405),
        (Method::PUT, format!("{notes}/abc"), 404),
    ] {
        let r = rm01
            .request(method.clone(), s.url(&path))
            .json(&if method == Method::PUT {
                json!({"text": "a", "version": 1})
            } else {
                json!({"text": "a"})
            })
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), expected, "{path}");
        error(&r.json().await.unwrap());
    }
    assert_eq!(
        snapshot(&s).await,
        before,
        "a refused request changed the database"
    );

    // Over the body limit: a JSON ErrorBody 413 (or the connection closed while sending).
    let big = format!(r#"{{"text": "{}"}}"#, "x".repeat(1_100_000));
    match rm01
        .post(s.url(&notes))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
    {
        Ok(r) => {
            assert_eq!(r.status(), 413);
            assert_eq!(error(&r.json().await.unwrap()).code, "payload_too_large");
        }
        Err(e) => assert!(e.is_request(), "{e}"),
    }
    assert_eq!(snapshot(&s).await, before);
}

// ------------------------------------------------------------------ the role matrix

/// Every customer id found under a `customer_id` key, or as the `id` of an object with
/// an `rm_id` (a customer record).
fn customer_ids(v: &Value, out: &mut BTreeSet<i64>) {
    match v {
        Value::Object(m) => {
            if let Some(id) = m.get("customer_id").and_then(Value::as_i64) {
                out.insert(id);
            }
            if m.contains_key("rm_id") && m.contains_key("branch_id") {
                if let Some(id) = m.get("id").and_then(Value::as_i64) {
                    out.insert(id);
                }
            }
            m.values().for_each(|v| customer_ids(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| customer_ids(v, out)),
        _ => {}
    }
}

async fn every_endpoint_answers_every_role_within_its_scope(s: TestServer) {
    let own = first_of(&s, 1).await; // rm01's, branch 1
    let other = first_of(&s, 5).await; // rm05's, branch 2
    let today = as_of().to_string();
    let roles = ["rm01", "manager01", "compliance01", "admin"];
    for role in roles {
        let client = s.signed_in(role).await;
        let visible: BTreeSet<i64> = match role {
            "rm01" => s.ids("SELECT id FROM customers WHERE rm_id = 1").await,
            "manager01" => s.ids("SELECT id FROM customers WHERE branch_id = 1").await,
            "compliance01" => s.ids("SELECT id FROM customers").await,
            _ => vec![],
        }
        .into_iter()
        .collect();
        for (target, customer) in [("own", own), ("other", other)] {
            let in_scope = visible.contains(&customer);
            let note_id = s
                .ids(&format!(
                    "SELECT COALESCE(MAX(id), 0) FROM notes WHERE customer_id = {customer}"
                ))
                .await[0];
            let note_v = s
                .ids(&format!(
                    "SELECT COALESCE(MAX(version), 1) FROM notes WHERE id = {note_id}"
                ))
                .await[0];
            let c = format!("/api/customers/{customer}");
            let endpoints: Vec<(Method, String, Value, bool)> = vec![
                (Method::GET, c.clone(), Value::Null, false),
                (Method::GET, format!("{c}/notes"), Value::Null, false),
                (
                    Method::POST,
                    format!("{c}/reveal"),
                    json!({"field": "phone"}),
                    false,
                ),
                (
                    Method::POST,
                    format!("{c}/notes"),
                    json!({"text": "matrix"}),
                    true,
                ),
                (
                    Method::PUT,
                    format!("{c}/notes/{note_id}"),
                    json!({"text": "matrix 2", "version": note_v}),
                    true,
                ),
                (
                    Method::POST,
                    format!("{c}/interactions"),
                    json!({"kind": "Call", "channel": "Phone", "occurred_on": today, "outcome": "NoAnswer"}),
                    true,
                ),
                (
                    Method::PUT,
                    format!("{c}/next-contact"),
                    json!({"next_contact_on": null, "version": -1}),
                    true,
                ),
                (
                    Method::POST,
                    format!("{c}/complaints"),
                    complaint_body("General"),
                    true,
                ),
                (
                    Method::POST,
                    format!("{c}/care/Holiday/done"),
                    json!({"channel": "Message"}),
                    true,
                ),
                (
                    Method::POST,
                    format!("{c}/care/Birthday/snooze"),
                    json!({"until": "2026-07-01"}),
                    true,
                ),
                (
                    Method::POST,
                    format!("{c}/surveys"),
                    json!({"answered_on": today, "recommend": 7, "overall": 3}),
                    true,
                ),
                (
                    Method::POST,
                    "/api/surveys/import".into(),
                    json!({"surveys": [{"customer_id": customer, "answered_on": today, "recommend": 7, "overall": 3}]}),
                    true,
                ),
            ];
            for (method, path, body, writes) in endpoints {
                let before = snapshot(&s).await;
                let (status, resp) = send(&client, &s, method.clone(), &path, body).await;
                let status = status.as_u16();
                // `next-contact` with version -1 is always stale: a 409 proves access.
                let ok = if path.ends_with("next-contact") {
                    409
                } else if method == Method::GET || path.ends_with("reveal") {
                    200
                } else if path.ends_with("/notes/0") {
                    404
                } else {
                    0
                };
                let expected: &[u16] = match (role, writes, in_scope) {
                    ("compliance01", true, _) => &[403],
                    (_, _, false) => &[404],
                    _ if ok != 0 => &[ok],
                    _ => &[200, 201],
                };
                assert!(
                    expected.contains(&status),
                    "{role} {method} {path} ({target}): {status} {resp}"
                );
                if status >= 400 {
                    let e = error(&resp);
                    if status == 403 {
                        assert_eq!(e.code, "read_only");
                    }
                    if writes {
                        assert_eq!(
                            snapshot(&s).await,
                            before,
                            "{role} {method} {path}: refused but changed"
                        );
                    }
                }
                let mut ids = BTreeSet::new();
                customer_ids(&resp, &mut ids);
                assert!(
                    ids.is_subset(&visible),
                    "{role} {method} {path}: out-of-scope ids {:?}",
                    ids.difference(&visible).collect::<Vec<_>>()
                );
            }
        }
        // The endpoints without a customer in the path.
        for (method, path, body) in [
            (Method::GET, "/api/book", Value::Null),
            (Method::GET, "/api/book/columns", Value::Null),
            (Method::GET, "/api/customers?limit=500", Value::Null),
            (Method::GET, "/api/customers?q=1&sort=aum_desc", Value::Null),
            (Method::GET, "/api/complaints", Value::Null),
            (Method::GET, "/api/complaints?state=overdue", Value::Null),
            (
                Method::GET,
                "/api/complaints/analysis?month=2026-06",
                Value::Null,
            ),
            (Method::GET, "/api/care", Value::Null),
            (Method::GET, "/api/users", Value::Null),
            (Method::GET, "/api/audit?limit=50", Value::Null),
            (
                Method::PUT,
                &*format!("/api/customers/{own}/owner"),
                json!({"rm_id": 1, "version": version_of(&s, own).await}),
            ),
        ] {
            let (status, resp) = send(&client, &s, method.clone(), path, body).await;
            let status = status.as_u16();
            let expected = match (path, role) {
                ("/api/users", "admin") => 200,
                ("/api/users", _) => 403,
                (p, "compliance01" | "admin") if p.starts_with("/api/audit") => 200,
                (p, _) if p.starts_with("/api/audit") => 403,
                (p, "manager01") if p.ends_with("/owner") => 200,
                (p, "compliance01") if p.ends_with("/owner") => 403,
                (p, "admin" | "rm01") if p.ends_with("/owner") => 403,
                _ => 200,
            };
            assert_eq!(status, expected, "{role} {method} {path}: {resp}");
            if !path.starts_with("/api/audit") {
                let mut ids = BTreeSet::new();
                customer_ids(&resp, &mut ids);
                if path == "/api/book/columns" {
                    // Parallel arrays: the customers are the `id` column.
                    ids.extend(
                        resp["id"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .filter_map(Value::as_i64),
                    );
                    assert_eq!(ids, visible, "{role} {path}: not exactly the scope");
                }
                assert!(ids.is_subset(&visible), "{role} {path}: out-of-scope ids");
            }
        }
    }
}

async fn the_openapi_document_describes_the_service_work(s: TestServer) {
    let (_, doc) = send(
        &s.client(),
        &s,
        Method::GET,
        "/api/openapi.json",
        Value::Null,
    )
    .await;
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/customers/{id}/notes",
        "/api/customers/{id}/notes/{note_id}",
        "/api/customers/{id}/interactions",
        "/api/customers/{id}/next-contact",
        "/api/customers/{id}/owner",
        "/api/customers/{id}/complaints",
        "/api/complaints",
        "/api/complaints/analysis",
        "/api/complaints/{id}/transitions",
        "/api/customers/{id}/care/{kind}/done",
        "/api/customers/{id}/care/{kind}/snooze",
        "/api/care",
        "/api/customers/{id}/surveys",
        "/api/surveys/import",
        "/api/users",
        "/api/users/{id}/password",
        "/api/users/{id}/disable",
        "/api/users/{id}/enable",
    ] {
        assert!(paths.contains_key(p), "{p} missing");
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for schema in [
        "BookResponse",
        "ErrorBody",
        "FieldProblem",
        "CustomerDetail",
        "Complaint",
        "NewInteraction",
        "ComplaintTransition",
        "SurveyImport",
        "NewUser",
    ] {
        assert!(schemas.contains_key(schema), "{schema} missing");
    }
    assert!(schemas["NewUser"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "password"));
}
