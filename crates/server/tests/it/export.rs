//! Exports over HTTP on SQLite and PostgreSQL: the same rows as the screens (scope,
//! filters, order, masking), every export audited, formulas never run, UTF-8 with BOM.

use crate::common::{as_of, TestServer};
use clientbook_domain::api::{BookResponse, CustomerPage};
use clientbook_domain::policy::ScoringPolicy;
use clientbook_domain::satisfaction::summarize;
use serde_json::{json, Value};
use sqlx::Row;
use std::io::Read;

on_both_databases!(
    a_customer_export_is_the_whole_filtered_list_in_order_masked_and_audited,
    each_role_exports_its_own_scope_and_nothing_else,
    formulas_in_names_and_complaints_never_run_in_either_format,
    complaint_lists_analysis_and_satisfaction_match_their_screens,
    bad_export_parameters_are_refused_naming_the_field,
);

const BOM: &str = "\u{feff}";
const EVIL_LINK: &str = "=HYPERLINK(\"http://evil.example/x\",\"click\")";
const EVIL_CMD: &str = "+cmd|' /C calc'!A0";

/// The records of a CSV export (BOM checked and stripped, heading row dropped).
async fn csv_of(client: &reqwest::Client, s: &TestServer, path: &str) -> Vec<Vec<String>> {
    let r = client.get(s.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename="));
    let text = r.text().await.unwrap();
    let body = text.strip_prefix(BOM).expect("a UTF-8 BOM first");
    csv::Reader::from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// The worksheet XML of an XLSX export, and where its strings are: the shared strings,
/// or the sheet itself when they are written inline (as the server's exports write them,
/// row by row in constant memory).
async fn xlsx_of(client: &reqwest::Client, s: &TestServer, path: &str) -> (String, String) {
    let r = client.get(s.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    let bytes = r.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut read = |name: &str| {
        let mut out = String::new();
        let mut file = zip.by_name(name).ok()?;
        file.read_to_string(&mut out).unwrap();
        Some(out)
    };
    let sheet = read("xl/worksheets/sheet1.xml").expect("a worksheet");
    let strings = read("xl/sharedStrings.xml").unwrap_or_else(|| sheet.clone());
    (sheet, strings)
}

/// Every page of `GET /api/customers` with `query`.
async fn all_pages(client: &reqwest::Client, s: &TestServer, query: &str) -> Vec<Value> {
    let mut items = vec![];
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("/api/customers?limit=37&{query}");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page: CustomerPage = client
            .get(s.url(&url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        items.extend(page.items.iter().map(|i| serde_json::to_value(i).unwrap()));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return items,
        }
    }
}

async fn export_audits(s: &TestServer, user: &str) -> Vec<String> {
    sqlx::query(
        "SELECT detail FROM audit_log WHERE action = 'export_list' AND username = $1 ORDER BY id",
    )
    .bind(user)
    .fetch_all(s.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.get::<String, _>(0))
    .collect()
}

async fn a_customer_export_is_the_whole_filtered_list_in_order_masked_and_audited(s: TestServer) {
    let manager = s.signed_in("manager01").await;
    let filters = "sort=aum_desc&min_aum=100000";
    let rows = csv_of(
        &manager,
        &s,
        &format!("/api/exports/customers?format=csv&lang=zh&{filters}"),
    )
    .await;
    let listed = all_pages(&manager, &s, filters).await;
    assert!(listed.len() > 37, "more than one page: {}", listed.len());
    assert_eq!(rows.len(), listed.len());
    for (row, item) in rows.iter().zip(&listed) {
        assert_eq!(row[0], item["id"].to_string());
        assert_eq!(
            row[1],
            item["name"].as_str().unwrap(),
            "masked as on screen"
        );
        assert_eq!(row[2], item["phone"].as_str().unwrap());
        let fen = item["aum"].as_i64().unwrap();
        assert_eq!(row[6], format!("{}.{:02}", fen / 100, fen % 100));
        assert!(row[1].contains('*'), "{}", row[1]);
    }
    let audits = export_audits(&s, "manager01").await;
    assert_eq!(audits.len(), 1);
    let detail = &audits[0];
    assert!(detail.contains("what=customers format=csv"), "{detail}");
    assert!(
        detail.contains("min_aum=100000") && detail.contains("AumDesc"),
        "{detail}"
    );
    assert!(
        detail.ends_with(&format!("rows={}", rows.len())),
        "{detail}"
    );

    // The same list as XLSX: a heading row and one row per customer.
    let (sheet, _) = xlsx_of(
        &manager,
        &s,
        &format!("/api/exports/customers?format=xlsx&{filters}"),
    )
    .await;
    assert_eq!(sheet.matches("<row ").count(), rows.len() + 1);
    assert_eq!(export_audits(&s, "manager01").await.len(), 2);
}

async fn each_role_exports_its_own_scope_and_nothing_else(s: TestServer) {
    let scope_sql = [
        (
            "rm01",
            "SELECT c.id FROM customers c JOIN users u ON u.id = c.rm_id WHERE u.username = 'rm01' ORDER BY c.id",
        ),
        (
            "manager01",
            "SELECT c.id FROM customers c JOIN users u ON u.branch_id = c.branch_id WHERE u.username = 'manager01' ORDER BY c.id",
        ),
        ("compliance01", "SELECT id FROM customers ORDER BY id"),
        ("admin", "SELECT id FROM customers WHERE 1 = 0"),
    ];
    let complaint_sql = |customers: &str| {
        format!("SELECT k.id FROM complaints k WHERE k.status <> 'Closed' AND k.customer_id IN ({customers}) ORDER BY k.id")
    };
    for (user, sql) in scope_sql {
        let client = s.signed_in(user).await;
        let ids: Vec<String> = csv_of(&client, &s, "/api/exports/customers")
            .await
            .into_iter()
            .map(|r| r[0].clone())
            .collect();
        let expected: Vec<String> = s.ids(sql).await.iter().map(i64::to_string).collect();
        assert_eq!(ids, expected, "{user}: customers");
        let inner = sql
            .replace(" ORDER BY c.id", "")
            .replace(" ORDER BY id", "");
        let mut complaint_ids: Vec<i64> = csv_of(&client, &s, "/api/exports/complaints?list=open")
            .await
            .iter()
            .map(|r| r[0].parse().unwrap())
            .collect();
        complaint_ids.sort_unstable();
        assert_eq!(
            complaint_ids,
            s.ids(&complaint_sql(&inner)).await,
            "{user}: complaints"
        );
    }
    // A filter naming another RM narrows an RM's own scope; it never widens it.
    let rm01 = s.signed_in("rm01").await;
    let other = s.ids("SELECT id FROM users WHERE username = 'rm02'").await[0];
    let rows = csv_of(&rm01, &s, &format!("/api/exports/customers?rm={other}")).await;
    assert!(rows.is_empty(), "{rows:?}");
}

async fn formulas_in_names_and_complaints_never_run_in_either_format(s: TestServer) {
    let own = s
        .ids(
            "SELECT c.id FROM customers c JOIN users u ON u.id = c.rm_id \
             WHERE u.username = 'rm01' ORDER BY c.id LIMIT 1",
        )
        .await[0];
    sqlx::query("UPDATE customers SET name = $1 WHERE id = $2")
        .bind(EVIL_LINK)
        .bind(own)
        .execute(s.pool())
        .await
        .unwrap();
    let rm01 = s.signed_in("rm01").await;
    let r = rm01
        .post(s.url(&format!("/api/customers/{own}/complaints")))
        .json(&json!({
            "channel": "Phone", "content_type": "Service", "severity": "General",
            "description": EVIL_CMD, "customer_request": EVIL_LINK
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);

    let customers = csv_of(&rm01, &s, "/api/exports/customers").await;
    let row = customers.iter().find(|r| r[0] == own.to_string()).unwrap();
    // Masked, the name still begins with the formula's `=`: neutralised.
    assert!(row[1].starts_with("'="), "{}", row[1]);
    let complaints = csv_of(&rm01, &s, "/api/exports/complaints").await;
    let row = complaints
        .iter()
        .find(|r| r[13] == format!("'{EVIL_CMD}"))
        .expect("the complaint, its description neutralised");
    assert_eq!(row[14], format!("'{EVIL_LINK}"));
    for cell in complaints.iter().flatten() {
        assert!(
            !(cell.starts_with(['=', '+', '@', '\t', '\r'])
                || cell.starts_with('-') && cell.parse::<f64>().is_err()),
            "a cell a spreadsheet would run: {cell:?}"
        );
    }

    // XLSX: string cells holding the text, and not one formula cell.
    for (path, text) in [
        ("/api/exports/complaints?format=xlsx", "<t>=HYPERLINK("),
        ("/api/exports/complaints?format=xlsx", "<t>+cmd|"),
        // The masked name: its first character kept, the formula's `=`.
        ("/api/exports/customers?format=xlsx", "<t>=*"),
    ] {
        let (sheet, strings) = xlsx_of(&rm01, &s, path).await;
        assert!(!sheet.contains("<f>"), "{path}: a formula cell");
        assert!(strings.contains(text), "{path}: {text} kept as text");
    }
}

async fn complaint_lists_analysis_and_satisfaction_match_their_screens(s: TestServer) {
    let compliance = s.signed_in("compliance01").await;
    for list in ["open", "nearing", "overdue"] {
        let rows = csv_of(
            &compliance,
            &s,
            &format!("/api/exports/complaints?list={list}"),
        )
        .await;
        let screen: Value = compliance
            .get(s.url(&format!("/api/complaints?state={list}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let screen_ids: Vec<String> = screen["complaints"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["complaint"]["id"].to_string())
            .collect();
        let ids: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
        assert_eq!(ids, screen_ids, "{list}");
        for (row, k) in rows.iter().zip(screen["complaints"].as_array().unwrap()) {
            assert_eq!(row[2], k["customer_name"].as_str().unwrap(), "masked");
        }
    }
    // Everything received in a period, closed ones too.
    let from = as_of() - chrono::Days::new(365);
    let all = csv_of(
        &compliance,
        &s,
        &format!(
            "/api/exports/complaints?list=all&from={from}&to={}",
            as_of()
        ),
    )
    .await;
    let in_db = s
        .ids(&format!(
            "SELECT id FROM complaints WHERE received_on >= '{from}' AND received_on <= '{}'",
            as_of()
        ))
        .await;
    assert_eq!(all.len(), in_db.len());
    assert!(
        all.iter().any(|r| r[8] == "Closed"),
        "closed complaints are in the period"
    );

    let month = "2026-05";
    let analysis: Value = compliance
        .get(s.url(&format!("/api/complaints/analysis?month={month}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rows = csv_of(
        &compliance,
        &s,
        &format!("/api/exports/complaint-analysis?month={month}"),
    )
    .await;
    assert_eq!(rows[0], ["received", "", &analysis["received"].to_string()]);
    let by_type: u64 = rows
        .iter()
        .filter(|r| r[0] == "by_content_type")
        .map(|r| r[2].parse::<u64>().unwrap())
        .sum();
    assert_eq!(Some(by_type), analysis["received"].as_u64());

    // Satisfaction: what the page computes in the browser from the same book.
    let rm01 = s.signed_in("rm01").await;
    let book: BookResponse = rm01
        .get(s.url("/api/book"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let policy: ScoringPolicy = rm01
        .get(s.url("/api/policy"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let expected = summarize(
        book.customers.iter().flat_map(|c| &c.surveys),
        &policy.satisfaction,
        book.as_of,
    );
    let rows = csv_of(&rm01, &s, "/api/exports/satisfaction").await;
    assert_eq!(rows.len(), expected.months.len() + 1);
    let total = rows.last().unwrap();
    assert_eq!(total[0], "total");
    assert_eq!(total[1], expected.total.nps_responses.to_string());
    let one = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.1}"));
    assert_eq!(total[4], one(expected.total.nps()));
    assert_eq!(total[7], one(expected.total.csat()));
    assert_eq!(total[8], one(expected.total.csi()));
    assert!(
        expected.total.nps_responses > 0,
        "the demo book has surveys"
    );
}

async fn bad_export_parameters_are_refused_naming_the_field(s: TestServer) {
    let anonymous = s.client();
    let r = anonymous
        .get(s.url("/api/exports/customers"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let rm01 = s.signed_in("rm01").await;
    for (path, status, field) in [
        ("/api/exports/customers?format=pdf", 400, None),
        ("/api/exports/customers?limit=5", 400, None),
        ("/api/exports/customers?min_aum=-1", 422, Some("min_aum")),
        (
            "/api/exports/complaints?list=all&from=2026-06-10&to=2026-06-01",
            422,
            Some("to"),
        ),
        (
            "/api/exports/complaints?list=open&from=2026-06-01",
            422,
            Some("from"),
        ),
        (
            "/api/exports/complaint-analysis?month=2026-13",
            422,
            Some("month"),
        ),
    ] {
        let r = rm01.get(s.url(path)).send().await.unwrap();
        assert_eq!(r.status(), status, "{path}");
        let body: Value = r.json().await.unwrap();
        if let Some(field) = field {
            assert_eq!(body["fields"][0]["field"], field, "{path}: {body}");
        }
    }
    assert!(
        export_audits(&s, "rm01").await.is_empty(),
        "a refused export is no export"
    );
}
