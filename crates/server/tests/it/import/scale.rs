//! An import of thousands of holdings in one commit: each customer's stored AUM follows
//! its holdings through inserts, updates and deletes, and on PostgreSQL the commit moves
//! the branches' data versions once per statement, not once per row (migration 0014: a
//! counter row updated once per holding in one transaction made the commit quadratic).

use super::*;

on_both_empty_banks!(a_commit_of_thousands_of_holdings_keeps_aum_and_bumps_versions_per_statement);

/// Holdings rows over the three customers of `CUSTOMERS_EN`, every fifth a loan (not
/// in AUM); `shift` changes the balances and moves every seventh account to C003.
fn holdings_file(rows: usize, shift: i64) -> String {
    let mut csv =
        String::from("account_no,customer_no,product_code,balance,opened_on,matures_on\n");
    for i in 0..rows {
        let customer = if shift != 0 && i % 7 == 0 {
            "C003"
        } else {
            ["C001", "C002", "C003"][i % 3]
        };
        let product = if i % 5 == 0 { "LN-CON" } else { "TD-01Y" };
        let yuan = 100 + i as i64 + shift;
        csv.push_str(&format!(
            "S{i:06},{customer},{product},{yuan}.00,2025-06-01,\n"
        ));
    }
    csv
}

/// Each customer's stored AUM against the sum of its asset holdings.
async fn aum_follows_the_holdings(s: &TestServer) {
    let rows = sqlx::query(
        "SELECT c.customer_no, c.aum, CAST(COALESCE((SELECT SUM(h.balance) FROM holdings h \
         JOIN products p ON p.id = h.product_id WHERE h.customer_id = c.id \
         AND p.family NOT IN ('Loan', 'CreditCard')), 0) AS BIGINT) AS held FROM customers c",
    )
    .fetch_all(s.pool())
    .await
    .unwrap();
    assert_eq!(rows.len(), 3);
    for r in rows {
        let (no, aum, held): (String, i64, i64) = (r.get(0), r.get(1), r.get(2));
        assert_eq!(aum, held, "customer {no}");
    }
}

async fn a_commit_of_thousands_of_holdings_keeps_aum_and_bumps_versions_per_statement(
    s: TestServer,
) {
    load_customers(&s).await;
    let client = admin(&s).await;
    const ROWS: usize = 3000;
    let versions = "SELECT CAST(SUM(version) AS BIGINT) FROM data_versions";
    let before = count(&s, versions).await;
    let h = import_as(
        &s,
        &client,
        "holdings",
        "holdings.csv",
        holdings_file(ROWS, 0).into(),
    )
    .await;
    assert_eq!(h.rows_valid, ROWS as i64, "{:?}", h.report);
    assert_eq!(commit(&s, &client, h.id).await.status(), 200);
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM holdings").await,
        ROWS as i64
    );
    assert!(count(&s, "SELECT MIN(aum) FROM customers").await > 0);
    aum_follows_the_holdings(&s).await;
    let bumps = count(&s, versions).await - before;
    if s.db == Db::Postgres {
        // Six statements of 500 rows, each bumping at most the two branches of the
        // three customers, twice (the holdings' trigger, and the customers' through
        // their AUM); a bump per row would be 3,000 or more.
        assert!(bumps <= 30, "{bumps} data-version bumps for {ROWS} rows");
    }
    assert!(bumps > 0, "the commit is seen by the cached figures");
    // Changed balances, and accounts moved to another customer: updates.
    let h = import_as(
        &s,
        &client,
        "holdings",
        "holdings.csv",
        holdings_file(ROWS, 3).into(),
    )
    .await;
    assert_eq!(h.rows_valid, ROWS as i64, "{:?}", h.report);
    assert_eq!(commit(&s, &client, h.id).await.status(), 200);
    aum_follows_the_holdings(&s).await;
    // Deleted in one statement.
    sqlx::query("DELETE FROM holdings WHERE account_no LIKE 'S001%'")
        .execute(s.pool())
        .await
        .unwrap();
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM holdings").await,
        ROWS as i64 - 1000
    );
    aum_follows_the_holdings(&s).await;
}
