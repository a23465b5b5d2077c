//! Files that load: a bank with no customers, GBK, XLSX, the templates, re-imports.

use super::*;

on_both_empty_banks!(
    a_bank_with_no_customers_loads_its_own_then_a_reimport_changes_nothing,
    gbk_semicolon_and_chinese_headers_read_the_same_as_utf8,
    an_xlsx_file_imports_like_a_csv,
    the_templates_download_in_both_languages_and_import_as_they_are,
    a_file_whose_every_row_is_a_duplicate_changes_nothing,
);

async fn a_bank_with_no_customers_loads_its_own_then_a_reimport_changes_nothing(s: TestServer) {
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 0);
    let client = admin(&s).await;
    let summary = import_as(
        &s,
        &client,
        "customers",
        "customers.csv",
        CUSTOMERS_EN.into(),
    )
    .await;
    assert_eq!(summary.status, ImportStatus::Ready);
    assert_eq!(
        (summary.rows_read, summary.rows_valid, summary.rows_invalid),
        (3, 3, 0)
    );
    assert_eq!(
        summary.encoding,
        Some(clientbook_domain::import::FileEncoding::Utf8)
    );
    // Validated, not written.
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 0);
    let r = commit(&s, &client, summary.id).await;
    assert_eq!(r.status(), 200);
    let done: ImportSummary = r.json().await.unwrap();
    assert_eq!(done.status, ImportStatus::Committed);
    assert_eq!(done.committed_by.as_deref(), Some("admin"));
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM customers WHERE customer_no IN ('C001','C002','C003')"
        )
        .await,
        3
    );
    // The RM sees them in their book.
    let rm = s.signed_in("rm01").await;
    let page: serde_json::Value = rm
        .get(s.url("/api/customers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 2, "{page}");
    let book = rm.get(s.url("/api/book")).send().await.unwrap();
    assert_eq!(book.status(), 200);
    // Holdings of those customers.
    let holdings = "account_no,customer_no,product_code,balance,opened_on,matures_on\n\
        A1,C001,TD-01Y,50000.00,2025-06-01,2026-06-01\n\
        A2,C002,TD-03M,1000,2026-05-01,\n";
    let h = import_as(&s, &client, "holdings", "holdings.csv", holdings.into()).await;
    assert_eq!(h.rows_valid, 2, "{:?}", h.report);
    assert_eq!(commit(&s, &client, h.id).await.status(), 200);
    assert_eq!(
        count(&s, "SELECT CAST(SUM(balance) AS BIGINT) FROM holdings").await,
        5_100_000
    );
    // The same files again: every row unchanged, nothing written.
    let versions = count(&s, "SELECT CAST(SUM(version) AS BIGINT) FROM customers").await;
    let again = import_as(
        &s,
        &client,
        "customers",
        "customers.csv",
        CUSTOMERS_EN.into(),
    )
    .await;
    assert_eq!(again.rows_unchanged, 3, "{:?}", again.report);
    assert!(again
        .report
        .iter()
        .any(|l| l.problem == Problem::NothingToChange && !l.error));
    assert_eq!(commit(&s, &client, again.id).await.status(), 200);
    let again = import_as(&s, &client, "holdings", "holdings.csv", holdings.into()).await;
    assert_eq!(again.rows_unchanged, 2);
    assert_eq!(commit(&s, &client, again.id).await.status(), 200);
    assert_eq!(
        count(&s, "SELECT CAST(SUM(version) AS BIGINT) FROM customers").await,
        versions
    );
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 3);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM holdings").await, 2);
    // A changed file updates what changed.
    let changed = CUSTOMERS_EN.replace("13900139000", "13900139001");
    let c = import_as(&s, &client, "customers", "customers.csv", changed.into()).await;
    assert_eq!(c.rows_unchanged, 2);
    assert_eq!(commit(&s, &client, c.id).await.status(), 200);
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM customers WHERE phone = '13900139001'"
        )
        .await,
        1
    );
    // Each commit is audited with the file name, the counts and who.
    let audited: Vec<String> = sqlx::query(
        "SELECT detail FROM audit_log WHERE action = 'import_commit' AND username = 'admin' ORDER BY id",
    )
    .fetch_all(s.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.get::<String, _>(0))
    .collect();
    assert_eq!(audited.len(), 5);
    assert!(
        audited[0].contains("file=customers.csv") && audited[0].contains("inserted=3"),
        "{}",
        audited[0]
    );
    assert!(audited[2].contains("unchanged=3") && audited[2].contains("inserted=0"));
}

