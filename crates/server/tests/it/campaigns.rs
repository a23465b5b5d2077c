//! Campaigns and rule measures on the real server against SQLite and PostgreSQL: the
//! segment is frozen at start (later changes to the book leave it as it was), customers
//! who opted out of marketing are left out and counted, each role sees its own, a
//! response moves one way, and the results and rule measures count what happened.

use crate::common::{error_of, TestServer};
use clientbook_domain::campaign::{
    Campaign, CampaignMembers, CampaignResults, CampaignStatus, Exclusion, MemberResponse,
};
use clientbook_domain::measures::{ReasonKind, RuleMeasures, ShownRecorded};
use serde_json::json;
use std::collections::BTreeSet;

on_both_databases!(
    a_started_campaign_keeps_its_frozen_segment_and_leaves_out_opt_outs,
    responses_move_one_way_and_the_results_count_them,
    a_bad_definition_is_refused_with_every_field_named,
    shown_recommendations_are_measured_by_reason,
    the_demo_bank_has_a_finished_campaign_with_responses
);

async fn exec(s: &TestServer, sql: &str) {
    sqlx::query(sql).execute(s.pool()).await.unwrap();
}

fn definition(name: &str) -> serde_json::Value {
    json!({
        "name": name,
        "kind": "MaturityDrive",
        "goal": "Keep maturing deposits",
        "offer": "A better rate for 12 months",
        "starts_on": "2026-06-15",
        "ends_on": "2026-07-15",
        "segment": {"tier_at_least": "Standard"}
    })
}

