//! The contact log and the contact plan.

use crate::common::{as_of, TestServer};
use crate::service::helpers::*;
use reqwest::Method;
use serde_json::json;
use sqlx::Row;

crate::on_both_databases!(a_contact_moves_the_contact_plan_and_bumps_the_version,);

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
