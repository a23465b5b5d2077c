//! Notes: kept verbatim, edited with their history.

use crate::common::TestServer;
use crate::service::helpers::*;
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::Row;

crate::on_both_databases!(
    notes_are_kept_verbatim_edited_with_history_and_stale_edits_get_the_current_note,
);

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
