//! Imports over HTTP (and the command line) on SQLite and PostgreSQL: a bank starting
//! with no demo customers loads its own from files in the templates' format; every item
//! of the bad-input list is refused naming the row and column with nothing
//! written; re-importing changes nothing; merges are proposed and decided; a commit is
//! one audited transaction.

mod common;

use clientbook_domain::import::{ImportStatus, ImportSummary, MergeDecision, Problem};
use common::{error_of, Db, TestServer};
use sqlx::Row;

/// Run each named test against a bank with no demo customers, on both databases.
macro_rules! on_both_empty_banks {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(s) = super::empty_bank($crate::Db::Sqlite).await {
                        super::$name(s).await;
                    }
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(s) = super::empty_bank($crate::Db::Postgres).await {
                        super::$name(s).await;
                    }
                }
            )*
        }
    };
}

async fn empty_bank(db: Db) -> Option<TestServer> {
    TestServer::start_with(db, |c| {
        c.demo_customers = 0;
        c.import_max_bytes = 10 * 1024 * 1024;
    })
    .await
}

on_both_empty_banks!(
    a_bank_with_no_customers_loads_its_own_then_a_reimport_changes_nothing,
    gbk_semicolon_and_chinese_headers_read_the_same_as_utf8,
    an_xlsx_file_imports_like_a_csv,
    the_templates_download_in_both_languages_and_import_as_they_are,
    a_file_that_is_not_csv_or_xlsx_is_refused,
    an_empty_file_is_refused,
    a_header_only_file_is_refused,
    a_missing_required_column_is_named,
    a_wrong_encoding_is_named_with_its_row,
    rows_with_too_many_or_too_few_fields_are_named,
    an_unbalanced_quote_is_named,
    a_one_gigabyte_upload_is_refused_with_413_before_it_is_read,
    bad_amounts_are_refused_each_with_its_reason,
    impossible_and_too_early_dates_are_refused,
    an_id_number_with_a_wrong_check_digit_is_refused,
    a_phone_with_letters_is_refused,
    formula_payloads_are_refused_and_neutralised_in_the_report,
    a_file_whose_every_row_is_a_duplicate_changes_nothing,
    a_commit_is_one_transaction_all_or_nothing,
    committing_twice_or_after_cancelling_is_a_409,
    only_admins_and_branch_managers_import_and_a_branch_manager_only_their_branch,
    the_command_line_reports_on_stdout_and_fails_on_any_error,
);


const CUSTOMERS_EN: &str = "customer_no,name,id_number,phone,gender,birth_date,rm_username,address,income_band,risk_level,risk_assessed_on\n\
C001,张三丰,11010519491231002X,13800138000,男,1949-12-31,rm01,北京市朝阳区建国路1号,200k-500k,C3,2025-03-01\n\
C002,李四,110105198001010016,13900139000,女,1980-01-01,rm01,,<100k,,\n\
C003,王五,110105199006150020,13700137000,,1990-06-15,rm02,,,C2,2025-01-02\n";

/// Upload `bytes` as `kind`, wait until it is checked, and return the summary.
async fn import_as(
    s: &TestServer,
    client: &reqwest::Client,
    kind: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> ImportSummary {
    let r = client
        .post(s.url(&format!("/api/imports?kind={kind}&file_name={file_name}")))
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202, "{}", r.text().await.unwrap());
    let summary: ImportSummary = r.json().await.unwrap();
    wait(s, client, summary.id).await
}