async fn gbk_semicolon_and_chinese_headers_read_the_same_as_utf8(s: TestServer) {
    let zh = "证件号码;客户号;姓名;手机号;出生日期;客户经理\n11010519491231002X;C001;张三丰;13800138000;1949-12-31;rm01\n";
    let gbk = encoding_rs::GBK.encode(zh).0.into_owned();
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "customers", "gbk.csv", gbk).await;
    assert_eq!(
        summary.encoding,
        Some(clientbook_domain::import::FileEncoding::Gb18030)
    );
    assert_eq!(summary.rows_valid, 1, "{:?}", summary.report);
    assert_eq!(commit(&s, &client, summary.id).await.status(), 200);
    let name: String = sqlx::query("SELECT name FROM customers WHERE customer_no = 'C001'")
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(name, "张三丰");
}

async fn an_xlsx_file_imports_like_a_csv(s: TestServer) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "customer_no",
        "name",
        "id_number",
        "phone",
        "birth_date",
        "rm_username",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "C001").unwrap();
    sheet.write_string(1, 1, "张三丰").unwrap();
    sheet.write_string(1, 2, "11010519491231002X").unwrap();
    // Excel keeps a phone typed as a number.
    sheet.write_number(1, 3, 13800138000.0).unwrap();
    sheet.write_string(1, 4, "1949-12-31").unwrap();
    sheet.write_string(1, 5, "rm01").unwrap();
    let client = admin(&s).await;
    let summary = import_as(
        &s,
        &client,
        "customers",
        "c.xlsx",
        book.save_to_buffer().unwrap(),
    )
    .await;
    assert_eq!(
        summary.encoding,
        Some(clientbook_domain::import::FileEncoding::Xlsx)
    );
    assert_eq!(summary.rows_valid, 1, "{:?}", summary.report);
}

async fn the_templates_download_in_both_languages_and_import_as_they_are(s: TestServer) {
    let client = admin(&s).await;
    for kind in [
        "customers",
        "holdings",
        "monthly_flows",
        "contacts",
        "surveys",
    ] {
        for lang in ["en", "zh"] {
            let r = client
                .get(s.url(&format!("/api/imports/templates/{kind}?lang={lang}")))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            assert!(r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv"));
            let bytes = r.bytes().await.unwrap().to_vec();
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(text.starts_with('\u{feff}'));
            assert_eq!(text.contains("客户号"), lang == "zh");
            let summary = import_as(&s, &client, kind, "template.csv", bytes).await;
            assert_eq!(summary.rows_valid, 1, "{kind} {lang}: {:?}", summary.report);
            assert!(!summary.report.iter().any(|l| l.error));
            if lang == "en" {
                assert_eq!(commit(&s, &client, summary.id).await.status(), 200);
            }
        }
    }
    let r = client
        .get(s.url("/api/imports/templates/nothing"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

async fn a_file_whose_every_row_is_a_duplicate_changes_nothing(s: TestServer) {
    // Every row repeats the first one's key.
    let first = CUSTOMERS_EN.lines().nth(1).unwrap();
    let file = format!(
        "{}\n{first}\n{first}\n{first}\n",
        CUSTOMERS_EN.lines().next().unwrap()
    );
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "customers", "dups.csv", file.into()).await;
    let dups: Vec<_> = summary
        .report
        .iter()
        .filter(|l| l.problem == Problem::DuplicateInFile)
        .collect();
    assert_eq!(dups.len(), 2);
    assert_eq!(
        (
            dups[0].row,
            dups[0].column.as_deref(),
            dups[0].detail.as_deref()
        ),
        (3, Some("customer_no"), Some("2"))
    );
    assert_eq!(commit(&s, &client, summary.id).await.status(), 200);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 1);
    // Then a file every row of which is in the bank already: nothing to change.
    load_customers(&s).await;
    let lines: Vec<_> = import_as(&s, &client, "customers", "c.csv", CUSTOMERS_EN.into())
        .await
        .report
        .into_iter()
        .map(|l| (l.problem, l.error))
        .collect();
    assert_eq!(lines, vec![(Problem::NothingToChange, false)]);
}
