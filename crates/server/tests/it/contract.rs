//! The API's contract with its clients: a rejected body names every wrong field at once,
//! and the OpenAPI document says what each operation answers (the session it needs and
//! the error body of every error). On SQLite and, when `CLIENTBOOK_TEST_POSTGRES_URL` is
//! set, PostgreSQL.

use crate::common::TestServer;
use clientbook_domain::api::ErrorBody;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeMap;

on_both_databases!(
    a_body_with_three_wrong_fields_is_refused_naming_all_three,
    wrong_fields_deep_in_a_body_are_named_by_their_paths,
    unknown_fields_and_bad_json_are_still_refused,
    every_operation_but_the_public_ones_needs_a_session,
    every_documented_error_carries_an_error_body,
    dates_at_the_ends_of_the_calendar_are_not_a_server_error,
    a_nul_character_is_refused_not_a_server_error,
    a_policy_with_three_wrong_fields_is_refused_naming_all_three,
    the_policy_is_published_in_full_with_every_field_optional,
    a_policy_with_unknown_fields_is_refused_naming_each,
);

async fn post(client: &reqwest::Client, s: &TestServer, path: &str, body: &str) -> Response {
    send(client, s, Method::POST, path, body).await
}

async fn send(
    client: &reqwest::Client,
    s: &TestServer,
    method: Method,
    path: &str,
    body: &str,
) -> Response {
    let r = client
        .request(method, s.url(path))
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    let error = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("not an ErrorBody ({e}): {status} {text}"));
    Response { status, error }
}

struct Response {
    status: StatusCode,
    error: ErrorBody,
}

impl Response {
    /// Field → problem.
    fn problems(&self) -> BTreeMap<&str, &str> {
        self.error
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.problem.as_str()))
            .collect()
    }
}

/// Everything a refused write could have touched.
async fn written(s: &TestServer) -> Vec<i64> {
    let mut out = vec![];
    for table in [
        "interactions",
        "surveys",
        "survey_ratings",
        "notes",
        "audit_log",
    ] {
        out.push(
            s.ids(&format!("SELECT CAST(COUNT(*) AS BIGINT) FROM {table}"))
                .await[0],
        );
    }
    out.push(
        s.ids("SELECT CAST(SUM(version) AS BIGINT) FROM customers")
            .await[0],
    );
    out
}

async fn own_customer(s: &TestServer) -> i64 {
    s.ids("SELECT id FROM customers WHERE rm_id = 1 ORDER BY id")
        .await[0]
}

async fn a_body_with_three_wrong_fields_is_refused_naming_all_three(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let own = own_customer(&s).await;
    let before = written(&s).await;
    let r = post(
        &rm01,
        &s,
        &format!("/api/customers/{own}/interactions"),
        r#"{"kind": "Telepathy", "channel": "Phone", "occurred_on": "last Tuesday",
            "outcome": "Interested", "note": 42}"#,
    )
    .await;
    assert_eq!(r.status, 422, "{:?}", r.error);
    assert_eq!(r.error.code, "validation");
    let problems = r.problems();
    assert_eq!(
        problems.keys().copied().collect::<Vec<_>>(),
        vec!["kind", "note", "occurred_on"],
        "{problems:?}"
    );
    assert!(problems["kind"].contains("\"Visit\""), "{problems:?}");
    assert_eq!(problems["occurred_on"], "must be a date as YYYY-MM-DD");
    assert_eq!(problems["note"], "must be a string or null");
    assert_eq!(
        written(&s).await,
        before,
        "a refused request wrote something"
    );
}

async fn wrong_fields_deep_in_a_body_are_named_by_their_paths(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let own = own_customer(&s).await;
    let before = written(&s).await;
    let r = post(
        &rm01,
        &s,
        &format!("/api/customers/{own}/surveys"),
        &json!({
            "answered_on": "2026-06-10",
            "recommend": 300,
            "overall": "good",
            "ratings": [
                {"attribute": "Fees", "satisfaction": 3, "importance": 3},
                {"attribute": "Fees", "satisfaction": "high", "importance": 3, "comment": "x"},
            ],
        })
        .to_string(),
    )
    .await;
    assert_eq!(r.status, 422, "{:?}", r.error);
    assert_eq!(
        r.problems().keys().copied().collect::<Vec<_>>(),
        vec![
            "overall",
            "ratings[1].comment",
            "ratings[1].satisfaction",
            "recommend",
        ],
        "{:?}",
        r.error
    );
    let problems = r.problems();
    assert_eq!(problems["recommend"], "must be at most 10");
    // An import: each wrong row is named.
    let r = post(
        &rm01,
        &s,
        "/api/surveys/import",
        &json!({"surveys": [
            {"customer_id": own, "answered_on": "2026-06-10", "recommend": 9, "overall": 4},
            {"customer_id": "own", "answered_on": "2026-06-10", "recommend": 9, "overall": 4},
            {"customer_id": own, "answered_on": "2026-06-10", "recommend": 9},
        ]})
        .to_string(),
    )
    .await;
    assert_eq!(r.status, 422, "{:?}", r.error);
    assert_eq!(
        r.problems().keys().copied().collect::<Vec<_>>(),
        vec!["surveys[1].customer_id", "surveys[2].overall"],
        "{:?}",
        r.error
    );
    assert_eq!(
        written(&s).await,
        before,
        "a refused request wrote something"
    );
}