async fn wait(s: &TestServer, client: &reqwest::Client, id: i64) -> ImportSummary {
    for _ in 0..600 {
        let summary: ImportSummary = client
            .get(s.url(&format!("/api/imports/{id}?limit=1000")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if summary.status != ImportStatus::Validating {
            return summary;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("import {id} never finished");
}

async fn admin(s: &TestServer) -> reqwest::Client {
    s.signed_in("admin").await
}

async fn count(s: &TestServer, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(s.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

/// What `bad` makes of a file: failed or with errors, and nothing written to customers
/// or holdings. Returns the report's lines as (row, column, problem).
async fn refused(s: &TestServer, kind: &str, bytes: Vec<u8>) -> Vec<(i64, Option<String>, Problem)> {
    let client = admin(s).await;
    let before = count(s, "SELECT COUNT(*) FROM customers").await
        + count(s, "SELECT COUNT(*) FROM holdings").await;
    let summary = import_as(s, &client, kind, "bad.csv", bytes).await;
    let lines: Vec<_> = summary
        .report
        .iter()
        .map(|l| (l.row, l.column.clone(), l.problem))
        .collect();
    assert!(summary.report.iter().any(|l| l.error), "{lines:?}");
    for l in &summary.report {
        assert!(!l.message.is_empty());
    }
    // A commit lands only the valid rows; here there are none to land.
    if summary.status == ImportStatus::Ready && summary.rows_valid == 0 {
        let r = client
            .post(s.url(&format!("/api/imports/{}/commit", summary.id)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let after = count(s, "SELECT COUNT(*) FROM customers").await
        + count(s, "SELECT COUNT(*) FROM holdings").await;
    assert_eq!(before, after, "nothing written");
    lines
}

async fn commit(s: &TestServer, client: &reqwest::Client, id: i64) -> reqwest::Response {
    client
        .post(s.url(&format!("/api/imports/{id}/commit")))
        .send()
        .await
        .unwrap()
}

async fn load_customers(s: &TestServer) {
    let client = admin(s).await;
    let summary = import_as(s, &client, "customers", "customers.csv", CUSTOMERS_EN.into()).await;
    assert_eq!(summary.rows_valid, 3, "{:?}", summary.report);
    assert_eq!(commit(s, &client, summary.id).await.status(), 200);
}

async fn a_bank_with_no_customers_loads_its_own_then_a_reimport_changes_nothing(s: TestServer) {
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 0);
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "customers", "customers.csv", CUSTOMERS_EN.into()).await;
    assert_eq!(summary.status, ImportStatus::Ready);
    assert_eq!((summary.rows_read, summary.rows_valid, summary.rows_invalid), (3, 3, 0));
    assert_eq!(summary.encoding, Some(clientbook_domain::import::FileEncoding::Utf8));
    // Validated, not written.
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 0);
    let r = commit(&s, &client, summary.id).await;
    assert_eq!(r.status(), 200);
    let done: ImportSummary = r.json().await.unwrap();
    assert_eq!(done.status, ImportStatus::Committed);
    assert_eq!(done.committed_by.as_deref(), Some("admin"));
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM customers WHERE customer_no IN ('C001','C002','C003')").await,
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
    assert_eq!(count(&s, "SELECT CAST(SUM(balance) AS BIGINT) FROM holdings").await, 5_100_000);
    // The same files again: every row unchanged, nothing written.
    let versions = count(&s, "SELECT CAST(SUM(version) AS BIGINT) FROM customers").await;
    let again = import_as(&s, &client, "customers", "customers.csv", CUSTOMERS_EN.into()).await;
    assert_eq!(again.rows_unchanged, 3, "{:?}", again.report);
    assert!(again.report.iter().any(|l| l.problem == Problem::NothingToChange && !l.error));
    assert_eq!(commit(&s, &client, again.id).await.status(), 200);
    let again = import_as(&s, &client, "holdings", "holdings.csv", holdings.into()).await;
    assert_eq!(again.rows_unchanged, 2);
    assert_eq!(commit(&s, &client, again.id).await.status(), 200);
    assert_eq!(count(&s, "SELECT CAST(SUM(version) AS BIGINT) FROM customers").await, versions);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 3);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM holdings").await, 2);
    // A changed file updates what changed.
    let changed = CUSTOMERS_EN.replace("13900139000", "13900139001");
    let c = import_as(&s, &client, "customers", "customers.csv", changed.into()).await;
    assert_eq!(c.rows_unchanged, 2);
    assert_eq!(commit(&s, &client, c.id).await.status(), 200);
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM customers WHERE phone = '13900139001'").await,
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
    assert!(audited[0].contains("file=customers.csv") && audited[0].contains("inserted=3"), "{}", audited[0]);
    assert!(audited[2].contains("unchanged=3") && audited[2].contains("inserted=0"));
}

async fn gbk_semicolon_and_chinese_headers_read_the_same_as_utf8(s: TestServer) {
    let zh = "证件号码;客户号;姓名;手机号;出生日期;客户经理\n11010519491231002X;C001;张三丰;13800138000;1949-12-31;rm01\n";
    let gbk = encoding_rs::GBK.encode(zh).0.into_owned();
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "customers", "gbk.csv", gbk).await;
    assert_eq!(summary.encoding, Some(clientbook_domain::import::FileEncoding::Gb18030));
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
    let header = ["customer_no", "name", "id_number", "phone", "birth_date", "rm_username"];
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
    let summary = import_as(&s, &client, "customers", "c.xlsx", book.save_to_buffer().unwrap()).await;
    assert_eq!(summary.encoding, Some(clientbook_domain::import::FileEncoding::Xlsx));
    assert_eq!(summary.rows_valid, 1, "{:?}", summary.report);
}

async fn the_templates_download_in_both_languages_and_import_as_they_are(s: TestServer) {
    let client = admin(&s).await;
    for kind in ["customers", "holdings"] {
        for lang in ["en", "zh"] {
            let r = client
                .get(s.url(&format!("/api/imports/templates/{kind}?lang={lang}")))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
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
    let r = client.get(s.url("/api/imports/templates/nothing")).send().await.unwrap();
    assert_eq!(r.status(), 404);
}

async fn a_file_that_is_not_csv_or_xlsx_is_refused(s: TestServer) {
    let lines = refused(&s, "customers", b"%PDF-1.7\n%binary".to_vec()).await;
    assert_eq!(lines, vec![(0, None, Problem::NotCsvOrXlsx)]);
    // A zip that is not a workbook.
    let lines = refused(&s, "customers", b"PK\x03\x04not really a zip".to_vec()).await;
    assert_eq!(lines, vec![(0, None, Problem::NotCsvOrXlsx)]);
}

async fn an_empty_file_is_refused(s: TestServer) {
    assert_eq!(refused(&s, "customers", vec![]).await, vec![(0, None, Problem::EmptyFile)]);
}

async fn a_header_only_file_is_refused(s: TestServer) {
    let lines = refused(&s, "customers", CUSTOMERS_EN.lines().next().unwrap().into()).await;
    assert_eq!(lines, vec![(0, None, Problem::HeaderOnly)]);
}

async fn a_missing_required_column_is_named(s: TestServer) {
    let client = admin(&s).await;
    let file = CUSTOMERS_EN.replace("phone", "mobile_number");
    let summary = import_as(&s, &client, "customers", "x.csv", file.into()).await;
    assert_eq!(summary.status, ImportStatus::Failed);
    let missing = summary.report.iter().find(|l| l.problem == Problem::MissingColumn).unwrap();
    assert_eq!((missing.row, missing.detail.as_deref()), (1, Some("phone")));
    assert!(missing.message.contains("phone"));
    let unknown = summary.report.iter().find(|l| l.problem == Problem::UnknownColumn).unwrap();
    assert_eq!(unknown.detail.as_deref(), Some("mobile_number"));
    // Nothing to commit.
    let (status, body) = error_of(commit(&s, &client, summary.id).await).await;
    assert_eq!((status.as_u16(), body.code), (409, clientbook_domain::error_code::ErrorCode::ImportNotReady));
}

async fn a_wrong_encoding_is_named_with_its_row(s: TestServer) {
    let mut file = CUSTOMERS_EN.as_bytes().to_vec();
    file.extend_from_slice(b"C004,\xFF\xFE,110105194912310029,13800138001,,1949-12-31,rm01,,,,\n");
    let lines = refused(&s, "customers", file).await;
    assert_eq!(lines, vec![(5, None, Problem::WrongEncoding)]);
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("a,b\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    assert_eq!(refused(&s, "customers", utf16).await, vec![(1, None, Problem::WrongEncoding)]);
}

async fn rows_with_too_many_or_too_few_fields_are_named(s: TestServer) {
    let file = format!("{CUSTOMERS_EN}C004,赵六,extra\nC005,a,b,c,d,e,f,g,h,i,j,k,l\n");
    let lines = refused(&s, "customers", file.into()).await;
    assert!(lines.contains(&(5, None, Problem::TooFewFields)), "{lines:?}");
    assert!(lines.contains(&(6, None, Problem::TooManyFields)), "{lines:?}");
}

async fn an_unbalanced_quote_is_named(s: TestServer) {
    let file = format!("{CUSTOMERS_EN}C004,\"赵六,110105194912310029,13800138001,,1949-12-31,rm01,,,,\n");
    let lines = refused(&s, "customers", file.into()).await;
    assert_eq!(lines, vec![(5, Some("name".into()), Problem::LineBreak)]);
}

async fn a_one_gigabyte_upload_is_refused_with_413_before_it_is_read(s: TestServer) {
    let client = admin(&s).await;
    // A body that declares 1 GB and sends a few bytes before stalling: the answer must
    // come from the declared length alone.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(1);
    tx.send(Ok(b"customer_no,name\n".to_vec())).await.unwrap();
    let body = body_of(tokio_stream_of(rx));
    let started = std::time::Instant::now();
    let r = client
        .post(s.url("/api/imports?kind=customers&file_name=huge.csv"))
        .header("content-length", (1u64 << 30).to_string())
        .body(body)
        .send()
        .await
        .unwrap();
    let (status, body) = error_of(r).await;
    assert_eq!(status, 413);
    assert_eq!(body.code, clientbook_domain::error_code::ErrorCode::PayloadTooLarge);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    drop(tx);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM import_batches").await, 0);
    // Without a declared length, the stream is cut at the limit.
    let big = vec![b'a'; 11 * 1024 * 1024];
    let r = client
        .post(s.url("/api/imports?kind=customers&file_name=huge.csv"))
        .body(body_of(futures_util::stream::iter(
            big.chunks(1 << 20).map(|c| Ok::<_, std::io::Error>(c.to_vec())).collect::<Vec<_>>(),
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM import_batches").await, 0);
}

/// A streamed request body (no declared length unless a header says one).
fn body_of(
    stream: impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + Sync + 'static,
) -> reqwest::Body {
    use futures_util::StreamExt;
    reqwest::Body::wrap(http_body_util::StreamBody::new(
        stream.map(|r| r.map(|b| hyper::body::Frame::data(hyper::body::Bytes::from(b)))),
    ))
}

fn tokio_stream_of(
    mut rx: tokio::sync::mpsc::Receiver<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

async fn bad_amounts_are_refused_each_with_its_reason(s: TestServer) {
    load_customers(&s).await;
    let file = "account_no,customer_no,product_code,balance,opened_on\n\
        A1,C001,TD-01Y,\"1,000.00元\",2025-06-01\n\
        A2,C001,TD-01Y,-5,2025-06-01\n\
        A3,C001,TD-01Y,1e309,2025-06-01\n";
    let lines = refused(&s, "holdings", file.into()).await;
    let balance = Some("balance".to_owned());
    assert_eq!(
        lines,
        vec![
            (2, balance.clone(), Problem::AmountThousandsSeparator),
            (3, balance.clone(), Problem::AmountNegative),
            (4, balance, Problem::AmountExponent),
        ]
    );
}

async fn impossible_and_too_early_dates_are_refused(s: TestServer) {
    load_customers(&s).await;
    let file = "account_no,customer_no,product_code,balance,opened_on\n\
        A1,C001,TD-01Y,1,2024-02-30\n\
        A2,C001,TD-01Y,1,1800-01-01\n";
    let lines = refused(&s, "holdings", file.into()).await;
    let opened = Some("opened_on".to_owned());
    assert_eq!(
        lines,
        vec![(2, opened.clone(), Problem::DateNotInCalendar), (3, opened, Problem::DateTooEarly)]
    );
}

async fn an_id_number_with_a_wrong_check_digit_is_refused(s: TestServer) {
    let file = CUSTOMERS_EN.replace("11010519491231002X", "110105194912310021");
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "customers", "x.csv", file.into()).await;
    let line = summary.report.iter().find(|l| l.error).unwrap();
    assert_eq!((line.row, line.column.as_deref(), line.problem), (2, Some("id_number"), Problem::IdCheckDigit));
    assert_eq!(line.detail.as_deref(), Some("X"));
    // The value is shown masked.
    assert_ne!(line.value.as_deref(), Some("110105194912310021"));
    assert!(line.value.as_deref().unwrap().contains('*'));
    // The other rows may land; this one does not.
    assert_eq!(commit(&s, &client, summary.id).await.status(), 200);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 2);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers WHERE customer_no = 'C001'").await, 0);
}

async fn a_phone_with_letters_is_refused(s: TestServer) {
    let file = CUSTOMERS_EN.replace("13800138000", "1380013800O");
    let lines = refused(&s, "customers", file.into()).await;
    assert!(lines.contains(&(2, Some("phone".into()), Problem::PhoneHasLetters)), "{lines:?}");
}

async fn formula_payloads_are_refused_and_neutralised_in_the_report(s: TestServer) {
    let file = "customer_no,name,id_number,phone,birth_date,rm_username,address\n\
        C001,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",11010519491231002X,13800138000,1949-12-31,rm01,\n\
        C002,李四,110105198001010016,13900139000,1980-01-01,rm01,+cmd|' /C calc'!A0\n";
    let lines = refused(&s, "customers", file.into()).await;
    assert_eq!(
        lines,
        vec![
            (2, Some("name".into()), Problem::FormulaLike),
            (3, Some("address".into()), Problem::FormulaLike),
        ]
    );
    let client = admin(&s).await;
    let id = count(&s, "SELECT MAX(id) FROM import_batches").await;
    let r = client
        .get(s.url(&format!("/api/imports/{id}/report.csv?lang=zh")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    let body = text.strip_prefix('\u{feff}').unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), ["行", "列", "值", "问题", "错误"]);
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "a cell a spreadsheet would run: {cell}");
        }
    }
}

async fn a_file_whose_every_row_is_a_duplicate_changes_nothing(s: TestServer) {
    // Every row repeats the first one's key.
    let first = CUSTOMERS_EN.lines().nth(1).unwrap();
    let file = format!("{}\n{first}\n{first}\n{first}\n", CUSTOMERS_EN.lines().next().unwrap());
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "customers", "dups.csv", file.into()).await;
    let dups: Vec<_> = summary.report.iter().filter(|l| l.problem == Problem::DuplicateInFile).collect();
    assert_eq!(dups.len(), 2);
    assert_eq!((dups[0].row, dups[0].column.as_deref(), dups[0].detail.as_deref()), (3, Some("customer_no"), Some("2")));
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

async fn a_commit_is_one_transaction_all_or_nothing(s: TestServer) {
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "customers", "c.csv", CUSTOMERS_EN.into()).await;
    assert_eq!(summary.rows_valid, 3);
    // Another instance creates C003 meanwhile: the last insert of the batch fails, and
    // the first two rows must not land without it.
    sqlx::query(
        "INSERT INTO customers (id, rm_id, branch_id, customer_no, name, phone, id_type, id_number, \
         gender, birth_date, address, occupation, income_band, hobbies, preferred_channel, \
         kyc_reviewed_on, since, stated_needs) SELECT 900, id, branch_id, 'C003', 'x', '13000000000', \
         'ResidentIdCard', '110105199006150020', 'Male', '1990-06-15', '', '', '<100k', '', 'Phone', \
         '2025-01-01', '2025-01-01', '' FROM users WHERE username = 'rm01'",
    )
    .execute(s.pool())
    .await
    .unwrap();
    let r = commit(&s, &client, summary.id).await;
    assert_eq!(r.status(), 409);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 1);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM audit_log WHERE action = 'import_commit'").await, 0);
    let after = wait(&s, &client, summary.id).await;
    assert_eq!(after.status, ImportStatus::Ready, "the batch can be cancelled or retried");
}

async fn committing_twice_or_after_cancelling_is_a_409(s: TestServer) {
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "customers", "c.csv", CUSTOMERS_EN.into()).await;
    let (a, b) = tokio::join!(commit(&s, &client, summary.id), commit(&s, &client, summary.id));
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 3);
    let (status, body) = error_of(commit(&s, &client, summary.id).await).await;
    assert_eq!((status.as_u16(), body.code), (409, clientbook_domain::error_code::ErrorCode::ImportCommitted));
    let r = client.delete(s.url(&format!("/api/imports/{}", summary.id))).send().await.unwrap();
    assert_eq!(r.status(), 409);
    // Cancelled: its staged rows are gone and it cannot be committed.
    let other = import_as(&s, &client, "customers", "c2.csv", CUSTOMERS_EN.replace("C00", "D00").replace("13", "15").into()).await;
    let r = client.delete(s.url(&format!("/api/imports/{}", other.id))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<ImportSummary>().await.unwrap().status, ImportStatus::Cancelled);
    assert_eq!(count(&s, &format!("SELECT COUNT(*) FROM import_rows WHERE batch_id = {}", other.id)).await, 0);
    let (status, body) = error_of(commit(&s, &client, other.id).await).await;
    assert_eq!((status.as_u16(), body.code), (409, clientbook_domain::error_code::ErrorCode::ImportNotReady));
    assert_eq!(count(&s, "SELECT COUNT(*) FROM audit_log WHERE action = 'import_cancel'").await, 1);
}

async fn only_admins_and_branch_managers_import_and_a_branch_manager_only_their_branch(s: TestServer) {
    for (user, code) in [("rm01", "forbidden"), ("compliance01", "read_only")] {
        let client = s.signed_in(user).await;
        let r = client
            .post(s.url("/api/imports?kind=customers&file_name=c.csv"))
            .body(CUSTOMERS_EN)
            .send()
            .await
            .unwrap();
        let (status, body) = error_of(r).await;
        assert_eq!((status.as_u16(), body.code.as_str()), (403, code));
    }
    let manager = s.signed_in("manager01").await;
    let other_rm: String = sqlx::query(
        "SELECT username FROM users WHERE role = 'RelationshipManager' AND branch_id <> \
         (SELECT branch_id FROM users WHERE username = 'manager01') ORDER BY username",
    )
    .fetch_one(s.pool())
    .await
    .unwrap()
    .get(0);
    let own_rm: String = sqlx::query(
        "SELECT username FROM users WHERE role = 'RelationshipManager' AND branch_id = \
         (SELECT branch_id FROM users WHERE username = 'manager01') ORDER BY username",
    )
    .fetch_one(s.pool())
    .await
    .unwrap()
    .get(0);
    let file = CUSTOMERS_EN.replace(",rm01,", &format!(",{own_rm},")).replace(",rm02,", &format!(",{other_rm},"));
    let summary = import_as(&s, &manager, "customers", "c.csv", file.into()).await;
    let outside: Vec<_> = summary.report.iter().filter(|l| l.problem == Problem::RmOutsideBranch).collect();
    assert_eq!(outside.len(), 1);
    assert_eq!((outside[0].row, outside[0].column.as_deref()), (4, Some("rm_username")));
    assert_eq!(summary.rows_valid, 2);
    // An admin's import is not the branch manager's to see.
    let admin_batch = import_as(&s, &admin(&s).await, "customers", "a.csv", CUSTOMERS_EN.into()).await;
    let r = manager.get(s.url(&format!("/api/imports/{}", admin_batch.id))).send().await.unwrap();
    assert_eq!(r.status(), 404);
}

async fn the_command_line_reports_on_stdout_and_fails_on_any_error(s: TestServer) {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(&good, CUSTOMERS_EN).unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, CUSTOMERS_EN.replace("1980-01-01", "2024-02-30")).unwrap();
    let today = common::as_of();
    use clientbook_domain::import::ImportKind;
    use clientbook_server::import::cli::run;
    let out = run(&s.storage, ImportKind::Customers, &bad, true, today).await.unwrap();
    assert!(!out.ok);
    assert!(out.report.contains("row 3\tbirth_date\t2***\terror\tThis day does not exist in the calendar."), "{}", out.report);
    assert!(out.report.contains("not committed"));
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 0);
    let out = run(&s.storage, ImportKind::Customers, &good, true, today).await.unwrap();
    assert!(out.ok, "{}", out.report);
    assert!(out.report.contains("committed: 3 inserted"), "{}", out.report);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 3);
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM audit_log WHERE action = 'import_commit' AND username = 'cli' AND user_id IS NULL").await,
        1
    );
    if s.db == Db::Sqlite {
        // The binary: exit status and stdout.
        let url = format!("sqlite://{}", s.dist.parent().unwrap().join("cb.sqlite").display());
        let run = |file: &std::path::Path| {
            std::process::Command::new(env!("CARGO_BIN_EXE_clientbook-server"))
                .args(["import", "--kind", "customers", "--database-url", &url])
                .arg(file)
                .output()
                .unwrap()
        };
        let o = run(&bad);
        assert!(!o.status.success());
        assert!(String::from_utf8_lossy(&o.stdout).contains("DateNotInCalendar") || String::from_utf8_lossy(&o.stdout).contains("does not exist"));
        let o = run(&good);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
        assert!(String::from_utf8_lossy(&o.stdout).contains("3 unchanged"));
    }
}

