//! The bad-input list, one test per item: each named by row and column, nothing written.

use super::*;

on_both_empty_banks!(
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
);

async fn a_file_that_is_not_csv_or_xlsx_is_refused(s: TestServer) {
    let lines = refused(&s, "customers", b"%PDF-1.7\n%binary".to_vec()).await;
    assert_eq!(lines, vec![(0, None, Problem::NotCsvOrXlsx)]);
    // A zip that is not a workbook.
    let lines = refused(&s, "customers", b"PK\x03\x04not really a zip".to_vec()).await;
    assert_eq!(lines, vec![(0, None, Problem::NotCsvOrXlsx)]);
}

async fn an_empty_file_is_refused(s: TestServer) {
    assert_eq!(
        refused(&s, "customers", vec![]).await,
        vec![(0, None, Problem::EmptyFile)]
    );
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
    let missing = summary
        .report
        .iter()
        .find(|l| l.problem == Problem::MissingColumn)
        .unwrap();
    assert_eq!((missing.row, missing.detail.as_deref()), (1, Some("phone")));
    assert!(missing.message.contains("phone"));
    let unknown = summary
        .report
        .iter()
        .find(|l| l.problem == Problem::UnknownColumn)
        .unwrap();
    assert_eq!(unknown.detail.as_deref(), Some("mobile_number"));
    // Nothing to commit.
    let (status, body) = error_of(commit(&s, &client, summary.id).await).await;
    assert_eq!(
        (status.as_u16(), body.code),
        (
            409,
            clientbook_domain::error_code::ErrorCode::ImportNotReady
        )
    );
}

async fn a_wrong_encoding_is_named_with_its_row(s: TestServer) {
    let mut file = CUSTOMERS_EN.as_bytes().to_vec();
    file.extend_from_slice(b"C004,\xFF\xFE,110105194912310029,13800138001,,1949-12-31,rm01,,,,\n");
    let lines = refused(&s, "customers", file).await;
    assert_eq!(lines, vec![(5, None, Problem::WrongEncoding)]);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("a,b\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(
        refused(&s, "customers", utf16).await,
        vec![(1, None, Problem::WrongEncoding)]
    );
}

async fn rows_with_too_many_or_too_few_fields_are_named(s: TestServer) {
    let file = format!("{CUSTOMERS_EN}C004,赵六,extra\nC005,a,b,c,d,e,f,g,h,i,j,k,l\n");
    let lines = refused(&s, "customers", file.into()).await;
    assert!(
        lines.contains(&(5, None, Problem::TooFewFields)),
        "{lines:?}"
    );
    assert!(
        lines.contains(&(6, None, Problem::TooManyFields)),
        "{lines:?}"
    );
}

async fn an_unbalanced_quote_is_named(s: TestServer) {
    let file =
        format!("{CUSTOMERS_EN}C004,\"赵六,110105194912310029,13800138001,,1949-12-31,rm01,,,,\n");
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
    assert_eq!(
        body.code,
        clientbook_domain::error_code::ErrorCode::PayloadTooLarge
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    drop(tx);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM import_batches").await, 0);
    // Without a declared length, the stream is cut at the limit.
    let big = vec![b'a'; 11 * 1024 * 1024];
    let r = client
        .post(s.url("/api/imports?kind=customers&file_name=huge.csv"))
        .body(body_of(futures_util::stream::iter(
            big.chunks(1 << 20)
                .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
                .collect::<Vec<_>>(),
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
        vec![
            (2, opened.clone(), Problem::DateNotInCalendar),
            (3, opened, Problem::DateTooEarly)
        ]
    );
}

async fn an_id_number_with_a_wrong_check_digit_is_refused(s: TestServer) {
    let file = CUSTOMERS_EN.replace("11010519491231002X", "110105194912310021");
    let client = admin(&s).await;
    let summary = import_as(&s, &client, "customers", "x.csv", file.into()).await;
    let line = summary.report.iter().find(|l| l.error).unwrap();
    assert_eq!(
        (line.row, line.column.as_deref(), line.problem),
        (2, Some("id_number"), Problem::IdCheckDigit)
    );
    assert_eq!(line.detail.as_deref(), Some("X"));
    // The value is shown masked.
    assert_ne!(line.value.as_deref(), Some("110105194912310021"));
    assert!(line.value.as_deref().unwrap().contains('*'));
    // The other rows may land; this one does not.
    assert_eq!(commit(&s, &client, summary.id).await.status(), 200);
    assert_eq!(count(&s, "SELECT COUNT(*) FROM customers").await, 2);
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM customers WHERE customer_no = 'C001'"
        )
        .await,
        0
    );
}

async fn a_phone_with_letters_is_refused(s: TestServer) {
    let file = CUSTOMERS_EN.replace("13800138000", "1380013800O");
    let lines = refused(&s, "customers", file.clone().into()).await;
    assert!(
        lines.contains(&(2, Some("phone".into()), Problem::PhoneHasLetters)),
        "{lines:?}"
    );
    // Saved by Excel on Windows (CR LF line ends), the row is numbered the same.
    let lines = refused(&s, "customers", file.replace('\n', "\r\n").into()).await;
    assert!(
        lines.contains(&(2, Some("phone".into()), Problem::PhoneHasLetters)),
        "{lines:?}"
    );
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
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["行", "列", "值", "问题", "错误"]
    );
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a cell a spreadsheet would run: {cell}"
            );
        }
    }
    // A browser asks for it compressed: the whole body arrives all the same.
    let r = client
        .get(s.url(&format!("/api/imports/{id}/report.csv?lang=en")))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(!r.bytes().await.expect("the whole body").is_empty());
}