async fn unknown_fields_and_bad_json_are_still_refused(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let own = own_customer(&s).await;
    let notes = format!("/api/customers/{own}/notes");
    let before = written(&s).await;
    let r = post(&rm01, &s, &notes, r#"{"text": "a", "pinned": true}"#).await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.problems(),
        [("pinned", "is not a field of this request")].into()
    );
    // Syntax errors stay a 400 with the place of the error, even after a wrong field.
    for body in [r#"{"text": "#, r#"{"text": 5, "#, r#"{"text": "a"} x"#] {
        let r = post(&rm01, &s, &notes, body).await;
        assert_eq!(r.status, 400, "{body}: {:?}", r.error);
        assert_eq!(r.error.code, "bad_request");
        assert!(
            r.error.message.starts_with("The body is not valid JSON")
                && r.error.message.contains("line 1 column"),
            "{:?}",
            r.error
        );
        assert!(r.error.fields.is_empty());
    }
    assert_eq!(
        written(&s).await,
        before,
        "a refused request wrote something"
    );
}

/// Every (method, path template, operation) of the document.
fn operations(doc: &Value) -> Vec<(Method, String, Value)> {
    let mut out = vec![];
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            out.push((method, path.clone(), op.clone()));
        }
    }
    out
}

async fn every_operation_but_the_public_ones_needs_a_session(s: TestServer) {
    let doc = s.openapi().await;
    let anonymous = s.client();
    for (method, path, op) in operations(&doc) {
        let public = clientbook_server::error_docs::PUBLIC
            .contains(&(method.as_str().to_lowercase().as_str(), path.as_str()));
        // Any id will do: the session is checked first.
        let concrete = path
            .replace("{id}", "1")
            .replace("{note_id}", "1")
            .replace("{kind}", "Birthday");
        let mut req = anonymous.request(method.clone(), s.url(&concrete));
        if op.get("requestBody").is_some() {
            req = req.json(&json!({}));
        }
        let status = req.send().await.unwrap().status();
        let responses = op["responses"].as_object().unwrap();
        if public {
            assert_ne!(status, 401, "{method} {path} is public");
            assert!(op.get("security").is_none(), "{method} {path}");
        } else {
            assert_eq!(status, 401, "{method} {path} without a session");
            assert!(responses.contains_key("401"), "{method} {path}");
            assert_eq!(op["security"], json!([{"session": []}]), "{method} {path}");
        }
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["session"],
        json!({"type": "apiKey", "in": "cookie", "name": "cb_session",
            "description": "Set by `POST /api/session`; HttpOnly, SameSite=Strict."})
    );
}

async fn every_documented_error_carries_an_error_body(s: TestServer) {
    let doc = s.openapi().await;
    for (method, path, op) in operations(&doc) {
        let responses = op["responses"].as_object().unwrap();
        for (status, response) in responses {
            if !(status.starts_with('4') || status.starts_with('5')) {
                continue;
            }
            let schema = &response["content"]["application/json"]["schema"]["$ref"];
            // A 409 carries the record as it is now, except a taken unique value
            // (`already_exists`), which names its field as a 422 does.
            let taken = response["description"]
                .as_str()
                .is_some_and(|d| d.starts_with("already_exists"));
            // A retired customer's 404 names where it went (`customer_merged`).
            let merged = response["description"]
                .as_str()
                .is_some_and(|d| d.contains("customer_merged"));
            let expected = if status == "409" && !taken {
                "#/components/schemas/ConflictBody"
            } else if status == "404" && merged {
                "#/components/schemas/CustomerMergedBody"
            } else {
                "#/components/schemas/ErrorBody"
            };
            assert_eq!(schema, expected, "{method} {path} {status}");
        }
        if op.get("requestBody").is_some() {
            for status in ["400", "413", "415", "422"] {
                assert!(responses.contains_key(status), "{method} {path} {status}");
            }
        }
    }
}

