//! Complaints: steps, deadlines, lists and the monthly analysis.

use crate::common::{as_of, TestServer};
use crate::service::helpers::*;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;

crate::on_both_databases!(
    complaints_move_one_step_forward_and_close_with_a_resolution_and_feedback,
    deadlines_skip_the_weekend_and_the_dragon_boat_holiday,
    complaints_are_listed_by_deadline_and_analysed_by_month,
);

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

/// Monday 2026-09-28, before National Day: a general complaint's five working days skip
/// Oct 1–7 and count the make-up Saturday Oct 10.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_general_complaint_before_national_day_counts_the_make_up_saturday() {
    let s = TestServer::start_with(crate::common::Db::Sqlite, |c| {
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
