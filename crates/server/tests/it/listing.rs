//! The book in columns (`GET /api/book/columns`) and the paged customer list
//! (`GET /api/customers`), on the real server against SQLite and PostgreSQL.

use crate::common::{TestServer, CUSTOMERS};
use clientbook_domain::api::{BookResponse, CustomerPage, ErrorBody};
use clientbook_domain::columns::BookColumns;
use clientbook_domain::tier::tier_for_aum;
use clientbook_domain::ScoringPolicy;
use serde_json::Value;
use sqlx::Row;
use std::collections::BTreeSet;

on_both_databases!(
    the_columns_carry_the_same_book_in_fewer_bytes,
    pages_walk_the_whole_scope_once_in_either_order,
    filters_narrow_the_scope_and_never_widen_it,
    a_bad_parameter_is_named_and_nothing_is_listed,
    the_stored_aum_follows_the_holdings,
);

async fn get_json<T: serde::de::DeserializeOwned>(
    client: &reqwest::Client,
    url: String,
) -> (T, usize) {
    let r = client.get(url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap();
    (serde_json::from_slice(&bytes).unwrap(), bytes.len())
}

async fn the_columns_carry_the_same_book_in_fewer_bytes(s: TestServer) {
    for user in ["rm01", "manager01", "compliance01", "admin"] {
        let client = s.signed_in(user).await;
        let (records, record_bytes): (BookResponse, _) =
            get_json(&client, s.url("/api/book")).await;
        let (columns, column_bytes): (BookColumns, _) =
            get_json(&client, s.url("/api/book/columns")).await;
        assert_eq!(columns.as_of, records.as_of);
        assert_eq!(
            columns.into_customers().unwrap(),
            records.customers,
            "{user}"
        );
        if !records.customers.is_empty() {
            assert!(
                column_bytes * 3 < record_bytes * 2,
                "{user}: {column_bytes} vs {record_bytes}"
            );
        }
    }
    // Each whole-book read is audited, whatever its layout.
    let reads = s
        .ids("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'read_book' AND username = 'rm01'")
        .await;
    assert_eq!(reads, vec![2]);
}

/// Every page of `query` for `client`, following `next_cursor`.
async fn all_pages(s: &TestServer, client: &reqwest::Client, query: &str) -> (Vec<Value>, u64) {
    let mut items = vec![];
    let mut cursor: Option<String> = None;
    let mut total = None;
    for _ in 0..1000 {
        let mut url = s.url(&format!("/api/customers?{query}"));
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let (page, _): (Value, _) = get_json(client, url).await;
        let page_total = page["total"].as_u64().unwrap();
        assert_eq!(*total.get_or_insert(page_total), page_total);
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

async fn pages_walk_the_whole_scope_once_in_either_order(s: TestServer) {
    let own: BTreeSet<i64> = s
        .ids("SELECT id FROM customers WHERE rm_id = 1")
        .await
        .into_iter()
        .collect();
    let rm01 = s.signed_in("rm01").await;
    let (by_id, total) = all_pages(&s, &rm01, "limit=7").await;
    let got = ids(&by_id);
    assert!(got.windows(2).all(|w| w[0] < w[1]), "ascending, no repeats");
    assert_eq!(got.iter().copied().collect::<BTreeSet<_>>(), own);
    assert_eq!(total, own.len() as u64);

    let (rich, total) = all_pages(&s, &rm01, "limit=5&sort=aum_desc").await;
    assert_eq!(total, own.len() as u64);
    let got = ids(&rich);
    assert_eq!(got.len(), own.len(), "no customer twice across pages");
    assert_eq!(got.iter().copied().collect::<BTreeSet<_>>(), own);
    let aums: Vec<i64> = rich.iter().map(|i| i["aum"].as_i64().unwrap()).collect();
    assert!(aums.windows(2).all(|w| w[0] >= w[1]), "richest first");

    // The AUM and tier agree with the whole book scored by the domain crate.
    let (book, _): (BookResponse, _) = get_json(&rm01, s.url("/api/book")).await;
    let policy = ScoringPolicy::default();
    for item in &rich {
        let c = book
            .customers
            .iter()
            .find(|c| c.id.0 == item["id"].as_i64().unwrap())
            .unwrap();
        assert_eq!(item["aum"].as_i64().unwrap(), c.aum().fen());
        assert_eq!(
            item["tier"],
            serde_json::to_value(tier_for_aum(c.aum(), &policy.tiers)).unwrap()
        );
        assert_eq!(
            item["name"].as_str().unwrap(),
            c.name,
            "masked like the book"
        );
        assert_eq!(item["phone"].as_str().unwrap(), c.phone);
    }

    let (everyone, total) = all_pages(&s, &s.signed_in("compliance01").await, "limit=500").await;
    assert_eq!(
        (everyone.len(), total),
        (CUSTOMERS as usize, u64::from(CUSTOMERS))
    );
    let (nothing, total) = all_pages(&s, &s.signed_in("admin").await, "").await;
    assert_eq!((nothing.len(), total), (0, 0));

    // Every page read is audited with its row count.
    let details: Vec<String> = sqlx::query(
        "SELECT detail FROM audit_log WHERE action = 'list_customers' AND username = 'rm01'",
    )
    .fetch_all(s.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.get::<String, _>(0))
    .collect();
    let pages = own.len().div_ceil(7) + own.len().div_ceil(5);
    assert!(details.len() >= pages, "{} pages audited", details.len());
    assert!(details.iter().all(|d| d.contains("count=")));
}

async fn filters_narrow_the_scope_and_never_widen_it(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    // A risk level: exactly the stored ones in the RM's book.
    let c3: BTreeSet<i64> = s
        .ids("SELECT id FROM customers WHERE rm_id = 1 AND risk_level = 'C3'")
        .await
        .into_iter()
        .collect();
    let (items, total) = all_pages(&s, &rm01, "risk_level=C3&limit=500").await;
    assert_eq!(ids(&items).into_iter().collect::<BTreeSet<_>>(), c3);
    assert_eq!(total, c3.len() as u64);

    // The last four digits of a phone find that customer; `%` is a letter, not a wildcard.
    let row = sqlx::query("SELECT id, phone FROM customers WHERE rm_id = 1 ORDER BY id LIMIT 1")
        .fetch_one(s.pool())
        .await
        .unwrap();
    let (id, phone): (i64, String) = (row.get(0), row.get(1));
    let tail = &phone[phone.len() - 4..];
    let (items, _) = all_pages(&s, &rm01, &format!("q={tail}")).await;
    assert!(ids(&items).contains(&id));
    let (items, _) = all_pages(&s, &rm01, "q=%25").await;
    assert!(items.is_empty(), "no name contains a percent sign");

    // AUM bounds: inclusive below, exclusive above.
    let (items, _) = all_pages(&s, &rm01, "min_aum=5000000&below_aum=50000000&limit=500").await;
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| {
        let a = i["aum"].as_i64().unwrap();
        (5_000_000..50_000_000).contains(&a)
    }));

    // Another RM's filter inside an RM's own scope finds nothing; a branch manager's works.
    let (items, total) = all_pages(&s, &rm01, "rm=2").await;
    assert_eq!((items.len(), total), (0, 0));
    let rm02: BTreeSet<i64> = s
        .ids("SELECT id FROM customers WHERE rm_id = 2")
        .await
        .into_iter()
        .collect();
    let (items, _) = all_pages(&s, &s.signed_in("manager01").await, "rm=2&limit=500").await;
    assert_eq!(ids(&items).into_iter().collect::<BTreeSet<_>>(), rm02);
    // Another branch's RM through a branch manager: nothing.
    let (items, _) = all_pages(&s, &s.signed_in("manager01").await, "rm=5").await;
    assert!(items.is_empty());
}

async fn a_bad_parameter_is_named_and_nothing_is_listed(s: TestServer) {
    let rm01 = s.signed_in("rm01").await;
    let before = s
        .ids("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'list_customers'")
        .await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("cursor=garbage", "cursor"),
        ("sort=aum_desc&cursor=id.5", "cursor"),
        ("min_aum=-1", "min_aum"),
        ("min_aum=10&below_aum=10", "below_aum"),
        ("q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "q"),
        ("q=a%00b", "q"),
    ] {
        let r = rm01
            .get(s.url(&format!("/api/customers?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{query}");
        let body: ErrorBody = r.json().await.unwrap();
        assert_eq!(body.code, "validation");
        assert!(
            body.fields.iter().any(|f| f.field == field),
            "{query}: {:?}",
            body.fields
        );
    }
    for query in ["risk_level=C9", "sort=name", "limit=ten", "colour=red"] {
        let r = rm01
            .get(s.url(&format!("/api/customers?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{query}");
        let body: ErrorBody = r.json().await.unwrap();
        assert!(!body.message.is_empty());
    }
    let r = s
        .client()
        .get(s.url("/api/customers"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let after = s
        .ids("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'list_customers'")
        .await;
    assert_eq!(before, after, "a refused request lists and audits nothing");
}

#[test]
fn a_page_is_typed_by_the_shared_crate() {
    let page: CustomerPage = serde_json::from_value(serde_json::json!({
        "items": [], "total": 0, "next_cursor": null
    }))
    .unwrap();
    assert_eq!(page.total, 0);
}

/// `customers.aum` (what pages are sorted and filtered by, migration 0011) is kept by the
/// holdings' triggers: an asset holding added, changed or removed moves it; a loan never.
async fn the_stored_aum_follows_the_holdings(s: TestServer) {
    let aum = || s.ids("SELECT aum FROM customers WHERE id = 1");
    let before = aum().await[0];
    let asset = s
        .ids("SELECT id FROM products WHERE family = 'Fund' ORDER BY id")
        .await[0];
    let loan = s
        .ids("SELECT id FROM products WHERE family = 'Loan' ORDER BY id")
        .await[0];
    let pool = s.pool().clone();
    let run = |sql: String| {
        let pool = pool.clone();
        async move {
            sqlx::query(&sql).execute(&pool).await.unwrap();
        }
    };
    run(format!(
        "INSERT INTO holdings (id, customer_id, product_id, balance, opened_on) \
         VALUES (900001, 1, {asset}, 12345, '2026-01-02')"
    ))
    .await;
    assert_eq!(aum().await[0], before + 12_345);
    run(format!(
        "INSERT INTO holdings (id, customer_id, product_id, balance, opened_on) \
         VALUES (900002, 1, {loan}, 999, '2026-01-02')"
    ))
    .await;
    assert_eq!(aum().await[0], before + 12_345, "a loan is not AUM");
    run("UPDATE holdings SET balance = 345 WHERE id = 900001".into()).await;
    assert_eq!(aum().await[0], before + 345);
    run("DELETE FROM holdings WHERE id IN (900001, 900002)".into()).await;
    assert_eq!(aum().await[0], before);
}
