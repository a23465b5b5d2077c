//! The role matrix: every endpoint answers every role within its scope.

use crate::common::{as_of, TestServer};
use crate::service::helpers::*;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;

crate::on_both_databases!(every_endpoint_answers_every_role_within_its_scope,);

/// Every customer id found under a `customer_id` key, or as the `id` of an object with
/// an `rm_id` (a customer record).
fn customer_ids(v: &Value, out: &mut BTreeSet<i64>) {
    match v {
        Value::Object(m) => {
            if let Some(id) = m.get("customer_id").and_then(Value::as_i64) {
                out.insert(id);
            }
            if m.contains_key("rm_id") && m.contains_key("branch_id") {
                if let Some(id) = m.get("id").and_then(Value::as_i64) {
                    out.insert(id);
                }
            }
            m.values().for_each(|v| customer_ids(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| customer_ids(v, out)),
        _ => {}
    }
}

async fn every_endpoint_answers_every_role_within_its_scope(s: TestServer) {
    let own = first_of(&s, 1).await; // rm01's, branch 1
    let other = first_of(&s, 5).await; // rm05's, branch 2
    let today = as_of().to_string();
    let roles = ["rm01", "manager01", "compliance01", "admin"];
    for role in roles {
        let client = s.signed_in(role).await;
        let visible: BTreeSet<i64> = match role {
            "rm01" => s.ids("SELECT id FROM customers WHERE rm_id = 1").await,
            "manager01" => s.ids("SELECT id FROM customers WHERE branch_id = 1").await,
            "compliance01" => s.ids("SELECT id FROM customers").await,
            _ => vec![],
        }
        .into_iter()
        .collect();
        for (target, customer) in [("own", own), ("other", other)] {
            let in_scope = visible.contains(&customer);
            let note_id = s
                .ids(&format!(
                    "SELECT COALESCE(MAX(id), 0) FROM notes WHERE customer_id = {customer}"
                ))
                .await[0];
            let note_v = s
                .ids(&format!(
                    "SELECT COALESCE(MAX(version), 1) FROM notes WHERE id = {note_id}"
                ))
                .await[0];
            let c = format!("/api/customers/{customer}");
            let endpoints: Vec<(Method, String, Value, bool)> = vec![
                (Method::GET, c.clone(), Value::Null, false),
                (Method::GET, format!("{c}/notes"), Value::Null, false),
                (
                    Method::POST,
                    format!("{c}/reveal"),
                    json!({"field": "phone"}),
                    false,
                ),
                (
                    Method::POST,
                    format!("{c}/notes"),
                    json!({"text": "matrix"}),
                    true,
                ),
                (
                    Method::PUT,
                    format!("{c}/notes/{note_id}"),
                    json!({"text": "matrix 2", "version": note_v}),
                    true,
                ),
                (
                    Method::POST,
                    format!("{c}/interactions"),
                    json!({"kind": "Call", "channel": "Phone", "occurred_on": today, "outcome": "NoAnswer"}),
                    true,
                ),
                (
                    Method::PUT,
                    format!("{c}/next-contact"),
                    json!({"next_contact_on": null, "version": -1}),
                    true,
                ),
                (
                    Method::POST,
                    format!("{c}/complaints"),
                    complaint_body("General"),
                    true,
                ),
                (
                    Method::POST,
                    format!("{c}/care/Holiday/done"),
                    json!({"channel": "Message"}),
                    true,
                ),
                (
                    Method::POST,
                    format!("{c}/care/Birthday/snooze"),
                    json!({"until": "2026-07-01"}),
                    true,
                ),
                (
                    Method::POST,
                    format!("{c}/surveys"),
                    json!({"answered_on": today, "recommend": 7, "overall": 3}),
                    true,
                ),
                (
                    Method::POST,
                    "/api/surveys/import".into(),
                    json!({"surveys": [{"customer_id": customer, "answered_on": today, "recommend": 7, "overall": 3}]}),
                    true,
                ),
            ];
            for (method, path, body, writes) in endpoints {
                let before = snapshot(&s).await;
                let (status, resp) = send(&client, &s, method.clone(), &path, body).await;
                let status = status.as_u16();
                // `next-contact` with version -1 is always stale: a 409 proves access.
                let ok = if path.ends_with("next-contact") {
                    409
                } else if method == Method::GET || path.ends_with("reveal") {
                    200
                } else if path.ends_with("/notes/0") {
                    404
                } else {
                    0
                };
                let expected: &[u16] = match (role, writes, in_scope) {
                    ("compliance01", true, _) => &[403],
                    (_, _, false) => &[404],
                    _ if ok != 0 => &[ok],
                    _ => &[200, 201],
                };
                assert!(
                    expected.contains(&status),
                    "{role} {method} {path} ({target}): {status} {resp}"
                );
                if status >= 400 {
                    let e = error(&resp);
                    if status == 403 {
                        assert_eq!(e.code, "read_only");
                    }
                    if writes {
                        assert_eq!(
                            snapshot(&s).await,
                            before,
                            "{role} {method} {path}: refused but changed"
                        );
                    }
                }
                let mut ids = BTreeSet::new();
                customer_ids(&resp, &mut ids);
                assert!(
                    ids.is_subset(&visible),
                    "{role} {method} {path}: out-of-scope ids {:?}",
                    ids.difference(&visible).collect::<Vec<_>>()
                );
            }
        }
        // The endpoints without a customer in the path.
        for (method, path, body) in [
            (Method::GET, "/api/book", Value::Null),
            (Method::GET, "/api/book/columns", Value::Null),
            (Method::GET, "/api/customers?limit=500", Value::Null),
            (Method::GET, "/api/customers?q=1&sort=aum_desc", Value::Null),
            (Method::GET, "/api/complaints", Value::Null),
            (Method::GET, "/api/complaints?state=overdue", Value::Null),
            (
                Method::GET,
                "/api/complaints/analysis?month=2026-06",
                Value::Null,
            ),
            (Method::GET, "/api/care", Value::Null),
            (Method::GET, "/api/users", Value::Null),
            (Method::GET, "/api/audit?limit=50", Value::Null),
            (
                Method::PUT,
                &*format!("/api/customers/{own}/owner"),
                json!({"rm_id": 1, "version": version_of(&s, own).await}),
            ),
        ] {
            let (status, resp) = send(&client, &s, method.clone(), path, body).await;
            let status = status.as_u16();
            let expected = match (path, role) {
                ("/api/users", "admin") => 200,
                ("/api/users", _) => 403,
                (p, "compliance01" | "admin") if p.starts_with("/api/audit") => 200,
                (p, _) if p.starts_with("/api/audit") => 403,
                (p, "manager01") if p.ends_with("/owner") => 200,
                (p, "compliance01") if p.ends_with("/owner") => 403,
                (p, "admin" | "rm01") if p.ends_with("/owner") => 403,
                _ => 200,
            };
            assert_eq!(status, expected, "{role} {method} {path}: {resp}");
            if !path.starts_with("/api/audit") {
                let mut ids = BTreeSet::new();
                customer_ids(&resp, &mut ids);
                if path == "/api/book/columns" {
                    // Parallel arrays: the customers are the `id` column.
                    ids.extend(
                        resp["id"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .filter_map(Value::as_i64),
                    );
                    assert_eq!(ids, visible, "{role} {path}: not exactly the scope");
                }
                assert!(ids.is_subset(&visible), "{role} {path}: out-of-scope ids");
            }
        }
    }
}
