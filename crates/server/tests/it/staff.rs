//! `GET /api/staff` on the real server against SQLite and PostgreSQL: each role sees
//! exactly the staff of its scope, and another branch's staff never appear to a branch
//! manager or an RM.

use crate::common::TestServer;
use clientbook_domain::api::{Role, StaffResponse};
use clientbook_domain::BranchId;
use std::collections::BTreeSet;

on_both_databases!(
    each_role_sees_exactly_the_staff_of_its_scope,
    signed_out_is_refused
);

async fn staff_of(s: &TestServer, username: &str) -> StaffResponse {
    let r = s
        .signed_in(username)
        .await
        .get(s.url("/api/staff"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{username}");
    r.json().await.unwrap()
}

async fn each_role_sees_exactly_the_staff_of_its_scope(s: TestServer) {
    // The users as stored, read past the API.
    let users = s.storage.users(None).await.unwrap();
    let pick = |keep: &dyn Fn(&clientbook_domain::service::UserSummary) -> bool| -> BTreeSet<i64> {
        users.iter().filter(|u| keep(u)).map(|u| u.id.0).collect()
    };
    let all = pick(&|_| true);
    let branch_one_rms =
        pick(&|u| u.role == Role::RelationshipManager && u.branch_id == Some(BranchId(1)));
    let branch_two = pick(&|u| u.branch_id == Some(BranchId(2)));
    assert!(!branch_one_rms.is_empty() && !branch_two.is_empty());
    let rm01 = pick(&|u| u.username == "rm01");

    let ids = |r: &StaffResponse| -> BTreeSet<i64> { r.staff.iter().map(|m| m.id.0).collect() };

    let rm = staff_of(&s, "rm01").await;
    assert_eq!(ids(&rm), rm01);
    assert_eq!(rm.staff[0].role, Role::RelationshipManager);
    assert!(!rm.staff[0].display_name.is_empty());

    let manager = staff_of(&s, "manager01").await;
    assert_eq!(ids(&manager), branch_one_rms);
    assert!(manager
        .staff
        .iter()
        .all(|m| m.role == Role::RelationshipManager));
    assert!(
        ids(&manager).is_disjoint(&branch_two),
        "another branch's staff"
    );

    for everyone in ["compliance01", "admin"] {
        assert_eq!(ids(&staff_of(&s, everyone).await), all, "{everyone}");
    }

    // Only ids, display names and roles leave the server.
    let raw: serde_json::Value = s
        .signed_in("compliance01")
        .await
        .get(s.url("/api/staff"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let keys: BTreeSet<&str> = raw["staff"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, BTreeSet::from(["id", "display_name", "role"]));
}

async fn signed_out_is_refused(s: TestServer) {
    let r = s.client().get(s.url("/api/staff")).send().await.unwrap();
    assert_eq!(r.status(), 401);
}
