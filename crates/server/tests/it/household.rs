//! Households on the real server against SQLite and PostgreSQL (docs/rules.md,
//! Households): adding and taking out members by hand (scoped, audited, 409 on a stale
//! version), the combined figures over the members the caller may see, and a member of
//! another RM's book shown only as a count — never by id, name or money.

use crate::common::{error_of, TestServer};
use clientbook_domain::api::CustomerDetail;
use clientbook_domain::household::HouseholdView;
use clientbook_domain::tier::tier_for_aum;
use clientbook_domain::{Money, ScoringPolicy};
use serde_json::json;

on_both_databases!(
    an_rm_builds_a_household_from_their_own_book,
    a_member_outside_the_book_is_counted_never_shown_nor_summed,
    changes_are_refused_for_the_wrong_member_role_or_version,
);

async fn user_id(s: &TestServer, name: &str) -> i64 {
    s.ids(&format!("SELECT id FROM users WHERE username = '{name}'"))
        .await[0]
}

/// Customers of `rm` in no household, by id.
async fn loners_of(s: &TestServer, rm: &str) -> Vec<i64> {
    let rm = user_id(s, rm).await;
    s.ids(&format!(
        "SELECT id FROM customers WHERE rm_id = {rm} AND household_id IS NULL ORDER BY id"
    ))
    .await
}

