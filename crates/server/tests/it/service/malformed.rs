//! Malformed requests are refused and change nothing.

use crate::common::TestServer;
use crate::service::helpers::*;
use clientbook_domain::api::ErrorBody;
use reqwest::Method;
use serde_json::{json, Value};

crate::on_both_databases!(malformed_requests_are_refused_and_change_nothing,);

async fn malformed_requests_are_refused_and_change_nothing(s: TestServer) {
    let own = first_of(&s, 1).await;
    let rm01 = s.signed_in("rm01").await;
    let notes = format!("/api/customers/{own}/notes");
    let contact = format!("/api/customers/{own}/interactions");
    let complaints = format!("/api/customers/{own}/complaints");
    let surveys = format!("/api/customers/{own}/surveys");
    let next = format!("/api/customers/{own}/next-contact");
    let interaction = |extra: Value| {
        let mut v = json!({"kind": "Call", "channel": "Phone", "occurred_on": "2026-06-15", "outcome": "Interested"});
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v.to_string()
    };
    let survey = |extra: Value| {
        let mut v = json!({"answered_on": "2026-06-10", "recommend": 9, "overall": 4});
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v.to_string()
    };
    let cases: Vec<(&str, &String, String, u16)> = vec![
        ("bad JSON", &notes, r#"{"text": "#.into(), 400),
        ("trailing garbage", &notes, r#"{"text": "a"} x"#.into(), 400),
        ("an array", &notes, r#"["text"]"#.into(), 422),
        ("wrong type", &notes, r#"{"text": 5}"#.into(), 422),
        ("null text", &notes, r#"{"text": null}"#.into(), 422),
        ("missing field", &notes, "{}".into(), 422),
        ("empty text", &notes, r#"{"text": ""}"#.into(), 422),
        ("blank text", &notes, r#"{"text": "  \n "}"#.into(), 422),
        (
            "overlong text",
            &notes,
            json!({"text": "字".repeat(4001)}).to_string(),
            422,
        ),
        ("NUL in text", &notes, r#"{"text": "a\u0000b"}"#.into(), 422),
        (
            "unknown field",
            &notes,
            r#"{"text": "a", "pinned": true}"#.into(),
            422,
        ),
        (
            "an amount smuggled in",
            &notes,
            r#"{"text": "a", "amount": -500}"#.into(),
            422,
        ),
        (
            "unknown enum",
            &contact,
            interaction(json!({"kind": "Telepathy"})),
            422,
        ),
        (
            "lower-case enum",
            &contact,
            interaction(json!({"channel": "phone"})),
            422,
        ),
        (
            "future date",
            &contact,
            interaction(json!({"occurred_on": "2026-06-16"})),
            422,
        ),
        (
            "impossible date",
            &contact,
            interaction(json!({"occurred_on": "2026-02-30"})),
            422,
        ),
        (
            "date as a number",
            &contact,
            interaction(json!({"occurred_on": 20260615})),
            422,
        ),
        (
            "next before occurred",
            &contact,
            interaction(json!({"next_contact_on": "2026-06-01"})),
            422,
        ),
        (
            "a birth date smuggled in",
            &contact,
            interaction(json!({"birth_date": "2090-01-01"})),
            422,
        ),
        (
            "negative recommend",
            &surveys,
            survey(json!({"recommend": -1})),
            422,
        ),
        (
            "absurd recommend",
            &surveys,
            survey(json!({"recommend": 1e12})),
            422,
        ),
        (
            "huge number",
            &surveys,
            r#"{"answered_on": "2026-06-10", "recommend": 1e400, "overall": 4}"#.into(),
            400,
        ),
        (
            "overall out of range",
            &surveys,
            survey(json!({"overall": 6})),
            422,
        ),
        (
            "unknown attribute",
            &surveys,
            survey(
                json!({"ratings": [{"attribute": "Vibes", "satisfaction": 3, "importance": 3}]}),
            ),
            422,
        ),
        (
            "duplicate attribute",
            &surveys,
            survey(json!({"ratings": [
            {"attribute": "Fees", "satisfaction": 3, "importance": 3},
            {"attribute": "Fees", "satisfaction": 4, "importance": 3}]})),
            422,
        ),
        (
            "future survey",
            &surveys,
            survey(json!({"answered_on": "2030-01-01"})),
            422,
        ),
        (
            "unknown severity",
            &complaints,
            json!({"channel": "Phone", "content_type": "Service", "severity": "Apocalyptic",
            "description": "x", "customer_request": "y"})
            .to_string(),
            422,
        ),
        (
            "empty description",
            &complaints,
            json!({"channel": "Phone", "content_type": "Service", "severity": "General",
            "description": "", "customer_request": "y"})
            .to_string(),
            422,
        ),
        (
            "version as a string",
            &next,
            r#"{"next_contact_on": null, "version": "1"}"#.into(),
            422,
        ),
        (
            "a date in the past",
            &next,
            r#"{"next_contact_on": "2001-01-01", "version": 1}"#.into(),
            422,
        ),
    ];
    let before = snapshot(&s).await;
    for (what, path, body, expected) in &cases {
        let method = if path.ends_with("next-contact") {
            Method::PUT
        } else {
            Method::POST
        };
        let r = rm01
            .request(method, s.url(path))
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        let err: ErrorBody = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{what}: not an ErrorBody ({e}): {text}"));
        assert_eq!(status, *expected, "{what}: {text}");
        if status == 422 {
            assert!(!err.fields.is_empty(), "{what}: no field named: {text}");
        }
    }
    // Not JSON at all, and no body.
    let r = rm01
        .post(s.url(&notes))
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    error(&r.json().await.unwrap());
    let r = rm01.post(s.url(&notes)).send().await.unwrap();
    assert_eq!(r.status(), 415);
    // A wrong path id, a non-numeric one, a wrong method.
    for (method, path, expected) in [
        (Method::POST, "/api/customers/abc/notes".to_owned(), 404),
        (Method::POST, "/api/customers/-1/notes".to_owned(), 404),
        (
            Method::POST,
            "/api/customers/99999999999999999999/notes".to_owned(),
            404,
        ),
        (Method::DELETE, notes.clone(), 405),
        (Method::PUT, format!("{notes}/abc"), 404),
    ] {
        let r = rm01
            .request(method.clone(), s.url(&path))
            .json(&if method == Method::PUT {
                json!({"text": "a", "version": 1})
            } else {
                json!({"text": "a"})
            })
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), expected, "{path}");
        error(&r.json().await.unwrap());
    }
    assert_eq!(
        snapshot(&s).await,
        before,
        "a refused request changed the database"
    );

    // Over the body limit: a JSON ErrorBody 413 (or the connection closed while sending).
    let big = format!(r#"{{"text": "{}"}}"#, "x".repeat(1_100_000));
    match rm01
        .post(s.url(&notes))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
    {
        Ok(r) => {
            assert_eq!(r.status(), 413);
            assert_eq!(error(&r.json().await.unwrap()).code, "payload_too_large");
        }
        Err(e) => assert!(e.is_request(), "{e}"),
    }
    assert_eq!(snapshot(&s).await, before);
}
