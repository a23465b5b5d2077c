//! Surveys entered one by one or imported, all or nothing.

use crate::common::TestServer;
use crate::service::helpers::*;
use reqwest::Method;
use serde_json::json;

crate::on_both_databases!(surveys_are_entered_or_imported_all_or_nothing,);

async fn surveys_are_entered_or_imported_all_or_nothing(s: TestServer) {
    let own: Vec<i64> = s
        .ids("SELECT id FROM customers WHERE rm_id = 1 ORDER BY id")
        .await;
    // rm05's last customer: an id of several digits, so that the 404 below can be
    // searched for it (a one-digit id would match the row index it names).
    let theirs = *s
        .ids("SELECT id FROM customers WHERE rm_id = 5 ORDER BY id")
        .await
        .last()
        .unwrap();
    assert!(theirs >= 10, "{theirs}");
    let rm01 = s.signed_in("rm01").await;
    let compliance = s.signed_in("compliance01").await;
    let good = |c: i64| {
        json!({"customer_id": c, "answered_on": "2026-06-10", "recommend": 9, "overall": 4,
        "ratings": [{"attribute": "WaitingTime", "satisfaction": 3, "importance": 5}]})
    };
    let surveys_of =
        |c: i64| format!("SELECT CAST(COUNT(*) AS BIGINT) FROM surveys WHERE customer_id = {c}");
    let n0 = count(&s, &surveys_of(own[0])).await;
    let (status, created) = send(
        &rm01,
        &s,
        Method::POST,
        &format!("/api/customers/{}/surveys", own[0]),
        json!({
            "answered_on": "2026-06-10", "recommend": 10, "overall": 5,
            "ratings": [{"attribute": "Expertise", "satisfaction": 5, "importance": 4}]
        }),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(count(&s, &surveys_of(own[0])).await, n0 + 1);
    let b = book(&rm01, &s).await;
    let c = b.customers.iter().find(|c| c.id.0 == own[0]).unwrap();
    assert!(c
        .surveys
        .iter()
        .any(|v| v.recommend == 10 && v.ratings.len() == 1));

    // One bad row of four: 422 naming every bad field, nothing stored.
    let before = snapshot(&s).await;
    let mut rows = vec![good(own[0]), good(own[1]), good(own[0]), good(own[1])];
    rows[1]["overall"] = json!(0);
    rows[3]["recommend"] = json!(11);
    rows[3]["ratings"][0]["importance"] = json!(6);
    rows[2]["answered_on"] = json!("2027-01-01");
    let (status, body) = send(
        &rm01,
        &s,
        Method::POST,
        "/api/surveys/import",
        json!({"surveys": rows}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        fields(&body),
        [
            "surveys[1].overall",
            "surveys[2].answered_on",
            "surveys[3].recommend",
            "surveys[3].ratings[0].importance"
        ]
        .map(String::from)
        .into()
    );
    // A mistyped value is named by its path.
    let mut rows = vec![good(own[0]), good(own[1])];
    rows[1]["recommend"] = json!(300);
    let (status, body) = send(
        &rm01,
        &s,
        Method::POST,
        "/api/surveys/import",
        json!({"surveys": rows}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), fields(&body)),
        (422, ["surveys[1].recommend".to_owned()].into())
    );
    // An out-of-scope customer: 404 naming the row.
    let rows = vec![good(own[0]), good(own[1]), good(theirs)];
    let (status, body) = send(
        &rm01,
        &s,
        Method::POST,
        "/api/surveys/import",
        json!({"surveys": rows}),
    )
    .await;
    assert_eq!(
        (status.as_u16(), error(&body).code.as_str()),
        (404, "not_found")
    );
    assert_eq!(fields(&body), ["surveys[2].customer_id".to_owned()].into());
    assert!(!body.to_string().contains(&theirs.to_string()));
    let (status, _) = send(
        &compliance,
        &s,
        Method::POST,
        "/api/surveys/import",
        json!({"surveys": [good(own[0])]}),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(snapshot(&s).await, before);

    let (status, created) = send(
        &rm01,
        &s,
        Method::POST,
        "/api/surveys/import",
        json!({"surveys": [good(own[0]), good(own[1])]}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["ids"].as_array().unwrap().len(), 2);
    assert_eq!(audits(&s, "import_survey", own[0]).await, 1);
    assert_eq!(audits(&s, "import_survey", own[1]).await, 1);
}
