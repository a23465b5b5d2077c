//! The customer-history files: monthly transaction aggregates, contacts and surveys.
//! Each is keyed (customer number + month; + contact date + channel; + answer date), so
//! a re-import changes nothing and a changed row updates its record; a customer number
//! the bank does not have is named on its row; bad cells are named and nothing written.

use super::*;

on_both_empty_banks!(
    monthly_aggregates_load_and_a_reimport_changes_nothing,
    contacts_in_gbk_with_chinese_headers_load_and_a_changed_row_updates,
    surveys_load_with_their_ratings_and_a_reimport_changes_nothing,
    unknown_customer_numbers_are_named_per_row_and_nothing_of_theirs_is_written,
    bad_history_cells_are_named_and_nothing_is_written,
    a_contact_field_an_import_changes_counts_as_confirmed,
);

const MONTHLY: &str = "customer_no,month,transactions,logins,inflow,outflow,aum_end,margin\n\
C001,2025-04,12,30,20000.00,5000.00,350000.00,120.50\n\
C001,2025-05,14,,1000,0,366000,\n\
C002,2025/05,3,2,0,800.00,9200.00,10\n";

async fn monthly_aggregates_load_and_a_reimport_changes_nothing(s: TestServer) {
    load_customers(&s).await;
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "monthly_flows", "m.csv", MONTHLY.into()).await;
    assert_eq!(summary.status, ImportStatus::Ready);
    assert_eq!(
        (summary.rows_valid, summary.rows_invalid),
        (3, 0),
        "{:?}",
        summary.report
    );
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM monthly_history").await,
        0,
        "not before the commit"
    );
    assert_eq!(commit(&s, &client, summary.id).await.status(), 200);
    let row = sqlx::query(
        "SELECT m.transactions, m.logins, m.aum_end, m.margin FROM monthly_history m \
         JOIN customers c ON c.id = m.customer_id WHERE c.customer_no = 'C001' AND m.month = '2025-05-01'",
    )
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert_eq!(
        (
            row.get::<i64, _>(0),
            row.get::<i64, _>(1),
            row.get::<i64, _>(2),
            row.get::<i64, _>(3)
        ),
        (14, 0, 36_600_000, 0)
    );
    // The same file again: nothing to change, nothing written.
    let again = import_as(&s, &client, "monthly_flows", "m.csv", MONTHLY.into()).await;
    assert_eq!(again.rows_unchanged, 3, "{:?}", again.report);
    assert!(again
        .report
        .iter()
        .any(|l| l.problem == Problem::NothingToChange));
    assert_eq!(commit(&s, &client, again.id).await.status(), 200);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM monthly_history").await, 3);
    // A corrected month updates its row in place.
    let fixed = MONTHLY.replace("C002,2025/05,3,", "C002,2025/05,4,");
    let third = import_as(&s, &client, "monthly_flows", "m2.csv", fixed.into()).await;
    assert_eq!(third.rows_unchanged, 2);
    assert_eq!(commit(&s, &client, third.id).await.status(), 200);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM monthly_history").await, 3);
    assert_eq!(
        count(&s, "SELECT transactions FROM monthly_history m JOIN customers c ON c.id = m.customer_id WHERE c.customer_no = 'C002'").await,
        4
    );
    let audited: Vec<String> = sqlx::query(
        "SELECT detail FROM audit_log WHERE action = 'import_commit' AND detail LIKE '%kind=monthly_flows%' ORDER BY id",
    )
    .fetch_all(s.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect();
    assert_eq!(audited.len(), 3);
    assert!(
        audited[0].contains("file=m.csv") && audited[0].contains("inserted=3"),
        "{}",
        audited[0]
    );
    assert!(audited[1].contains("unchanged=3") && audited[1].contains("inserted=0"));
    assert!(audited[2].contains("updated=1") && audited[2].contains("unchanged=2"));
}

