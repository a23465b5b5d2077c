//! Meeting mode on a real server and database: the session's lock to one customer, the
//! regulated display (nothing above the client's level), the PIN and its lockout, and
//! the hash chain of signed summaries catching a change made in the database.

use crate::common::{error_of, TestServer};
use clientbook_domain::meeting::MeetingView;
use clientbook_domain::suitability;
use reqwest::Client;
use serde_json::{json, Value};
use sqlx::Row;

on_both_databases!(
    a_meeting_locks_the_session_to_its_one_customer,
    nothing_above_the_clients_level_is_shown_and_a_warning_is_recorded,
    five_wrong_pins_end_the_session_and_the_right_one_unlocks_it,
    the_chain_check_finds_a_summary_or_signature_changed_in_the_database,
    the_clients_interest_becomes_an_opportunity_linked_to_the_meeting,
);

const PIN: &str = "2468";

/// A customer of `rm` whose level leaves products above it (C1–C3, assessed).
async fn customer_of(s: &TestServer, rm: &str) -> i64 {
    s.ids(&format!(
        "SELECT c.id FROM customers c JOIN users u ON u.id = c.rm_id WHERE u.username = '{rm}' \
         AND c.risk_level IN ('C1', 'C2', 'C3') ORDER BY c.id"
    ))
    .await[0]
}

async fn post(c: &Client, s: &TestServer, path: &str, body: Value) -> reqwest::Response {
    c.post(s.url(path)).json(&body).send().await.unwrap()
}

async fn get(c: &Client, s: &TestServer, path: &str) -> reqwest::Response {
    c.get(s.url(path)).send().await.unwrap()
}

