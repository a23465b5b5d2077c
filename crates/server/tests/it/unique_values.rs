//! A unique value taken twice at once (two admins creating the same username) answers
//! one 201 and one 409 naming the field, never a 500: the database's constraint decides,
//! and its violation is mapped where every error is.

use crate::common::TestServer;
use clientbook_domain::api::ErrorBody;
use clientbook_domain::error_code::ErrorCode;
use serde_json::json;

on_both_databases!(the_same_username_created_twice_at_once_is_one_201_and_one_409);

async fn the_same_username_created_twice_at_once_is_one_201_and_one_409(s: TestServer) {
    // Two sessions, as two admins would have (the demo bank has one admin).
    let (first, second) = (s.signed_in("admin").await, s.signed_in("admin").await);
    for round in 0..3 {
        let body = json!({
            "username": format!("twin{round}"),
            "display_name": "Twin",
            "role": "Compliance",
            "password": "a long enough password",
        });
        let (a, b) = tokio::join!(
            first.post(s.url("/api/users")).json(&body).send(),
            second.post(s.url("/api/users")).json(&body).send(),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [201, 409], "round {round}");
        let refused = if a.status() == 409 { a } else { b };
        let error: ErrorBody = refused.json().await.expect("an ErrorBody");
        assert_eq!(error.code, ErrorCode::AlreadyExists);
        assert_eq!(error.fields.len(), 1);
        assert_eq!(error.fields[0].field, "username");
    }
    let names = s
        .ids("SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE username LIKE 'twin%'")
        .await;
    assert_eq!(names, [3], "one user per name");
}
