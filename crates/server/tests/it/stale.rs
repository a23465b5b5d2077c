//! Stale fields on the real server against SQLite and PostgreSQL (docs/rules.md, Stale
//! fields): which contact fields are due, confirming them (scoped, audited, 409 on a
//! stale version) and the count for home, which follows the policy.

use crate::common::{as_of, error_of, TestServer};
use clientbook_domain::stale::{ContactField, StaleFieldsView, StaleSummary};
use serde_json::json;

on_both_databases!(
    fields_count_from_the_kyc_review_until_confirmed,
    the_home_count_is_the_books_and_follows_the_policy,
    confirmations_are_refused_for_bad_input_role_or_version,
);

async fn rm_id(s: &TestServer, name: &str) -> i64 {
    s.ids(&format!("SELECT id FROM users WHERE username = '{name}'"))
        .await[0]
}

/// A year before the test bank's today: a KYC review on or before it is stale.
fn year_ago() -> String {
    (as_of() - chrono::Months::new(12)).to_string()
}

async fn view(s: &TestServer, c: &reqwest::Client, id: i64) -> StaleFieldsView {
    let r = c
        .get(s.url(&format!("/api/customers/{id}/stale-fields")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn summary(s: &TestServer, c: &reqwest::Client) -> StaleSummary {
    let r = c
        .get(s.url("/api/stale-fields/summary"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn confirm(
    s: &TestServer,
    c: &reqwest::Client,
    id: i64,
    body: serde_json::Value,
) -> reqwest::Response {
    c.post(s.url(&format!("/api/customers/{id}/stale-fields/confirm")))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// An rm01 customer whose KYC review is more than a year old.
async fn overdue_customer(s: &TestServer) -> i64 {
    let rm = rm_id(s, "rm01").await;
    s.ids(&format!(
        "SELECT id FROM customers WHERE rm_id = {rm} AND kyc_reviewed_on <= '{}' ORDER BY id",
        year_ago()
    ))
    .await[0]
}

async fn fields_count_from_the_kyc_review_until_confirmed(s: TestServer) {
    let rm = s.signed_in("rm01").await;
    let a = overdue_customer(&s).await;
    let before = view(&s, &rm, a).await;
    assert_eq!(before.fields.len(), 6);
    assert!(before.fields.iter().all(|f| f.stale), "{before:?}");

    let r = confirm(
        &s,
        &rm,
        a,
        json!({"fields": ["phone", "email", "phone"], "version": before.version}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let after: StaleFieldsView = r.json().await.unwrap();
    for f in &after.fields {
        let confirmed = matches!(f.field, ContactField::Phone | ContactField::Email);
        assert_eq!(f.stale, !confirmed, "{f:?}");
        if confirmed {
            assert_eq!(f.confirmed_on, as_of());
        }
    }
    assert!(after.version > before.version);
    let audited = s
        .ids(&format!(
            "SELECT id FROM audit_log WHERE action = 'confirm_fields' AND customer_id = {a}"
        ))
        .await;
    assert_eq!(audited.len(), 1);
    // Stored once per field, by who confirmed.
    let by = s
        .ids(&format!(
            "SELECT confirmed_by FROM field_confirmations WHERE customer_id = {a}"
        ))
        .await;
    assert_eq!(by, vec![rm_id(&s, "rm01").await; 2]);
}

async fn the_home_count_is_the_books_and_follows_the_policy(s: TestServer) {
    let rm = s.signed_in("rm01").await;
    let overdue = s
        .ids(&format!(
            "SELECT id FROM customers WHERE rm_id = {} AND kyc_reviewed_on <= '{}'",
            rm_id(&s, "rm01").await,
            year_ago()
        ))
        .await
        .len() as u32;
    assert!(overdue > 0);
    let first = summary(&s, &rm).await;
    assert_eq!(first.customers, overdue);
    assert_eq!(first.fields, overdue * 6);

    let a = overdue_customer(&s).await;
    let v = view(&s, &rm, a).await.version;
    let all = [
        "phone",
        "address",
        "occupation",
        "employer",
        "income_band",
        "email",
    ];
    assert_eq!(
        confirm(&s, &rm, a, json!({"fields": all, "version": v}))
            .await
            .status(),
        200
    );
    let second = summary(&s, &rm).await;
    assert_eq!(second.customers, overdue - 1);
    assert_eq!(second.fields, first.fields - 6);

    // The branch manager's count covers rm01's book and more.
    let manager = s.signed_in("manager01").await;
    assert!(summary(&s, &manager).await.customers >= second.customers);

    // A bank that accepts ten-year-old details has fewer to confirm.
    let admin = s.signed_in("admin").await;
    let mut policy: serde_json::Value = admin
        .get(s.url("/api/policy"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    policy["data_quality"]["stale_after_months"] = json!(120);
    let r = admin
        .put(s.url("/api/policy"))
        .json(&policy)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert!(summary(&s, &rm).await.customers < second.customers);
    policy["data_quality"]["stale_after_months"] = json!(0);
    let (status, e) = error_of(
        admin
            .put(s.url("/api/policy"))
            .json(&policy)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(e
        .fields
        .iter()
        .any(|f| f.field == "data_quality.stale_after_months"));
}

async fn confirmations_are_refused_for_bad_input_role_or_version(s: TestServer) {
    let rm = s.signed_in("rm01").await;
    let a = overdue_customer(&s).await;
    let v = view(&s, &rm, a).await.version;

    let (status, e) =
        error_of(confirm(&s, &rm, a, json!({"fields": [], "version": v})).await).await;
    assert_eq!(status, 422);
    assert_eq!(e.fields[0].field, "fields");
    let r = confirm(&s, &rm, a, json!({"fields": ["name"], "version": v})).await;
    assert_eq!(r.status(), 422, "not a contact field");
    let r = confirm(&s, &rm, a, json!({"fields": ["phone"], "version": v - 1})).await;
    assert_eq!(r.status(), 409);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "stale_version");
    assert_eq!(body["current"]["fields"].as_array().unwrap().len(), 6);

    let compliance = s.signed_in("compliance01").await;
    let r = confirm(
        &s,
        &compliance,
        a,
        json!({"fields": ["phone"], "version": v}),
    )
    .await;
    assert_eq!(r.status(), 403);
    let other = s.signed_in("rm02").await;
    let r = confirm(&s, &other, a, json!({"fields": ["phone"], "version": v})).await;
    assert_eq!(r.status(), 404);
    let r = other
        .get(s.url(&format!("/api/customers/{a}/stale-fields")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    // Nothing of the refused ones was written.
    assert!(s
        .ids(&format!(
            "SELECT customer_id FROM field_confirmations WHERE customer_id = {a}"
        ))
        .await
        .is_empty());
    assert_eq!(view(&s, &rm, a).await.version, v);
}