async fn household(s: &TestServer, c: &reqwest::Client, id: i64) -> HouseholdView {
    let r = c
        .get(s.url(&format!("/api/customers/{id}/household")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn aum(s: &TestServer, c: &reqwest::Client, id: i64) -> Money {
    let r = c
        .get(s.url(&format!("/api/customers/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json::<CustomerDetail>().await.unwrap().customer.aum()
}

async fn add(
    s: &TestServer,
    c: &reqwest::Client,
    id: i64,
    member: i64,
    role: &str,
    version: i64,
) -> reqwest::Response {
    c.post(s.url(&format!("/api/customers/{id}/household/members")))
        .json(&json!({"member": member, "role": role, "version": version}))
        .send()
        .await
        .unwrap()
}

async fn audits(s: &TestServer, action: &str, customer: i64) -> usize {
    s.ids(&format!(
        "SELECT id FROM audit_log WHERE action = '{action}' AND customer_id = {customer}"
    ))
    .await
    .len()
}

async fn an_rm_builds_a_household_from_their_own_book(s: TestServer) {
    let rm = s.signed_in("rm01").await;
    let own = loners_of(&s, "rm01").await;
    let (a, b) = (own[0], own[1]);

    let alone = household(&s, &rm, a).await;
    assert_eq!(alone.members.len(), 1);
    assert_eq!(alone.members[0].id.0, a);
    assert!(alone.summary.is_none());

    let r = add(&s, &rm, a, b, "Spouse", alone.version).await;
    assert_eq!(r.status(), 200);
    let two: HouseholdView = r.json().await.unwrap();
    let ids: Vec<i64> = two.members.iter().map(|m| m.id.0).collect();
    assert_eq!(ids, [a, b], "the customer first");
    assert_eq!(
        two.members[1].role,
        Some(clientbook_domain::api::HouseholdRole::Spouse)
    );
    let sum = two.summary.clone().expect("a household now");
    let expected = aum(&s, &rm, a).await + aum(&s, &rm, b).await;
    assert_eq!(sum.combined_aum, expected);
    assert_eq!(
        sum.allocation.iter().copied().sum::<Money>(),
        sum.combined_aum
    );
    assert_eq!(
        sum.tier,
        tier_for_aum(expected, &ScoringPolicy::default().tiers)
    );
    assert_eq!((sum.members_counted, sum.others_not_in_book), (2, 0));
    assert!(two.version > alone.version);
    assert_eq!(audits(&s, "household_add", a).await, 1);
    // The member's own page shows the household too.
    assert_eq!(household(&s, &rm, b).await.members[0].id.0, b);

    // Taking the spouse out leaves the customer alone; an empty household is gone.
    let r = rm
        .delete(s.url(&format!("/api/customers/{a}/household/members/{b}")))
        .json(&json!({"version": two.version}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let after: HouseholdView = r.json().await.unwrap();
    assert_eq!(after.members.len(), 1);
    assert_eq!(audits(&s, "household_remove", a).await, 1);
    assert!(household(&s, &rm, b).await.summary.is_none());
    let r = rm
        .delete(s.url(&format!("/api/customers/{a}/household/members/{a}")))
        .json(&json!({"version": after.version}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(household(&s, &rm, a).await.summary.is_none());
    assert!(s
        .ids(
            "SELECT h.id FROM households h WHERE NOT EXISTS \
             (SELECT 1 FROM customers c WHERE c.household_id = h.id)"
        )
        .await
        .is_empty());
}

async fn a_member_outside_the_book_is_counted_never_shown_nor_summed(s: TestServer) {
    let rm = s.signed_in("rm01").await;
    let other_rm = s.signed_in("rm02").await;
    let manager = s.signed_in("manager01").await;
    let a = loners_of(&s, "rm01").await[0];
    let x = loners_of(&s, "rm02").await[0];
    // rm02 must be in rm01's branch for the branch manager to join them.
    assert_eq!(
        s.ids(&format!(
            "SELECT branch_id FROM customers WHERE id IN ({a}, {x})"
        ))
        .await
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len(),
        1
    );
    let version = household(&s, &manager, a).await.version;
    let r = add(&s, &manager, a, x, "Child", version).await;
    assert_eq!(r.status(), 200);
    let whole: HouseholdView = r.json().await.unwrap();
    assert_eq!(whole.members.len(), 2, "the branch manager sees both");
    let x_aum = aum(&s, &manager, x).await;
    let a_aum = aum(&s, &manager, a).await;
    assert!(x_aum > Money::ZERO);
    assert_eq!(whole.summary.unwrap().combined_aum, a_aum + x_aum);

    // rm01 sees their own customer and a count; the body names nothing of X.
    let body = rm
        .get(s.url(&format!("/api/customers/{a}/household")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let seen: HouseholdView = serde_json::from_str(&body).unwrap();
    assert_eq!(seen.members.len(), 1);
    assert_eq!(seen.members[0].id.0, a);
    let sum = seen.summary.unwrap();
    assert_eq!(sum.others_not_in_book, 1);
    assert_eq!(sum.members_counted, 1);
    assert_eq!(
        sum.combined_aum, a_aum,
        "X's money is not in rm01's figures"
    );
    assert!(!body.contains(&format!("\"id\":{x}")), "{body}");
    assert!(!body.contains(&x_aum.fen().to_string()), "{body}");
    assert!(!body.contains("Child"), "X's role: {body}");
    // Nor does the customer record's household list.
    let detail = rm
        .get(s.url(&format!("/api/customers/{a}")))
        .send()
        .await
        .unwrap()
        .json::<CustomerDetail>()
        .await
        .unwrap();
    assert!(detail.household.iter().all(|m| m.id.0 != x));
    // X's own household is not reachable by rm01, and rm02 sees the mirror image.
    let r = rm
        .get(s.url(&format!("/api/customers/{x}/household")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let mirror = household(&s, &other_rm, x).await;
    assert_eq!(mirror.members.len(), 1);
    assert_eq!(mirror.summary.unwrap().combined_aum, x_aum);
    // rm01 cannot take X out (not in their book): 422 naming the member, nothing written.
    let r = rm
        .delete(s.url(&format!("/api/customers/{a}/household/members/{x}")))
        .json(&json!({"version": seen.version}))
        .send()
        .await
        .unwrap();
    let (status, e) = error_of(r).await;
    assert_eq!(status, 422);
    assert_eq!(e.fields[0].field, "member");
    assert_eq!(household(&s, &manager, a).await.members.len(), 2);
}

async fn changes_are_refused_for_the_wrong_member_role_or_version(s: TestServer) {
    let rm = s.signed_in("rm01").await;
    let own = loners_of(&s, "rm01").await;
    let (a, b, c) = (own[0], own[1], own[2]);
    let x = loners_of(&s, "rm02").await[0];
    let v = household(&s, &rm, a).await.version;

    // Another RM's customer cannot be added; nothing is written.
    let (status, e) = error_of(add(&s, &rm, a, x, "Spouse", v).await).await;
    assert_eq!(status, 422);
    assert_eq!(e.fields[0].field, "member");
    // Nor the customer themself.
    assert_eq!(add(&s, &rm, a, a, "Spouse", v).await.status(), 422);
    // A role that does not exist names the field.
    assert_eq!(add(&s, &rm, a, b, "Cousin", v).await.status(), 422);
    assert_eq!(household(&s, &rm, a).await.version, v, "nothing written");
    assert_eq!(audits(&s, "household_add", a).await, 0);

    // A stale version: 409 with the household as it is.
    assert_eq!(add(&s, &rm, a, b, "Spouse", v).await.status(), 200);
    let r = add(&s, &rm, a, c, "Child", v).await;
    assert_eq!(r.status(), 409);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "stale_version");
    assert_eq!(body["current"]["members"].as_array().unwrap().len(), 2);
    // Someone in another household must leave it first.
    let v = household(&s, &rm, c).await.version;
    let (status, e) = error_of(add(&s, &rm, c, b, "Spouse", v).await).await;
    assert_eq!(status, 422);
    assert!(e.fields[0].problem.contains("another household"));

    // Compliance changes nothing; another RM's customer does not exist.
    let compliance = s.signed_in("compliance01").await;
    assert_eq!(add(&s, &compliance, a, c, "Child", v).await.status(), 403);
    let other = s.signed_in("rm02").await;
    assert_eq!(add(&s, &other, a, c, "Child", v).await.status(), 404);
}