async fn contacts_in_gbk_with_chinese_headers_load_and_a_changed_row_updates(s: TestServer) {
    load_customers(&s).await;
    let zh = "客户号;联系日期;渠道;联系方式;结果;备注\n\
              C001;2025-05-02;电话;电话;有意向;谈了定期到期\n\
              C003;2025-05-03;网点;拜访;已购买;\n";
    let gbk = encoding_rs::GBK.encode(zh).0.into_owned();
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "contacts", "联系.csv", gbk.clone()).await;
    assert_eq!(
        summary.encoding,
        Some(clientbook_domain::import::FileEncoding::Gb18030)
    );
    assert_eq!(summary.rows_valid, 2, "{:?}", summary.report);
    assert_eq!(commit(&s, &client, summary.id).await.status(), 200);
    // Made by the customer's own RM when the file names nobody.
    let row = sqlx::query(
        "SELECT i.note, u.username, i.channel, i.kind, i.outcome FROM interactions i \
         JOIN customers c ON c.id = i.customer_id JOIN users u ON u.id = i.rm_id WHERE c.customer_no = 'C001'",
    )
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert_eq!(
        (
            row.get::<String, _>(0),
            row.get::<String, _>(1),
            row.get::<String, _>(2),
            row.get::<String, _>(3),
            row.get::<String, _>(4)
        ),
        (
            "谈了定期到期".into(),
            "rm01".into(),
            "Phone".into(),
            "Call".into(),
            "Interested".into()
        )
    );
    let again = import_as(&s, &client, "contacts", "联系.csv", gbk).await;
    assert_eq!(again.rows_unchanged, 2, "{:?}", again.report);
    // Same customer, date and channel: the same contact, its outcome corrected.
    let changed = "customer_no,occurred_on,channel,kind,outcome\nC001,2025-05-02,phone,call,follow_up_scheduled\n";
    let third = import_as(&s, &client, "contacts", "c.csv", changed.into()).await;
    assert_eq!(
        (third.rows_valid, third.rows_unchanged),
        (1, 0),
        "{:?}",
        third.report
    );
    assert_eq!(commit(&s, &client, third.id).await.status(), 200);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM interactions").await, 2);
    let (outcome, note): (String, String) = {
        let r = sqlx::query("SELECT outcome, note FROM interactions i JOIN customers c ON c.id = i.customer_id WHERE c.customer_no = 'C001'")
            .fetch_one(s.pool())
            .await
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!(
        (outcome.as_str(), note.as_str()),
        ("FollowUpScheduled", "谈了定期到期"),
        "an empty note keeps the stored one"
    );
}

async fn surveys_load_with_their_ratings_and_a_reimport_changes_nothing(s: TestServer) {
    load_customers(&s).await;
    let file = "customer_no,answered_on,recommend,overall,fees_satisfaction,fees_importance,expertise_satisfaction,expertise_importance\n\
                C001,2025-05-20,9,4,2,5,,\n\
                C002,2025-05-21,3,2,4,4,5,3\n";
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "surveys", "s.csv", file.into()).await;
    assert_eq!(summary.rows_valid, 2, "{:?}", summary.report);
    assert_eq!(commit(&s, &client, summary.id).await.status(), 200);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM surveys").await, 2);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM survey_ratings").await, 3);
    let again = import_as(&s, &client, "surveys", "s.csv", file.into()).await;
    assert_eq!(again.rows_unchanged, 2, "{:?}", again.report);
    assert_eq!(commit(&s, &client, again.id).await.status(), 200);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM surveys").await, 2);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM survey_ratings").await, 3);
    // The customer sees it in the satisfaction figures their RM reads.
    let recommend = count(&s, "SELECT recommend FROM surveys s JOIN customers c ON c.id = s.customer_id WHERE c.customer_no = 'C001'").await;
    assert_eq!(recommend, 9);
}

async fn unknown_customer_numbers_are_named_per_row_and_nothing_of_theirs_is_written(
    s: TestServer,
) {
    load_customers(&s).await;
    let file = "customer_no,occurred_on,channel,kind,outcome\n\
                C001,2025-05-02,phone,call,interested\n\
                C999,2025-05-02,phone,call,interested\n\
                C001,2025-05-02,phone,call,no_answer\n";
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "contacts", "c.csv", file.into()).await;
    let errors: Vec<_> = summary
        .report
        .iter()
        .filter(|l| l.error)
        .map(|l| {
            (
                l.row,
                l.column.as_deref(),
                l.value.as_deref(),
                l.problem,
                l.detail.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        vec![
            (
                3,
                Some("customer_no"),
                Some("C999"),
                Problem::UnknownCustomer,
                None
            ),
            (
                4,
                Some("customer_no"),
                Some("C001"),
                Problem::DuplicateInFile,
                Some("2")
            ),
        ]
    );
    assert_eq!(commit(&s, &client, summary.id).await.status(), 200);
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM interactions").await,
        1,
        "the valid row only"
    );
}

