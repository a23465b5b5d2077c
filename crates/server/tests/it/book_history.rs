//! A customer's monthly history as the book carries it: every stored month of the window
//! where it belongs, and a month without a row zero, with its AUM carried forward.

use crate::api::book_of;
use crate::common::TestServer;
use chrono::{Months, NaiveDate};
use clientbook_domain::Money;
use sqlx::Row;

on_both_databases!(the_book_holds_every_stored_month_and_carries_aum_over_a_missing_one);

async fn the_book_holds_every_stored_month_and_carries_aum_over_a_missing_one(s: TestServer) {
    let before = book_of(&s, "rm01").await;
    let id = before.customers[0].id.0;
    let first = before.customers[0].history.first_month;
    let month = |k: u32| (first + Months::new(k)).to_string();
    // The window's sixth month goes missing.
    let gap = 5;
    let deleted = sqlx::query("DELETE FROM monthly_history WHERE customer_id = $1 AND month = $2")
        .bind(id)
        .bind(month(gap))
        .execute(s.pool())
        .await
        .unwrap();
    assert_eq!(
        deleted.rows_affected(),
        1,
        "the demo customer had that month"
    );

    let book = book_of(&s, "rm01").await;
    let h = &book
        .customers
        .iter()
        .find(|c| c.id.0 == id)
        .unwrap()
        .history;
    assert_eq!((h.first_month, h.aum_end.len()), (first, 12));
    let rows = sqlx::query(
        "SELECT month, transactions, logins, inflow, outflow, aum_end, margin FROM monthly_history \
         WHERE customer_id = $1 AND month >= $2 AND month <= $3",
    )
    .bind(id)
    .bind(month(0))
    .bind(month(11))
    .fetch_all(s.pool())
    .await
    .unwrap();
    assert_eq!(rows.len(), 11, "the window less the missing month");
    for row in rows {
        let date = NaiveDate::parse_from_str(&row.get::<String, _>("month"), "%Y-%m-%d").unwrap();
        let k = (0..12).find(|&k| first + Months::new(k) == date).unwrap() as usize;
        let fen = |c: &str| Money::from_fen(row.get::<i64, _>(c));
        assert_eq!(
            h.transactions[k] as i64,
            row.get::<i64, _>("transactions"),
            "month {k}"
        );
        assert_eq!(h.logins[k] as i64, row.get::<i64, _>("logins"), "month {k}");
        assert_eq!(
            [h.inflow[k], h.outflow[k], h.aum_end[k], h.margin[k]],
            [fen("inflow"), fen("outflow"), fen("aum_end"), fen("margin")],
            "month {k}"
        );
    }
    let g = gap as usize;
    assert_eq!((h.transactions[g], h.logins[g]), (0, 0));
    assert_eq!([h.inflow[g], h.outflow[g], h.margin[g]], [Money::ZERO; 3]);
    assert_eq!(h.aum_end[g], h.aum_end[g - 1], "AUM carried forward");
    assert_ne!(h.aum_end[g], Money::ZERO, "a demo customer's AUM");
}