/// Merges need customers in the bank already: the demo bank's.
mod demo_bank {
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
    let (id, id_number, birth, rm): (i64, String, String, String) = (row.get(0), row.get(1), row.get(2), row.get(3));
    let history = count(&s, &format!("SELECT COUNT(*) FROM interactions WHERE customer_id = {id}")).await
        + count(&s, &format!("SELECT COUNT(*) FROM holdings WHERE customer_id = {id}")).await;
    let file = format!(
        "customer_no,name,id_number,phone,birth_date,rm_username\nK001,新名字,{id_number},13012345678,{birth},{rm}\n"
    );
    let client = s.signed_in("admin").await;
    let summary = import_as(&s, &client, "customers", "merge.csv", file.into()).await;
    assert_eq!(summary.merges.len(), 1, "{:?}", summary.report);
    let merge = &summary.merges[0];
    assert_eq!((merge.row, merge.customer_id, merge.reason), (2, id, Problem::SameIdAsExisting));
    assert_eq!(merge.decision, MergeDecision::Pending);
    let name = merge.fields.iter().find(|f| f.column == "name").unwrap();
    assert!(name.differs && name.file_wins);
    // Masked on both sides.
    assert!(name.existing.as_deref().unwrap().contains('*') && name.incoming.as_deref().unwrap().contains('*'));
    let birth_field = merge.fields.iter().find(|f| f.column == "birth_date").unwrap();
    assert!(!birth_field.differs);
    // Undecided: no commit.
    let (status, body) = error_of(commit(&s, &client, summary.id).await).await;
    assert_eq!((status.as_u16(), body.code), (409, clientbook_domain::error_code::ErrorCode::MergesUndecided));
    let r = client
        .post(s.url(&format!("/api/imports/{}/merges/2", summary.id)))
        .json(&serde_json::json!({"decision": "accepted"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<ImportSummary>().await.unwrap().merges[0].decision, MergeDecision::Accepted);
    let r = client
        .post(s.url(&format!("/api/imports/{}/merges/3", summary.id)))
        .json(&serde_json::json!({"decision": "accepted"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let before = count(&s, "SELECT COUNT(*) FROM customers").await;
    assert_eq!(commit(&s, &client, summary.id).await.status(), 200);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, before, "merged, not added");
    let (name, no, phone): (String, String, String) = {
        let r = sqlx::query(&format!("SELECT name, customer_no, phone FROM customers WHERE id = {id}"))
            .fetch_one(s.pool())
            .await
            .unwrap();
        (r.get(0), r.get(1), r.get(2))
    };
    assert_eq!((name.as_str(), no.as_str(), phone.as_str()), ("新名字", "K001", "13012345678"));
    let after = count(&s, &format!("SELECT COUNT(*) FROM interactions WHERE customer_id = {id}")).await
        + count(&s, &format!("SELECT COUNT(*) FROM holdings WHERE customer_id = {id}")).await;
    assert_eq!(after, history, "the history stays with the customer");
    assert_eq!(
        count(&s, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'merge_customer' AND customer_id = {id}")).await,
        1
    );
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
    sqlx::query(&format!("UPDATE customers SET id_number = '{fifteen}' WHERE id = {id}"))
        .execute(s.pool())
        .await
        .unwrap();
    let file = format!("customer_no,name,id_number,phone,birth_date,rm_username\nK9,{name},{eighteen},{phone},{birth},rm01\n");
    let client = s.signed_in("admin").await;
    let summary = import_as(&s, &client, "customers", "near.csv", file.into()).await;
    assert_eq!(summary.merges.len(), 1, "{:?}", summary.report);
    assert_eq!(summary.merges[0].reason, Problem::NearDuplicate);
    assert!(summary.report.iter().any(|l| l.problem == Problem::NearDuplicate && !l.error));
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
}
