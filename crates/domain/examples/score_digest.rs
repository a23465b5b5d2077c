//! A fingerprint of what scoring gives, to show a change to the scoring code (issue 16's
//! speed work) leaves every result byte-identical: four generated books (seeds and sizes
//! from 7 to 12,000 customers), each scored on eight days around and far from the day it
//! was made for, with the default policy and one with other windows (64 results), each
//! `BookScores` serialized to JSON and hashed (FNV-1a, 64 bits). Run it before and after a change and compare:
//! `cargo run --release -p clientbook-domain --example score_digest --features synth`

use clientbook_domain::synth::{bench_today, generate_book};
use clientbook_domain::*;

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn main() {
    let mut other = ScoringPolicy::default();
    other.care.birthday_days = 30;
    other.care.holiday_days = 60;
    other.care.maturity_days = 90;
    other.care.questionnaire_warning_days = 45;
    other.recommend.maturity_days = 3;
    other.churn.maturing_days = 120;
    let mut all = 0xcbf2_9ce4_8422_2325u64;
    let mut books = 0;
    for (seed, n) in [(1u64, 7usize), (42, 400), (7, 2_500), (2026, 12_000)] {
        let book = generate_book(n, seed, bench_today());
        for days in [-400i64, -31, -3, 0, 1, 5, 45, 365] {
            let day = bench_today() + chrono::Duration::days(days);
            for (name, policy) in [
                ("default", ScoringPolicy::default()),
                ("other", other.clone()),
            ] {
                let scored = score_book(&book.customers, &policy, &book.shelf, day);
                let json = serde_json::to_vec(&scored).expect("scores serialize");
                let h = fnv1a(&json);
                all = (all ^ h).wrapping_mul(0x0000_0100_0000_01b3);
                books += 1;
                println!(
                    "seed={seed} n={n} day={day} policy={name} bytes={} fnv={h:016x}",
                    json.len()
                );
            }
        }
    }
    println!("books={books} all={all:016x}");
}
