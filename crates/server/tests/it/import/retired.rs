//! A customer number that was merged into another record (docs/rules.md, Merging
//! customers): a row naming it updates the surviving customer, reported as such, and
//! never brings the retired record back; holdings and contacts under it go to the
//! survivor too.

use super::*;

on_both_empty_banks!(a_row_naming_a_merged_customer_updates_the_survivor_never_the_retired_one,);

async fn id_of(s: &TestServer, no: &str) -> (i64, i64) {
    let r = sqlx::query("SELECT id, version FROM customers WHERE customer_no = $1")
        .bind(no)
        .fetch_one(s.pool())
        .await
        .unwrap();
    (r.get(0), r.get(1))
}

async fn a_row_naming_a_merged_customer_updates_the_survivor_never_the_retired_one(s: TestServer) {
    load_customers(&s).await;
    let client = admin(&s).await;
    let ((kept, kv), (retired, rv)) = (id_of(&s, "C001").await, id_of(&s, "C002").await);
    let r = client
        .post(s.url(&format!("/api/customers/{kept}/merge")))
        .json(&serde_json::json!({"duplicate": retired, "version": kv, "duplicate_version": rv}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let retired_before: (String, String, i64) = {
        let r = sqlx::query("SELECT name, phone, version FROM customers WHERE id = $1")
            .bind(retired)
            .fetch_one(s.pool())
            .await
            .unwrap();
        (r.get(0), r.get(1), r.get(2))
    };
    let customers = count(&s, "SELECT COUNT(*) FROM customers").await;

    // The core system still sends the retired number, with a new phone and occupation.
    let file = "customer_no,name,id_number,phone,birth_date,rm_username,occupation\n\
                C002,李四,110105198001010016,13911112222,1980-01-01,rm01,教师\n";
    let summary = import_as(&s, &client, "customers", "retired.csv", file.into()).await;
    assert_eq!(summary.status, ImportStatus::Ready, "{:?}", summary.report);
    assert_eq!(
        (summary.rows_valid, summary.rows_invalid),
        (1, 0),
        "{:?}",
        summary.report
    );
    let line = summary
        .report
        .iter()
        .find(|l| l.problem == Problem::MergedCustomer)
        .unwrap_or_else(|| panic!("the row is reported as merged: {:?}", summary.report));
    assert_eq!(
        (line.row, line.column.as_deref(), line.error),
        (2, Some("customer_no"), false)
    );
    assert!(
        line.message.contains("C002") && line.message.contains("C001"),
        "{}",
        line.message
    );
    assert!(
        summary.merges.is_empty(),
        "not a merge to decide: {:?}",
        summary.merges
    );
    assert_eq!(commit(&s, &client, summary.id).await.status(), 200);

    let survivor = sqlx::query(
        "SELECT customer_no, id_number, phone, occupation, merged_into FROM customers WHERE id = $1",
    )
    .bind(kept)
    .fetch_one(s.pool())
    .await
    .unwrap();
    let (no, id_number, phone, occupation, merged): (String, String, String, String, Option<i64>) = (
        survivor.get(0),
        survivor.get(1),
        survivor.get(2),
        survivor.get(3),
        survivor.get(4),
    );
    assert_eq!(
        (
            no.as_str(),
            id_number.as_str(),
            phone.as_str(),
            occupation.as_str(),
            merged
        ),
        ("C001", "11010519491231002X", "13911112222", "教师", None),
        "the survivor takes the row, keeping its own customer number and ID"
    );
    let after: (String, String, i64, Option<i64>) = {
        let r =
            sqlx::query("SELECT name, phone, version, merged_into FROM customers WHERE id = $1")
                .bind(retired)
                .fetch_one(s.pool())
                .await
                .unwrap();
        (r.get(0), r.get(1), r.get(2), r.get(3))
    };
    assert_eq!(
        after,
        (
            retired_before.0,
            retired_before.1,
            retired_before.2,
            Some(kept)
        ),
        "the retired record is untouched and stays retired"
    );
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM customers").await,
        customers,
        "nothing added"
    );

    // Its holdings and contacts land on the survivor.
    let holdings = "account_no,customer_no,product_code,balance,opened_on,matures_on\n\
                    A9,C002,TD-03M,1000,2026-05-01,\n";
    let h = import_as(&s, &client, "holdings", "h.csv", holdings.into()).await;
    assert_eq!((h.rows_valid, h.rows_invalid), (1, 0), "{:?}", h.report);
    assert_eq!(commit(&s, &client, h.id).await.status(), 200);
    let contacts = "customer_no,occurred_on,channel,kind,outcome,note\n\
                    C002,2025-05-02,phone,call,interested,到期提醒\n";
    let c = import_as(&s, &client, "contacts", "c.csv", contacts.into()).await;
    assert_eq!((c.rows_valid, c.rows_invalid), (1, 0), "{:?}", c.report);
    assert_eq!(commit(&s, &client, c.id).await.status(), 200);
    assert_eq!(
        count(
            &s,
            &format!("SELECT COUNT(*) FROM holdings WHERE customer_id = {retired}")
        )
        .await
            + count(
                &s,
                &format!("SELECT COUNT(*) FROM interactions WHERE customer_id = {retired}")
            )
            .await,
        0,
        "nothing hangs off the retired record"
    );
    assert_eq!(
        count(
            &s,
            &format!(
                "SELECT COUNT(*) FROM holdings WHERE customer_id = {kept} AND account_no = 'A9'"
            )
        )
        .await,
        1
    );
    // Re-importing the same files changes nothing.
    let again = import_as(&s, &client, "customers", "retired.csv", file.into()).await;
    assert_eq!(again.rows_unchanged, 1, "{:?}", again.report);
    let again = import_as(&s, &client, "contacts", "c.csv", contacts.into()).await;
    assert_eq!(again.rows_unchanged, 1, "{:?}", again.report);
}
