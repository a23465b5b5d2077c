//! Merges need customers in the bank already: the demo bank's.

use super::*;

on_both_databases!(
    a_row_with_an_existing_customers_id_number_is_a_merge_the_user_decides,
    a_fifteen_digit_form_of_an_existing_id_is_flagged_for_review_not_merged,
);

/// A demo customer's ID number under a new customer number.
async fn a_row_with_an_existing_customers_id_number_is_a_merge_the_user_decides(s: TestServer) {
    let row = sqlx::query(
    "SELECT c.id, c.id_number, c.birth_date, u.username FROM customers c JOIN users u ON u.id = c.rm_id \
     WHERE u.username = 'rm01' ORDER BY c.id LIMIT 1",
)
.fetch_one(s.pool())
.await
.unwrap();
    let (id, id_number, birth, rm): (i64, String, String, String) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    let history = count(
        &s,
        &format!("SELECT COUNT(*) FROM interactions WHERE customer_id = {id}"),
    )
    .await
        + count(
            &s,
            &format!("SELECT COUNT(*) FROM holdings WHERE customer_id = {id}"),
        )
        .await;
    let file = format!(
    "customer_no,name,id_number,phone,birth_date,rm_username\nK001,新名字,{id_number},13012345678,{birth},{rm}\n"
);
    let client = s.signed_in("admin").await;
    let summary = import_as(&s, &client, "customers", "merge.csv", file.into()).await;
    assert_eq!(summary.merges.len(), 1, "{:?}", summary.report);
    let merge = &summary.merges[0];
    assert_eq!(
        (merge.row, merge.customer_id, merge.reason),
        (2, id, Problem::SameIdAsExisting)
    );
    assert_eq!(merge.decision, MergeDecision::Pending);
    let name = merge.fields.iter().find(|f| f.column == "name").unwrap();
    assert!(name.differs && name.file_wins);
    // Masked on both sides.
    assert!(
        name.existing.as_deref().unwrap().contains('*')
            && name.incoming.as_deref().unwrap().contains('*')
    );
    let birth_field = merge
        .fields
        .iter()
        .find(|f| f.column == "birth_date")
        .unwrap();
    assert!(!birth_field.differs);
    // Undecided: no commit.
    let (status, body) = error_of(commit(&s, &client, summary.id).await).await;
    assert_eq!(
        (status.as_u16(), body.code),
        (
            409,
            clientbook_domain::error_code::ErrorCode::MergesUndecided
        )
    );
    let r = client
        .post(s.url(&format!("/api/imports/{}/merges/2", summary.id)))
        .json(&serde_json::json!({"decision": "accepted"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.json::<ImportSummary>().await.unwrap().merges[0].decision,
        MergeDecision::Accepted
    );
    let r = client
        .post(s.url(&format!("/api/imports/{}/merges/3", summary.id)))
        .json(&serde_json::json!({"decision": "accepted"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let before = count(&s, "SELECT COUNT(*) FROM customers").await;
    assert_eq!(commit(&s, &client, summary.id).await.status(), 200);
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM customers").await,
        before,
        "merged, not added"
    );
    let (name, no, phone): (String, String, String) = {
        let r = sqlx::query(&format!(
            "SELECT name, customer_no, phone FROM customers WHERE id = {id}"
        ))
        .fetch_one(s.pool())
        .await
        .unwrap();
        (r.get(0), r.get(1), r.get(2))
    };
    assert_eq!(
        (name.as_str(), no.as_str(), phone.as_str()),
        ("新名字", "K001", "13012345678")
    );
    let after = count(
        &s,
        &format!("SELECT COUNT(*) FROM interactions WHERE customer_id = {id}"),
    )
    .await
        + count(
            &s,
            &format!("SELECT COUNT(*) FROM holdings WHERE customer_id = {id}"),
        )
        .await;
    assert_eq!(after, history, "the history stays with the customer");
    assert_eq!(
    count(&s, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'merge_customers' AND customer_id = {id}")).await,
    1
);
    // Audited as a merge on the customer page is: the same action, what was merged in,
    // and the fields the file's values replaced.
    let (fields, detail): (String, String) = {
        let r = sqlx::query(&format!(
            "SELECT fields, detail FROM audit_log WHERE action = 'merge_customers' AND customer_id = {id}"
        ))
        .fetch_one(s.pool())
        .await
        .unwrap();
        (r.get(0), r.get(1))
    };
    assert!(
        fields.contains("customer_no") && fields.contains("name") && fields.contains("phone"),
        "{fields}"
    );
    assert!(detail.starts_with(&format!("kept={id} duplicate=import:{}:row:2 file=merge.csv from_duplicate=customer_no,name,phone", summary.id)), "{detail}");
}

async fn a_fifteen_digit_form_of_an_existing_id_is_flagged_for_review_not_merged(s: TestServer) {
    // A customer stored under the old 15-digit form.
    let row = sqlx::query(
    "SELECT c.id, c.id_number, c.name, c.phone, c.birth_date FROM customers c JOIN users u ON u.id = c.rm_id \
     WHERE u.username = 'rm01' AND c.id_number LIKE '______19%' ORDER BY c.id LIMIT 1",
)
.fetch_one(s.pool())
.await
.unwrap();
    let (id, eighteen, name, phone, birth): (i64, String, String, String, String) =
        (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
    let fifteen = format!("{}{}", &eighteen[..6], &eighteen[8..17]);
    sqlx::query(&format!(
        "UPDATE customers SET id_number = '{fifteen}' WHERE id = {id}"
    ))
    .execute(s.pool())
    .await
    .unwrap();
    let file = format!("customer_no,name,id_number,phone,birth_date,rm_username\nK9,{name},{eighteen},{phone},{birth},rm01\n");
    let client = s.signed_in("admin").await;
    let summary = import_as(&s, &client, "customers", "near.csv", file.into()).await;
    assert_eq!(summary.merges.len(), 1, "{:?}", summary.report);
    assert_eq!(summary.merges[0].reason, Problem::NearDuplicate);
    assert!(summary
        .report
        .iter()
        .any(|l| l.problem == Problem::NearDuplicate && !l.error));
    let r = client
        .post(s.url(&format!("/api/imports/{}/merges/2", summary.id)))
        .json(&serde_json::json!({"decision": "rejected"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let before = count(&s, "SELECT COUNT(*) FROM customers").await;
    assert_eq!(commit(&s, &client, summary.id).await.status(), 200);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, before);
    let still: String = sqlx::query(&format!("SELECT id_number FROM customers WHERE id = {id}"))
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(still, fifteen, "rejected: the customer is untouched");
}
