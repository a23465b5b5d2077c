//! The customer list of a big scope (docs/rules.md, Big scopes): the app pages through
//! `GET /api/customers` with the filters its list offers. The branch filter (compliance
//! over the whole bank) narrows the scope like the others, pages by keyset in both orders
//! on the scope's branch indexes, and the export of the same filters sends the same
//! customers. On SQLite and PostgreSQL.

use crate::common::{error_of, TestServer};
use serde_json::Value;
use sqlx::Row;
use std::collections::BTreeSet;

on_both_databases!(
    a_branch_filter_pages_exactly_that_branchs_customers,
    a_branch_filter_never_widens_a_scope,
    the_export_sends_what_the_filtered_list_shows,
    a_branch_that_is_not_a_number_is_refused_and_nothing_listed,
);

/// Every page of `query`, following `next_cursor`, and the total of the first page.
async fn all_pages(s: &TestServer, client: &reqwest::Client, query: &str) -> (Vec<Value>, u64) {
    let mut items = vec![];
    let mut cursor: Option<String> = None;
    let mut total = None;
    for _ in 0..1000 {
        let mut url = s.url(&format!("/api/customers?{query}"));
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let r = client.get(url).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let page: Value = r.json().await.unwrap();
        let page_total = page["total"].as_u64().unwrap();
        assert_eq!(*total.get_or_insert(page_total), page_total, "one total");
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return (items, page_total),
        }
    }
    panic!("more than 1000 pages");
}

fn ids(items: &[Value]) -> Vec<i64> {
    items.iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

async fn set(s: &TestServer, sql: &str) -> BTreeSet<i64> {
    s.ids(sql).await.into_iter().collect()
}

async fn a_branch_filter_pages_exactly_that_branchs_customers(s: TestServer) {
    let branches = s
        .ids("SELECT DISTINCT branch_id FROM customers ORDER BY branch_id")
        .await;
    assert!(branches.len() >= 2, "the demo bank has several branches");
    let compliance = s.signed_in("compliance01").await;
    for b in branches {
        let want = set(
            &s,
            &format!("SELECT id FROM customers WHERE branch_id = {b} AND merged_into IS NULL"),
        )
        .await;
        let (by_id, total) = all_pages(&s, &compliance, &format!("branch={b}&limit=9")).await;
        let got = ids(&by_id);
        assert!(got.windows(2).all(|w| w[0] < w[1]), "ascending, no repeats");
        assert_eq!(got.into_iter().collect::<BTreeSet<_>>(), want, "branch {b}");
        assert_eq!(total, want.len() as u64);
        assert!(by_id.iter().all(|i| i["branch_id"] == b));

        let (rich, total) = all_pages(
            &s,
            &compliance,
            &format!("branch={b}&limit=7&sort=aum_desc"),
        )
        .await;
        assert_eq!(total, want.len() as u64);
        assert_eq!(rich.len(), want.len(), "no customer twice across pages");
        let aums: Vec<i64> = rich.iter().map(|i| i["aum"].as_i64().unwrap()).collect();
        assert!(aums.windows(2).all(|w| w[0] >= w[1]), "richest first");
    }

    // Combined with a search, a tier's AUM bounds and an RM: every filter holds at once.
    let row = sqlx::query(
        "SELECT branch_id, rm_id FROM customers WHERE merged_into IS NULL ORDER BY id LIMIT 1",
    )
    .fetch_one(s.pool())
    .await
    .unwrap();
    let (b, rm): (i64, i64) = (row.get(0), row.get(1));
    let want = set(
        &s,
        &format!(
            "SELECT id FROM customers WHERE branch_id = {b} AND rm_id = {rm} \
             AND aum >= 5000000 AND merged_into IS NULL"
        ),
    )
    .await;
    let (items, total) = all_pages(
        &s,
        &compliance,
        &format!("branch={b}&rm={rm}&min_aum=5000000&limit=500"),
    )
    .await;
    assert_eq!(ids(&items).into_iter().collect::<BTreeSet<_>>(), want);
    assert_eq!(total, want.len() as u64);

    // The page read is audited with the branch it was filtered on.
    let details: Vec<String> = sqlx::query(
        "SELECT detail FROM audit_log WHERE action = 'list_customers' AND username = 'compliance01'",
    )
    .fetch_all(s.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.get::<String, _>(0))
    .collect();
    assert!(details.iter().any(|d| d.contains(&format!("branch={b} "))));
}

async fn a_branch_filter_never_widens_a_scope(s: TestServer) {
    let manager = s.signed_in("manager01").await;
    let own = s
        .ids("SELECT branch_id FROM users WHERE username = 'manager01'")
        .await[0];
    let other = s
        .ids(&format!(
            "SELECT DISTINCT branch_id FROM customers WHERE branch_id <> {own}"
        ))
        .await[0];
    let (items, total) = all_pages(&s, &manager, &format!("branch={other}")).await;
    assert_eq!((items.len(), total), (0, 0), "another branch shows nothing");
    let want = set(
        &s,
        &format!("SELECT id FROM customers WHERE branch_id = {own} AND merged_into IS NULL"),
    )
    .await;
    let (items, _) = all_pages(&s, &manager, &format!("branch={own}&limit=500")).await;
    assert_eq!(ids(&items).into_iter().collect::<BTreeSet<_>>(), want);
    // An RM's book filtered on its own branch stays the RM's book.
    let rm01 = s.signed_in("rm01").await;
    let (items, _) = all_pages(&s, &rm01, &format!("branch={own}&limit=500")).await;
    assert!(items.iter().all(|i| i["rm_id"] == 1));
}

async fn the_export_sends_what_the_filtered_list_shows(s: TestServer) {
    let compliance = s.signed_in("compliance01").await;
    let b = s
        .ids("SELECT DISTINCT branch_id FROM customers ORDER BY branch_id")
        .await[0];
    let query = format!("branch={b}&sort=aum_desc&min_aum=1000000");
    let (items, _) = all_pages(&s, &compliance, &format!("{query}&limit=500")).await;
    let r = compliance
        .get(s.url(&format!("/api/exports/customers?format=csv&{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    let exported: Vec<i64> = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(',')
                .next()
                .unwrap()
                .trim_matches('"')
                .parse()
                .unwrap()
        })
        .collect();
    assert!(!exported.is_empty());
    assert_eq!(exported, ids(&items), "same customers, same order");
}

async fn a_branch_that_is_not_a_number_is_refused_and_nothing_listed(s: TestServer) {
    let compliance = s.signed_in("compliance01").await;
    let count = "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'list_customers'";
    let before = s.ids(count).await;
    let (status, body) = error_of(
        compliance
            .get(s.url("/api/customers?branch=north"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.message.contains("branch"), "{}", body.message);
    assert_eq!(
        s.ids(count).await,
        before,
        "nothing listed, nothing audited"
    );
}
