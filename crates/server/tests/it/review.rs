//! The printable client review on the real server against SQLite and PostgreSQL
//! (docs/rules.md, Client review): opening it is audited as an export, within the
//! caller's scope only.

use crate::common::{as_of, TestServer};
use clientbook_domain::review::ReviewStamp;

on_both_databases!(opening_the_review_is_an_audited_export_of_a_customer_in_scope);

async fn opening_the_review_is_an_audited_export_of_a_customer_in_scope(s: TestServer) {
    let rm = s.signed_in("rm01").await;
    let rm01 = s.ids("SELECT id FROM users WHERE username = 'rm01'").await[0];
    let id = s
        .ids(&format!(
            "SELECT id FROM customers WHERE rm_id = {rm01} ORDER BY id"
        ))
        .await[0];
    let audited = || async {
        s.ids(&format!(
            "SELECT id FROM audit_log WHERE action = 'print_review' AND customer_id = {id}"
        ))
        .await
        .len()
    };
    assert_eq!(audited().await, 0);
    let r = rm
        .get(s.url(&format!("/api/customers/{id}/review")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let stamp: ReviewStamp = r.json().await.unwrap();
    assert_eq!(stamp.customer_id.0, id);
    assert_eq!(stamp.prepared_on, as_of());
    assert!(!stamp.prepared_by.is_empty());
    assert_eq!(audited().await, 1);

    // Another RM's customer does not exist, and nothing is audited for it.
    let other = s.signed_in("rm02").await;
    let r = other
        .get(s.url(&format!("/api/customers/{id}/review")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(audited().await, 1);
}
