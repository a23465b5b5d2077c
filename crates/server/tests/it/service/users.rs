//! Staff accounts, managed by an admin.

use crate::common::{TestServer, PASSWORD};
use crate::service::helpers::*;
use reqwest::Method;
use serde_json::{json, Value};

crate::on_both_databases!(an_admin_manages_users_and_disabling_ends_their_sessions,);

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
        (409, ["username".to_owned()].into())
    );
    assert_eq!(error(&body).code, "already_exists");
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