async fn dates_at_the_ends_of_the_calendar_are_not_a_server_error(s: TestServer) {
    // chrono's first and last dates: "the day after" the last one does not exist.
    let compliance = s.signed_in("compliance01").await;
    for query in [
        "to=%2B262142-12-31",
        "from=%2B262142-12-31",
        "to=-262143-01-01",
        "from=-262143-01-01&to=%2B262142-12-31",
    ] {
        let r = compliance
            .get(s.url(&format!("/api/audit?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{query}");
    }
}

async fn a_nul_character_is_refused_not_a_server_error(s: TestServer) {
    // PostgreSQL cannot hold a NUL in text: it must be refused before a query sees it.
    let r = post(
        &s.client(),
        &s,
        "/api/session",
        r#"{"username": "rm01\u0000", "password": "clientbook-demo"}"#,
    )
    .await;
    assert_eq!(r.status, 422, "{:?}", r.error);
    assert_eq!(
        r.problems(),
        [("username", "must not contain the NUL character")].into()
    );
    let compliance = s.signed_in("compliance01").await;
    let r = compliance
        .get(s.url("/api/audit?user=rm%0001"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
}

async fn policy_now(client: &reqwest::Client, s: &TestServer) -> Value {
    let r = client.get(s.url("/api/policy")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn a_policy_with_three_wrong_fields_is_refused_naming_all_three(s: TestServer) {
    let admin = s.signed_in("admin").await;
    let before = policy_now(&admin, &s).await;
    let audit = s
        .ids("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log")
        .await;
    // The whole document, as the admin's policy editor sends it, wrong in three sections.
    let mut wrong = before.clone();
    wrong["tiers"]["gold"] = json!("50000");
    wrong["churn"]["window_months"] = json!(-3);
    wrong["care"]["occasions"][1]["min_tier"] = json!("Bronze");
    let r = send(&admin, &s, Method::PUT, "/api/policy", &wrong.to_string()).await;
    assert_eq!(r.status, 422, "{:?}", r.error);
    assert_eq!(r.error.code, "validation");
    let problems = r.problems();
    assert_eq!(
        problems.keys().copied().collect::<Vec<_>>(),
        vec![
            "care.occasions[1].min_tier",
            "churn.window_months",
            "tiers.gold"
        ],
        "{problems:?}"
    );
    assert_eq!(problems["tiers.gold"], "must be a whole number");
    assert_eq!(problems["churn.window_months"], "must be at least 0");
    assert!(
        problems["care.occasions[1].min_tier"].starts_with("must be one of \"Standard\""),
        "{problems:?}"
    );
    // A partial policy is still a policy (the rest are the defaults): only what is sent
    // and wrong is named, nothing is "required".
    let r = send(
        &admin,
        &s,
        Method::PUT,
        "/api/policy",
        r#"{"tiers": {"gold": 5000000}, "clv": {"horizon_years": 2.5}}"#,
    )
    .await;
    assert_eq!(r.status, 422, "{:?}", r.error);
    assert_eq!(
        r.problems(),
        [("clv.horizon_years", "must be a whole number")].into()
    );
    assert_eq!(policy_now(&admin, &s).await, before, "the policy changed");
    assert_eq!(
        s.ids("SELECT CAST(COUNT(*) AS BIGINT) FROM policy").await,
        vec![0],
        "a refused policy was stored"
    );
    assert_eq!(
        s.ids("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log")
            .await,
        audit,
        "a refused policy was audited"
    );
}

async fn the_policy_is_published_in_full_with_every_field_optional(s: TestServer) {
    let doc = s.openapi().await;
    let schemas = &doc["components"]["schemas"];
    let policy = &schemas["ScoringPolicy"];
    let sections = policy["properties"].as_object().unwrap();
    let defaults = serde_json::to_value(clientbook_domain::ScoringPolicy::default()).unwrap();
    assert_eq!(
        sections.keys().collect::<Vec<_>>(),
        defaults.as_object().unwrap().keys().collect::<Vec<_>>(),
        "every section of the policy is described"
    );
    // `#[serde(default)]`: a section or field left out takes its default.
    assert!(policy.get("required").is_none(), "{policy}");
    assert!(schemas["TierPolicy"].get("required").is_none());
    assert_eq!(
        schemas["TierPolicy"]["properties"]["gold"]["type"],
        "integer"
    );
    assert_eq!(
        schemas["CareOccasion"]["required"],
        json!(["on", "name_en", "name_zh", "min_tier"])
    );
    assert_eq!(
        schemas["Tier"]["enum"],
        json!(["Standard", "Gold", "Platinum", "Diamond", "PrivateBanking"])
    );
    // A partial body is taken as before: the rest of the policy is the defaults.
    let admin = s.signed_in("admin").await;
    let r = admin
        .put(s.url("/api/policy"))
        .json(&json!({"retention": {"list_size": 20}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let mut expected = defaults;
    expected["retention"]["list_size"] = json!(20);
    assert_eq!(policy_now(&admin, &s).await, expected);
}

async fn a_policy_with_unknown_fields_is_refused_naming_each(s: TestServer) {
    let admin = s.signed_in("admin").await;
    let before = policy_now(&admin, &s).await;
    // A typo at the top, one inside a section and one inside a list item: stored as they
    // are, each would be silently dropped and the bank would believe it had set them.
    let mut sent = before.clone();
    sent["tier"] = json!({"gold": 1});
    sent["churn"]["window_month"] = json!(6);
    sent["care"]["occasions"][0]["tiers"] = json!(["Gold"]);
    let r = send(&admin, &s, Method::PUT, "/api/policy", &sent.to_string()).await;
    assert_eq!(r.status, 422, "{:?}", r.error);
    assert_eq!(
        r.problems().keys().copied().collect::<Vec<_>>(),
        vec!["care.occasions[0].tiers", "churn.window_month", "tier"]
    );
    assert_eq!(policy_now(&admin, &s).await, before, "the policy changed");
    // The same document without them is accepted.
    let r = admin
        .put(s.url("/api/policy"))
        .json(&before)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}