async fn bad_history_cells_are_named_and_nothing_is_written(s: TestServer) {
    load_customers(&s).await;
    let file = "customer_no,month,transactions,inflow,outflow,aum_end\n\
                C001,2024-02,1.5,\"1,000.00元\",-5,1e309\n\
                C001,1800-01,2,0,0,0\n\
                C002,=HYPERLINK(\"x\"),2,0,0,0\n";
    let lines = refused(&s, "monthly_flows", file.into()).await;
    let cells: Vec<_> = lines
        .iter()
        .filter(|(row, _, _)| *row > 1)
        .map(|(row, c, p)| (*row, c.as_deref().unwrap_or(""), *p))
        .collect();
    assert_eq!(
        cells,
        vec![
            (2, "transactions", Problem::NotWholeNumber),
            (2, "inflow", Problem::AmountThousandsSeparator),
            (2, "outflow", Problem::AmountNegative),
            (2, "aum_end", Problem::AmountExponent),
            (3, "month", Problem::DateTooEarly),
            (4, "month", Problem::DateFormat),
        ]
    );
    assert_eq!(count(&s, "SELECT COUNT(*) FROM monthly_history").await, 0);
    // A survey with a half-rated attribute and scores out of range.
    let file = "customer_no,answered_on,recommend,overall,fees_satisfaction,fees_importance\nC001,2025-05-20,11,0,3,\n";
    let lines = refused(&s, "surveys", file.into()).await;
    let problems: Vec<_> = lines
        .iter()
        .map(|(_, c, p)| (c.as_deref().unwrap_or(""), *p))
        .collect();
    assert_eq!(
        problems,
        vec![
            ("recommend", Problem::OutOfRange),
            ("overall", Problem::OutOfRange),
            ("fees_importance", Problem::HalfRated),
        ]
    );
    assert_eq!(count(&s, "SELECT COUNT(*) FROM surveys").await, 0);
}

async fn a_contact_field_an_import_changes_counts_as_confirmed(s: TestServer) {
    load_customers(&s).await;
    let client = admin(&s).await;
    // C001 moves to a new phone; the address and the rest are as stored.
    let changed = CUSTOMERS_EN.replace("13800138000", "13800138999");
    let summary = import_as(&s, &client, "customers", "c2.csv", changed.into()).await;
    assert_eq!(
        (summary.rows_valid, summary.rows_unchanged),
        (3, 2),
        "{:?}",
        summary.report
    );
    assert_eq!(commit(&s, &client, summary.id).await.status(), 200);
    let confirmed: Vec<(String, String)> = sqlx::query(
        "SELECT f.field, u.username FROM field_confirmations f JOIN customers c ON c.id = f.customer_id \
         JOIN users u ON u.id = f.confirmed_by WHERE c.customer_no = 'C001' ORDER BY f.field",
    )
    .fetch_all(s.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect();
    assert_eq!(confirmed, vec![("phone".to_owned(), "admin".to_owned())]);
    // The RM's stale list shows the phone as confirmed today, the address still due.
    let id = count(&s, "SELECT id FROM customers WHERE customer_no = 'C001'").await;
    let rm = s.signed_in("rm01").await;
    let view: serde_json::Value = rm
        .get(s.url(&format!("/api/customers/{id}/stale-fields")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let field = |name: &str| {
        view["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(field("phone")["stale"], false, "{view}");
    // The address still counts from the KYC review (2025-03-01, the risk assessment).
    assert_eq!(field("address")["confirmed_on"], "2025-03-01", "{view}");
    assert_ne!(field("phone")["confirmed_on"], "2025-03-01", "{view}");
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM field_confirmations").await,
        1
    );
}
