//! Book ownership: a branch manager moves a customer between RMs of the branch.

use crate::common::TestServer;
use crate::service::helpers::*;
use reqwest::Method;
use serde_json::json;

crate::on_both_databases!(a_branch_manager_gives_a_customer_to_an_rm_of_the_branch,);

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
