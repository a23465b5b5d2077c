//! Big scopes (docs/rules.md, Big scopes): with the policy's limit set low, the figures
//! the server computes over each role's scope, batch by batch, are exactly those the
//! app computes from the book it downloads (the same `score_book` and figures fold over
//! the book columns, the shelf and the policy the app fetches); they are cached in the
//! database and a write makes them stale.

use crate::common::TestServer;
use chrono::NaiveDate;
use clientbook_domain::columns::BookColumns;
use clientbook_domain::figures::{book_figures, ScopeFigures, ScopeFiguresAnswer, ScopeSize};
use clientbook_domain::{score_book, ScoringPolicy};
use serde_json::json;

async fn get<T: serde::de::DeserializeOwned>(
    client: &reqwest::Client,
    s: &TestServer,
    path: &str,
) -> T {
    let r = client.get(s.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "GET {path}");
    r.json().await.unwrap()
}

/// Set the browser's limit through the policy API, as an admin would.
pub async fn set_browser_limit(s: &TestServer, limit: u32) {
    let admin = s.signed_in("admin").await;
    let mut policy: ScoringPolicy = get(&admin, s, "/api/policy").await;
    policy.scale.browser_book_max_customers = limit;
    let r = admin
        .put(s.url("/api/policy"))
        .json(&policy)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

/// What the app computes from what it downloads: the book columns, the shelf and the
/// policy, scored whole, and the figures folded over the scored book.
pub async fn figures_in_the_browser(client: &reqwest::Client, s: &TestServer) -> ScopeFigures {
    let columns: BookColumns = get(client, s, "/api/book/columns").await;
    let as_of: NaiveDate = columns.as_of;
    let customers = columns.into_customers().unwrap();
    let shelf: clientbook_domain::api::ProductsResponse = get(client, s, "/api/products").await;
    let policy: ScoringPolicy = get(client, s, "/api/policy").await;
    let scored = score_book(&customers, &policy, &shelf.products, as_of);
    book_figures(&customers, &scored.customers, &policy, as_of)
}

async fn server_and_browser_agree_for_every_role(s: TestServer) {
    set_browser_limit(&s, 100).await;
    for (user, big) in [("rm01", false), ("manager01", true), ("compliance01", true)] {
        let client = s.signed_in(user).await;
        let size: ScopeSize = get(&client, &s, "/api/scope").await;
        assert_eq!(size.browser_book_max_customers, 100);
        assert_eq!(
            size.server_figures,
            size.customers > 100,
            "{user}: {size:?}"
        );
        assert_eq!(size.server_figures, big, "{user}: {size:?}");
        let answer: ScopeFiguresAnswer = get(&client, &s, "/api/scope/figures").await;
        let mut browser = figures_in_the_browser(&client, &s).await;
        assert!(browser.summary.customers > 0, "{user} has a book");
        assert_eq!(u64::from(browser.summary.customers), size.customers);
        // The server lists only the soonest care items of a big scope: the first of the
        // browser's whole list.
        let listed = ScoringPolicy::default().scale.server_care_listed as usize;
        browser.summary.care_today.truncate(listed);
        assert_eq!(
            answer.figures, browser,
            "{user}: server and browser figures differ"
        );
        for r in &answer.figures.summary.retention {
            let name = answer
                .names
                .iter()
                .find(|n| n.id == r.customer)
                .expect("named");
            assert!(name.name.contains('*'), "masked: {}", name.name);
        }
    }
}

async fn figures_are_cached_until_a_write_to_the_scope(s: TestServer) {
    let manager = s.signed_in("manager01").await;
    let first: ScopeFiguresAnswer = get(&manager, &s, "/api/scope/figures").await;
    let again: ScopeFiguresAnswer = get(&manager, &s, "/api/scope/figures").await;
    assert!(again.cached, "the second read comes from the cache");
    assert_eq!(again.figures, first.figures);
    assert_eq!(again.data_version, first.data_version);

    // rm01 logs a visit with a customer of the manager's branch.
    let rm = s.signed_in("rm01").await;
    let own = s
        .ids("SELECT c.id FROM customers c JOIN users u ON u.id = c.rm_id WHERE u.username = 'rm01' ORDER BY c.id LIMIT 1")
        .await[0];
    let r = rm
        .post(s.url(&format!("/api/customers/{own}/interactions")))
        .json(&json!({"kind": "Visit", "channel": "Branch", "occurred_on": crate::common::as_of(), "outcome": "Interested"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let stale: ScopeFiguresAnswer = get(&manager, &s, "/api/scope/figures").await;
    assert!(
        stale.stale,
        "a write to the branch makes its figures stale (answered while new ones are computed)"
    );
    assert_eq!(stale.data_version, first.data_version);
    let after = crate::figures_refresh::fresh_figures_at(&manager, &s.base).await;
    assert_ne!(after.data_version, first.data_version);
    let browser = figures_in_the_browser(&manager, &s).await;
    assert_eq!(
        after.figures.summary.overdue_contacts,
        browser.summary.overdue_contacts
    );
    assert_eq!(after.figures.rm_books, browser.rm_books);

    // A policy change makes them stale too.
    set_browser_limit(&s, 150).await;
    let changed: ScopeFiguresAnswer = get(&manager, &s, "/api/scope/figures").await;
    assert!(
        changed.stale,
        "another policy, other figures (being computed)"
    );
    assert_eq!(changed.policy_version, after.policy_version);
    let changed = crate::figures_refresh::fresh_figures_at(&manager, &s.base).await;
    assert_ne!(changed.policy_version, after.policy_version);

    // Each read is audited as a read of the book, with its size.
    let audited = s
        .ids("SELECT COUNT(*) FROM audit_log WHERE action = 'read_book' AND detail LIKE 'figures count=%'")
        .await[0];
    assert!(audited >= 4, "{audited} figures reads audited");
}

on_both_databases!(
    server_and_browser_agree_for_every_role,
    figures_are_cached_until_a_write_to_the_scope
);
