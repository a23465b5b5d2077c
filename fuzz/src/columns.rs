//! `columns`: arbitrary bytes as a columns document (`GET /api/book/columns`). The
//! decoder answers Ok or a named error, never panics, and what it accepts round-trips.

use clientbook_domain::columns::{epoch_day, from_epoch_day, BookColumns};

pub fn check(data: &[u8]) {
    if data.len() >= 4 {
        let day = i32::from_le_bytes([data[0], data[1], data[2], data[3]]);
        if let Some(date) = from_epoch_day(day) {
            assert_eq!(epoch_day(date), day);
        }
    }
    let Ok(columns) = serde_json::from_slice::<BookColumns>(data) else {
        return;
    };
    let Ok(customers) = columns.clone().into_customers() else {
        return;
    };
    assert_eq!(customers.len(), columns.len());
    // records → columns → records, exactly.
    let again = BookColumns::from_customers(columns.as_of, &customers)
        .expect("decoded customers share one window");
    assert_eq!(again.clone().into_customers().as_ref(), Ok(&customers));
    // columns → records → columns, up to the order and repeats of the listed indices.
    if !customers.is_empty() {
        let mut expected = columns;
        expected.lowest_risk_subcategory.sort_unstable();
        expected.lowest_risk_subcategory.dedup();
        assert_eq!(again, expected);
    }
}
