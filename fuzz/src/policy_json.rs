//! `policy_json`: arbitrary bytes as a stored or submitted policy document. Parsing and
//! `validate()` never panic, and a policy `validate()` accepts can score a book.

use chrono::NaiveDate;
use clientbook_domain::{score_book, synth::generate_book, ScoringPolicy};

pub fn check(data: &[u8]) {
    let Ok(policy) = serde_json::from_slice::<ScoringPolicy>(data) else {
        return;
    };
    if !policy.validate().is_empty() {
        return;
    }
    let json = serde_json::to_vec(&policy).expect("policy serialises");
    let back: ScoringPolicy = serde_json::from_slice(&json).expect("policy parses back");
    assert_eq!(back, policy);
    let today = NaiveDate::from_ymd_opt(2026, 6, 15).expect("a real date");
    let book = generate_book(4, u64::from(data.first().copied().unwrap_or(0)), today);
    let scored = score_book(&book.customers, &policy, &book.shelf, today);
    assert_eq!(scored.customers.len(), 4);
}
