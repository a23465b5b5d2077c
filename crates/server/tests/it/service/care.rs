//! Care items marked done or snoozed.

use crate::common::{as_of, TestServer};
use crate::service::helpers::*;
use reqwest::Method;
use serde_json::{json, Value};

crate::on_both_databases!(care_items_are_marked_done_or_snoozed,);

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