async fn set_pin(c: &Client, s: &TestServer) {
    let r = c
        .put(s.url("/api/me/pin"))
        .json(&json!({"pin": PIN}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
}

/// rm01 signed in, PIN set, in a meeting with `customer`.
async fn in_meeting(s: &TestServer, customer: i64) -> (Client, MeetingView) {
    let rm = s.signed_in("rm01").await;
    set_pin(&rm, s).await;
    let r = post(
        &rm,
        s,
        &format!("/api/customers/{customer}/meeting"),
        json!({}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let view: MeetingView = get(&rm, s, "/api/meeting").await.json().await.unwrap();
    (rm, view)
}

fn signature() -> Value {
    json!({"width": 600, "height": 200, "strokes": [[[10, 10], [50, 40], [90, 20]]]})
}

async fn count(s: &TestServer, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

async fn a_meeting_locks_the_session_to_its_one_customer(s: TestServer) {
    let own = customer_of(&s, "rm01").await;
    let other = customer_of(&s, "rm02").await;
    let rm = s.signed_in("rm01").await;
    let (status, body) =
        error_of(post(&rm, &s, &format!("/api/customers/{own}/meeting"), json!({})).await).await;
    assert_eq!(
        (status.as_u16(), body.fields[0].field.as_str()),
        (422, "pin"),
        "no PIN set yet"
    );
    set_pin(&rm, &s).await;
    let r = post(
        &rm,
        &s,
        &format!("/api/customers/{other}/meeting"),
        json!({}),
    )
    .await;
    assert_eq!(
        r.status(),
        404,
        "another RM's customer does not exist for rm01"
    );
    let compliance = s.signed_in("compliance01").await;
    let r = post(
        &compliance,
        &s,
        &format!("/api/customers/{own}/meeting"),
        json!({}),
    )
    .await;
    assert_eq!(r.status(), 403);

    let r = post(&rm, &s, &format!("/api/customers/{own}/meeting"), json!({})).await;
    assert_eq!(r.status(), 201);
    for path in [
        "/api/book",
        "/api/book/columns",
        &format!("/api/customers/{own}"),
        "/api/customers",
        "/api/audit",
    ] {
        let (status, body) = error_of(get(&rm, &s, path).await).await;
        assert_eq!(
            (status.as_u16(), body.code.as_str()),
            (423, "meeting_in_progress"),
            "{path}"
        );
    }
    let r = post(
        &rm,
        &s,
        &format!("/api/customers/{own}/notes"),
        json!({"text": "x"}),
    )
    .await;
    assert_eq!(r.status(), 423, "no write to the book either");
    let me: Value = get(&rm, &s, "/api/me").await.json().await.unwrap();
    assert!(
        me["meeting_id"].as_i64().is_some(),
        "the app learns it is in a meeting: {me}"
    );
    let view: MeetingView = get(&rm, &s, "/api/meeting").await.json().await.unwrap();
    assert_eq!(view.customer.id.0, own);
    assert!(view.customer.complaints.is_empty() && view.customer.surveys.is_empty());
    assert!(view.customer.name.contains('*'), "the name stays masked");
    assert_eq!(
        count(&s, &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'read_meeting' AND customer_id = {own}")).await,
        1
    );
    let reveal: Value = post(&rm, &s, "/api/meeting/reveal", json!({"field": "phone"}))
        .await
        .json()
        .await
        .unwrap();
    assert!(!reveal["value"].as_str().unwrap().contains('*'));
    let r = post(
        &rm,
        &s,
        "/api/meeting/reveal",
        json!({"field": "id_number"}),
    )
    .await;
    assert_eq!(r.status(), 422, "only the phone in a meeting");
    // Another session of the same advisor is not locked: the lock is the session's.
    let desk = s.signed_in("rm01").await;
    assert_eq!(get(&desk, &s, "/api/book").await.status(), 200);
    assert_eq!(get(&desk, &s, "/api/meeting").await.status(), 404);
}

async fn nothing_above_the_clients_level_is_shown_and_a_warning_is_recorded(s: TestServer) {
    let own = customer_of(&s, "rm01").await;
    let (rm, view) = in_meeting(&s, own).await;
    let profile = suitability::score(&view.customer, &view.policy, view.today);
    let above = view
        .shelf
        .iter()
        .find(|p| !profile.allows(p.risk))
        .expect("a product above C3");
    let within = view
        .shelf
        .iter()
        .find(|p| profile.allows(p.risk))
        .expect("an R1 product");

    let (status, body) = error_of(
        post(
            &rm,
            &s,
            "/api/meeting/shown",
            json!({"product_id": above.id.0}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status.as_u16(), body.fields[0].field.as_str()),
        (422, "product_id")
    );
    assert_eq!(
        count(
            &s,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_products_shown"
        )
        .await,
        0
    );

    let r = post(
        &rm,
        &s,
        "/api/meeting/shown",
        json!({"product_id": within.id.0}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let r = post(
        &rm,
        &s,
        "/api/meeting/warnings",
        json!({"product_id": within.id.0}),
    )
    .await;
    assert_eq!(r.status(), 422, "no warning for a product within the level");
    let r = post(
        &rm,
        &s,
        "/api/meeting/warnings",
        json!({"product_id": above.id.0}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let view: MeetingView = get(&rm, &s, "/api/meeting").await.json().await.unwrap();
    assert_eq!(view.shown.len(), 1);
    assert_eq!(view.warnings[0].product_id, above.id);

    let (status, body) = error_of(
        post(&rm, &s, "/api/meeting/end", json!({
            "interest": [above.id.0], "confirmed": true, "signature": signature(), "survey": null
        }))
        .await,
    )
    .await;
    assert_eq!(
        (status.as_u16(), body.fields[0].field.as_str()),
        (422, "interest[0]")
    );
    assert_eq!(
        count(
            &s,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM meeting_signatures"
        )
        .await,
        0
    );
    for action in ["show_product", "risk_warning"] {
        assert_eq!(
            count(
                &s,
                &format!(
                    "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = '{action}'"
                )
            )
            .await,
            1,
            "{action}"
        );
    }
}

async fn five_wrong_pins_end_the_session_and_the_right_one_unlocks_it(s: TestServer) {
    let own = customer_of(&s, "rm01").await;
    let (rm, _) = in_meeting(&s, own).await;
    let r = post(&rm, &s, "/api/meeting/exit", json!({"pin": PIN})).await;
    assert_eq!(r.status(), 204);
    assert_eq!(get(&rm, &s, "/api/book").await.status(), 200, "unlocked");

    let r = post(&rm, &s, &format!("/api/customers/{own}/meeting"), json!({})).await;
    assert_eq!(r.status(), 201);
    for left in (1..=4).rev() {
        let (status, body) =
            error_of(post(&rm, &s, "/api/meeting/exit", json!({"pin": "0000"})).await).await;
        assert_eq!((status.as_u16(), body.code.as_str()), (403, "wrong_pin"));
        assert!(body.message.contains(&left.to_string()), "{}", body.message);
        assert_eq!(
            get(&rm, &s, "/api/book").await.status(),
            423,
            "still locked"
        );
    }
    let r = post(&rm, &s, "/api/meeting/exit", json!({"pin": "0000"})).await;
    assert_eq!(r.status(), 401, "the fifth wrong PIN ends the session");
    assert_eq!(get(&rm, &s, "/api/me").await.status(), 401);
    assert_eq!(get(&rm, &s, "/api/book").await.status(), 401);
    assert_eq!(
        count(
            &s,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'meeting_pin_failed'"
        )
        .await,
        5
    );
}

async fn sign(s: &TestServer, customer: i64, kano: bool) -> Value {
    let (rm, view) = in_meeting(s, customer).await;
    let profile = suitability::score(&view.customer, &view.policy, view.today);
    let within = view.shelf.iter().find(|p| profile.allows(p.risk)).unwrap();
    post(
        &rm,
        s,
        "/api/meeting/shown",
        json!({"product_id": within.id.0}),
    )
    .await;
    let survey = json!({
        "recommend": 9, "overall": 5,
        "ratings": [{"attribute": "Fees", "satisfaction": 4, "importance": 5}],
        "kano": if kano { json!([{"attribute": "Fees", "functional": "like", "dysfunctional": "dislike"}]) } else { json!([]) }
    });
    let r = post(
        &rm,
        s,
        "/api/meeting/end",
        json!({
            "note": "Reviewed the portfolio.", "interest": [within.id.0], "survey": survey,
            "confirmed": true, "signature": signature()
        }),
    )
    .await;
    assert_eq!(r.status(), 201);
    let ended: Value = r.json().await.unwrap();
    let r = post(
        &rm,
        s,
        "/api/meeting/end",
        json!({"confirmed": true, "signature": signature(), "survey": null}),
    )
    .await;
    assert_eq!(r.status(), 409, "signed once");
    assert_eq!(
        get(&rm, s, "/api/book").await.status(),
        423,
        "signed, still locked until the PIN"
    );
    assert_eq!(
        post(&rm, s, "/api/meeting/exit", json!({"pin": PIN}))
            .await
            .status(),
        204
    );
    ended
}

async fn the_chain_check_finds_a_summary_or_signature_changed_in_the_database(s: TestServer) {
    let own = customer_of(&s, "rm01").await;
    let before = count(
        &s,
        &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM interactions WHERE customer_id = {own}"),
    )
    .await;
    let first = sign(&s, own, true).await;
    let second = sign(&s, own, false).await;
    assert_eq!(
        count(
            &s,
            &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM interactions WHERE customer_id = {own}")
        )
        .await,
        before + 2,
        "each meeting is one contact on the timeline"
    );
    assert_eq!(
        count(&s, "SELECT CAST(COUNT(*) AS BIGINT) FROM survey_kano").await,
        1
    );
    let rm = s.signed_in("rm01").await;
    let kano: Value = get(&rm, &s, "/api/satisfaction/kano")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(kano["pairs"][0]["functional"], "like");

    let compliance = s.signed_in("compliance01").await;
    assert_eq!(get(&rm, &s, "/api/audit/meeting-chain").await.status(), 403);
    let check: Value = get(&compliance, &s, "/api/audit/meeting-chain")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (check["records"].as_i64(), check["intact"].as_bool()),
        (Some(2), Some(true)),
        "{check}"
    );
    let id1 = first["summary"]["meeting_id"].as_i64().unwrap();
    let id2 = second["summary"]["meeting_id"].as_i64().unwrap();
    let stored: Value = get(&compliance, &s, &format!("/api/audit/meetings/{id1}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stored["record_hash"], first["record_hash"]);
    assert_eq!(stored["summary"]["note"], "Reviewed the portfolio.");

    // A change made behind the application's back: the summary of the first meeting.
    sqlx::query("UPDATE meeting_signatures SET summary = REPLACE(summary, 'Reviewed', 'Skipped') WHERE meeting_id = $1")
        .bind(id1)
        .execute(s.pool())
        .await
        .unwrap();
    let check: Value = get(&compliance, &s, "/api/audit/meeting-chain")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(check["intact"], false);
    assert_eq!(check["breaks"][0]["meeting_id"].as_i64(), Some(id1));
    assert!(check["breaks"][0]["problem"]
        .as_str()
        .unwrap()
        .starts_with("record"));

    // Rewriting the hashes to match does not help: the chain and the audit log disagree.
    let summary: String =
        sqlx::query("SELECT summary FROM meeting_signatures WHERE meeting_id = $1")
            .bind(id1)
            .fetch_one(s.pool())
            .await
            .unwrap()
            .get(0);
    let sig: String = sqlx::query("SELECT signature FROM meeting_signatures WHERE meeting_id = $1")
        .bind(id1)
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get(0);
    let record = clientbook_server::storage::record_hash(&summary, &sig);
    let chain =
        clientbook_server::storage::chain_hash(clientbook_server::storage::GENESIS_HASH, &record);
    sqlx::query(
        "UPDATE meeting_signatures SET record_hash = $1, chain_hash = $2 WHERE meeting_id = $3",
    )
    .bind(&record)
    .bind(&chain)
    .bind(id1)
    .execute(s.pool())
    .await
    .unwrap();
    let check: Value = get(&compliance, &s, "/api/audit/meeting-chain")
        .await
        .json()
        .await
        .unwrap();
    let breaks = check["breaks"].as_array().unwrap();
    let of = |id: i64| {
        breaks
            .iter()
            .find(|b| b["meeting_id"].as_i64() == Some(id))
            .map(|b| b["problem"].as_str().unwrap().to_owned())
    };
    assert!(of(id1).unwrap().contains("audit"), "{check}");
    assert!(
        of(id2).unwrap().contains("chain"),
        "the next link no longer follows: {check}"
    );

    // The signature of the second meeting.
    sqlx::query("UPDATE meeting_signatures SET signature = REPLACE(signature, '90', '91') WHERE meeting_id = $1")
        .bind(id2)
        .execute(s.pool())
        .await
        .unwrap();
    let check: Value = get(&compliance, &s, "/api/audit/meeting-chain")
        .await
        .json()
        .await
        .unwrap();
    let breaks = check["breaks"].as_array().unwrap();
    assert!(
        breaks.iter().any(|b| b["meeting_id"].as_i64() == Some(id2)
            && b["problem"].as_str().unwrap().contains("record")),
        "{check}"
    );
}

async fn the_clients_interest_becomes_an_opportunity_linked_to_the_meeting(s: TestServer) {
    let customer = customer_of(&s, "rm01").await;
    let (rm, view) = in_meeting(&s, customer).await;
    let profile = suitability::score(&view.customer, &view.policy, view.today);
    let within = view.shelf.iter().find(|p| profile.allows(p.risk)).unwrap();
    let before = count(&s, "SELECT CAST(COUNT(*) AS BIGINT) FROM opportunities").await;
    // Noted twice (two taps): one opportunity.
    let r = post(
        &rm,
        &s,
        "/api/meeting/end",
        json!({
            "interest": [within.id.0, within.id.0], "confirmed": true,
            "signature": signature(), "survey": null
        }),
    )
    .await;
    assert_eq!(r.status(), 201);
    let meeting_id = r.json::<Value>().await.unwrap()["summary"]["meeting_id"].clone();
    assert_eq!(
        count(&s, "SELECT CAST(COUNT(*) AS BIGINT) FROM opportunities").await,
        before + 1
    );
    let r = post(&rm, &s, "/api/meeting/exit", json!({"pin": PIN})).await;
    assert_eq!(r.status(), 204);
    // In the RM's pipeline: from the meeting, at "interested" (or "identified" when the
    // client's protection must be confirmed first), with its opening move recorded.
    let list: Value = get(
        &rm,
        &s,
        &format!("/api/opportunities?customer_id={customer}"),
    )
    .await
    .json()
    .await
    .unwrap();
    let from_meeting: Vec<&Value> = list["opportunities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["source"] == "meeting")
        .collect();
    assert_eq!(from_meeting.len(), 1, "{list}");
    let o = from_meeting[0];
    let stage = clientbook_domain::opportunity::meeting_interest_stage(
        &profile,
        within.risk,
        within.family,
    );
    assert_eq!(o["stage"], json!(stage));
    assert_eq!(o["product_id"], within.id.0);
    assert_eq!(o["source_detail"]["meeting_id"], meeting_id);
    assert_eq!(o["events"].as_array().unwrap().len(), 1);
    // Audited with the signing, in its one entry.
    let detail: String = sqlx::query(&format!(
        "SELECT detail FROM audit_log WHERE action = 'sign_meeting' AND customer_id = {customer}"
    ))
    .fetch_one(s.pool())
    .await
    .unwrap()
    .get(0);
    assert!(
        detail.contains(&format!("opportunities={}", o["id"])),
        "{detail}"
    );
    // Nobody opens a "meeting" opportunity by hand.
    let r = post(
        &rm,
        &s,
        "/api/opportunities",
        json!({
            "customer_id": customer, "product_family": within.family, "product_id": within.id.0,
            "expected_amount_fen": 100_000, "source": "meeting"
        }),
    )
    .await;
    let (status, body) = error_of(r).await;
    assert_eq!(
        (status.as_u16(), body.fields[0].field.as_str()),
        (422, "source")
    );
}