/// manager01 defines and starts a campaign for every customer of branch 1.
async fn started(s: &TestServer, name: &str) -> Campaign {
    let manager = s.signed_in("manager01").await;
    let r = manager
        .post(s.url("/api/campaigns"))
        .json(&definition(name))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let draft: Campaign = r.json().await.unwrap();
    assert_eq!(draft.status, CampaignStatus::Draft);
    let r = manager
        .post(s.url(&format!("/api/campaigns/{}/start", draft.id)))
        .json(&json!({"version": draft.version}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn members(s: &TestServer, user: &str, id: i64) -> CampaignMembers {
    let r = s
        .signed_in(user)
        .await
        .get(s.url(&format!("/api/campaigns/{id}/members")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{user}");
    r.json().await.unwrap()
}

async fn a_started_campaign_keeps_its_frozen_segment_and_leaves_out_opt_outs(s: TestServer) {
    // The demo bank has its own opt-outs: start from none.
    exec(&s, "UPDATE customers SET marketing_opt_out = 0").await;
    let rm01 = s.ids("SELECT id FROM users WHERE username = 'rm01'").await[0];
    let mine = s
        .ids(&format!(
            "SELECT id FROM customers WHERE rm_id = {rm01} ORDER BY id"
        ))
        .await;
    let opted: BTreeSet<i64> = mine[..2].iter().copied().collect();
    exec(
        &s,
        &format!(
            "UPDATE customers SET marketing_opt_out = 1 WHERE id IN ({}, {})",
            mine[0], mine[1]
        ),
    )
    .await;
    let branch: BTreeSet<i64> = s
        .ids("SELECT id FROM customers WHERE branch_id = 1")
        .await
        .into_iter()
        .collect();

    // A draft is not an RM's work yet.
    let manager = s.signed_in("manager01").await;
    let draft: Campaign = manager
        .post(s.url("/api/campaigns"))
        .json(&definition("Draft only"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rm_list: serde_json::Value = s
        .signed_in("rm01")
        .await
        .get(s.url("/api/campaigns"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(rm_list["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["id"] != draft.id.0));

    let c = started(&s, "Everyone in branch 1").await;
    assert_eq!(c.status, CampaignStatus::Running);
    assert_eq!(c.excluded, 2, "the two opt-outs are counted apart");
    assert_eq!(c.members as usize + 2, branch.len());

    // The manager sees the whole branch, the opt-outs marked and left out.
    let all = members(&s, "manager01", c.campaign_id()).await;
    let ids: BTreeSet<i64> = all.members.iter().map(|m| m.customer_id.0).collect();
    assert_eq!(ids, branch);
    let left_out: BTreeSet<i64> = all
        .members
        .iter()
        .filter(|m| m.excluded == Some(Exclusion::MarketingOptOut))
        .map(|m| m.customer_id.0)
        .collect();
    assert_eq!(left_out, opted);
    assert!(all.members.iter().all(|m| m.name.contains('*')), "masked");
    assert!(
        all.members.iter().all(|m| !m.reasons.is_empty()),
        "why kept"
    );

    // rm01 sees only their own members; rm05 (branch 2) and the segment's campaign not at all.
    let own = members(&s, "rm01", c.campaign_id()).await;
    assert!(own.members.iter().all(|m| m.rm_id.0 == rm01));
    assert_eq!(own.members.len(), mine.len());
    let other = s.signed_in("rm05").await;
    let r = other
        .get(s.url(&format!("/api/campaigns/{}/members", c.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = other
        .put(s.url(&format!("/api/campaigns/{}/members/{}", c.id, mine[5])))
        .json(&json!({"response": "Invited", "version": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        404,
        "another branch's RM cannot touch the member"
    );

    // Later changes to the book leave the frozen segment as it was.
    exec(
        &s,
        &format!(
            "UPDATE customers SET marketing_opt_out = 1 WHERE id = {}",
            mine[3]
        ),
    )
    .await;
    let rm02 = s.ids("SELECT id FROM users WHERE username = 'rm02'").await[0];
    exec(
        &s,
        &format!("UPDATE customers SET rm_id = {rm02} WHERE id = {}", mine[4]),
    )
    .await;
    exec(&s, "DELETE FROM holdings WHERE customer_id IN (SELECT id FROM customers WHERE branch_id = 1 AND id % 3 = 0)").await;
    let again = members(&s, "manager01", c.campaign_id()).await;
    let frozen = |m: &CampaignMembers| -> Vec<(i64, i64, bool, String)> {
        m.members
            .iter()
            .map(|x| {
                (
                    x.customer_id.0,
                    x.rm_id.0,
                    x.excluded.is_some(),
                    format!("{:?}", x.reasons),
                )
            })
            .collect()
    };
    assert_eq!(frozen(&again), frozen(&all));
    assert_eq!(again.campaign.excluded, 2);

    // Starting twice is a stale write.
    let r = manager
        .post(s.url(&format!("/api/campaigns/{}/start", c.id)))
        .json(&json!({"version": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await.1.code, "stale_version");
}

trait Id {
    fn campaign_id(&self) -> i64;
}
impl Id for Campaign {
    fn campaign_id(&self) -> i64 {
        self.id.0
    }
}

async fn responses_move_one_way_and_the_results_count_them(s: TestServer) {
    let rm01 = s.ids("SELECT id FROM users WHERE username = 'rm01'").await[0];
    let first = s
        .ids(&format!(
            "SELECT id FROM customers WHERE rm_id = {rm01} ORDER BY id"
        ))
        .await[0];
    exec(
        &s,
        &format!("UPDATE customers SET marketing_opt_out = 0 WHERE id = {first}"),
    )
    .await;
    let c = started(&s, "Responses").await;
    let rm = s.signed_in("rm01").await;
    let url = s.url(&format!("/api/campaigns/{}/members/{first}", c.id));
    let put = |body: serde_json::Value| rm.put(&url).json(&body).send();

    let r = put(json!({"response": "Invited", "contacted": true, "version": 1}))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let m: clientbook_domain::campaign::CampaignMember = r.json().await.unwrap();
    assert_eq!(m.response, MemberResponse::Invited);
    assert!(m.contacted_at.is_some());

    let (status, body) = error_of(
        put(json!({"response": "Invited", "version": 1}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status.as_u16(), body.code.as_str()),
        (409, "stale_version")
    );
    let (status, body) = error_of(
        put(json!({"response": "None", "version": m.version}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status.as_u16(), body.code.as_str()),
        (409, "illegal_transition")
    );
    let (status, body) = error_of(
        put(json!({"response": "Bogus", "version": m.version}))
            .await
            .unwrap(),
    )
    .await;
    assert!(status.is_client_error(), "{status} {body:?}");

    let r = put(json!({"response": "Accepted", "version": m.version}))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = put(json!({"response": "Attended", "version": m.version + 1}))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (status, _) = error_of(
        put(json!({"response": "Declined", "version": m.version + 2}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status.as_u16(), 409, "attended is final");

    // Compliance reads, never writes.
    let r = s
        .signed_in("compliance01")
        .await
        .put(&url)
        .json(&json!({"contacted": true, "version": 4}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await.1.code, "read_only");

    // A won opportunity for the attendee, and one for a member not reached.
    let not_reached = s
        .ids(&format!(
            "SELECT m.customer_id FROM campaign_members m WHERE m.campaign_id = {} \
             AND m.excluded IS NULL AND m.response = 'None' ORDER BY m.customer_id",
            c.id
        ))
        .await[0];
    let now = chrono::Utc::now().timestamp_millis();
    for (customer, stage, amount) in [
        (first, "won", 30_000_000i64),
        (not_reached, "identified", 0),
    ] {
        exec(
            &s,
            &format!(
                "INSERT INTO opportunities (customer_id, rm_id, product_family, expected_amount, source, \
                 source_detail, campaign_id, stage, won_amount, opened_at, opened_by) \
                 SELECT id, rm_id, 'TimeDeposit', {amount}, 'campaign', '{{}}', {}, '{stage}', {}, {now}, rm_id \
                 FROM customers WHERE id = {customer}",
                c.id,
                if stage == "won" { amount.to_string() } else { "NULL".into() }
            ),
        )
        .await;
    }
    let r = s
        .signed_in("manager01")
        .await
        .get(s.url(&format!("/api/campaigns/{}/results", c.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let res: CampaignResults = r.json().await.unwrap();
    let t = res.total;
    assert_eq!(
        (t.invited, t.accepted, t.attended, t.responses),
        (1, 1, 1, 1)
    );
    assert_eq!(t.reached.customers, 1);
    assert_eq!(t.reached.won_customers, 1);
    assert_eq!(t.reached.won_amount.fen(), 30_000_000);
    assert_eq!(t.reached.won_rate_bp, Some(10_000));
    assert_eq!(t.not_reached.customers, t.members - 1);
    assert_eq!(t.not_reached.with_opportunity, 1);
    let mine = res.per_rm.iter().find(|r| r.rm_id.0 == rm01).unwrap();
    assert_eq!(mine.figures.attended, 1);
    assert!(!mine.rm_name.is_empty());
    assert_eq!(
        res.per_rm.iter().map(|r| r.figures.members).sum::<u32>(),
        t.members
    );
}

async fn a_bad_definition_is_refused_with_every_field_named(s: TestServer) {
    let manager = s.signed_in("manager01").await;
    let mut bad = definition("");
    bad["kind"] = json!("Seminar");
    bad["ends_on"] = json!("2026-06-01");
    bad["segment"] = json!({"deposit_maturing_within_days": 0});
    let r = manager
        .post(s.url("/api/campaigns"))
        .json(&bad)
        .send()
        .await
        .unwrap();
    let (status, body) = error_of(r).await;
    assert_eq!(status.as_u16(), 422);
    let fields: BTreeSet<String> = body.fields.iter().map(|f| f.field.clone()).collect();
    for f in [
        "name",
        "ends_on",
        "event_on",
        "segment.deposit_maturing_within_days",
    ] {
        assert!(fields.contains(f), "{f} in {fields:?}");
    }
    let before = s
        .ids("SELECT CAST(COUNT(*) AS BIGINT) FROM campaigns")
        .await[0];
    let mut empty = definition("Nobody");
    empty["segment"] = json!({});
    let (status, body) = error_of(
        manager
            .post(s.url("/api/campaigns"))
            .json(&empty)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status.as_u16(), body.fields[0].field.as_str()),
        (422, "segment")
    );
    assert_eq!(
        s.ids("SELECT CAST(COUNT(*) AS BIGINT) FROM campaigns")
            .await[0],
        before,
        "nothing written"
    );
    // An RM does not define campaigns, whatever the body.
    let r = s
        .signed_in("rm01")
        .await
        .post(s.url("/api/campaigns"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await.0.as_u16(), 403);
    // An admin defines a bank-wide one; the branch manager sees it too.
    let r = s
        .signed_in("admin")
        .await
        .post(s.url("/api/campaigns"))
        .json(&definition("Bank-wide"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let bank: Campaign = r.json().await.unwrap();
    assert_eq!(bank.branch_id, None);
    let r = manager
        .get(s.url(&format!("/api/campaigns/{}", bank.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // …but may not start it.
    let r = manager
        .post(s.url(&format!("/api/campaigns/{}/start", bank.id)))
        .json(&json!({"version": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

async fn shown_recommendations_are_measured_by_reason(s: TestServer) {
    let rm01 = s.ids("SELECT id FROM users WHERE username = 'rm01'").await[0];
    let customer = s
        .ids(&format!(
            "SELECT id FROM customers WHERE rm_id = {rm01} ORDER BY id"
        ))
        .await[0];
    let outsider = s
        .ids(&format!(
            "SELECT id FROM customers WHERE rm_id <> {rm01} ORDER BY id"
        ))
        .await[0];
    let product = s
        .ids("SELECT id FROM products WHERE family = 'TimeDeposit' ORDER BY id")
        .await[0];
    let rm = s.signed_in("rm01").await;
    let batch = json!({"recommendations": [
        {"customer_id": customer, "product_id": product, "family": "TimeDeposit", "reason": "ReinvestMaturing"}
    ], "retention": [{"customer_id": customer, "churn_score": 80, "listed": true}]});
    for expected in [2, 0] {
        let r = rm
            .post(s.url("/api/recommendations/shown"))
            .json(&batch)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let got: ShownRecorded = r.json().await.unwrap();
        assert_eq!(
            got.recorded, expected,
            "deduplicated per customer, product and day"
        );
    }
    let mut foreign = batch.clone();
    foreign["recommendations"][0]["customer_id"] = json!(outsider);
    let (status, body) = error_of(
        rm.post(s.url("/api/recommendations/shown"))
            .json(&foreign)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status.as_u16(), 422);
    assert_eq!(body.fields[0].field, "recommendations[0].customer_id");

    let now = chrono::Utc::now().timestamp_millis();
    exec(
        &s,
        &format!(
            "INSERT INTO opportunities (customer_id, rm_id, product_family, expected_amount, source, \
             source_detail, stage, won_amount, opened_at, opened_by) \
             VALUES ({customer}, {rm01}, 'TimeDeposit', 5000000, 'recommendation', '{{}}', 'won', 5000000, {now}, {rm01})"
        ),
    )
    .await;
    let today = crate::common::as_of();
    let r = rm
        .get(s.url(&format!(
            "/api/rule-measures?from={}&to={}",
            today - chrono::Days::new(1),
            today + chrono::Days::new(1)
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let m: RuleMeasures = r.json().await.unwrap();
    let reinvest = m
        .by_reason
        .iter()
        .find(|r| r.reason == ReasonKind::ReinvestMaturing)
        .unwrap();
    assert_eq!(
        (reinvest.shown, reinvest.opportunities, reinvest.won),
        (1, 1, 1)
    );
    assert_eq!(reinvest.won_amount.fen(), 5_000_000);
    assert_eq!(m.months, 3);
    // Another RM's figures do not include rm01's.
    let other: RuleMeasures = s
        .signed_in("rm05")
        .await
        .get(s.url(&format!(
            "/api/rule-measures?from={}&to={}",
            today - chrono::Days::new(1),
            today + chrono::Days::new(1)
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(other.by_reason.iter().all(|r| r.shown == 0));
    let r = rm
        .get(s.url("/api/rule-measures?months=0"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await.0.as_u16(), 422);
}

/// The demo bank comes with one finished seminar whose results count its responses, and
/// with customers who opted out of marketing, left out of it.
async fn the_demo_bank_has_a_finished_campaign_with_responses(s: TestServer) {
    let list: clientbook_domain::campaign::CampaignList = s
        .signed_in("manager01")
        .await
        .get(s.url("/api/campaigns"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let demo = list
        .campaigns
        .iter()
        .find(|c| c.status == CampaignStatus::Finished)
        .expect("a finished campaign");
    assert!(demo.members > 0);
    let opted = s
        .ids("SELECT CAST(COUNT(*) AS BIGINT) FROM customers WHERE marketing_opt_out <> 0")
        .await[0];
    assert!(opted > 0, "some customers opted out of marketing");
    let res: CampaignResults = s
        .signed_in("manager01")
        .await
        .get(s.url(&format!("/api/campaigns/{}/results", demo.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(res.total.attended > 0 && res.total.declined > 0);
    assert!(res.total.reached.customers > 0 && res.total.not_reached.customers > 0);
    assert_eq!(res.total.members, demo.members);
}
