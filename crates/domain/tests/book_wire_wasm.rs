//! The browser half of the book-transfer benchmark (`scripts/bench.sh book`): generated
//! books of 600, 2,000, 5,000 and 100,000 customers, as JSON columns and as the compact
//! book, decoded and scored in headless Chromium (release wasm), median of five runs
//! each. One line per size and format; it measures, it asserts nothing about speed.
#![cfg(target_arch = "wasm32")]

mod wasm_bench;

use clientbook_domain::book::score_book;
use clientbook_domain::book_wire;
use clientbook_domain::columns::BookColumns;
use clientbook_domain::synth::{bench_today, generate_book};
use clientbook_domain::ScoringPolicy;
use wasm_bench::now_ms;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[wasm_bindgen_test]
fn decodes_and_scores_json_columns_and_the_compact_book() {
    let today = bench_today();
    let policy = ScoringPolicy::default();
    for n in [600, 2_000, 5_000, 100_000] {
        let book = generate_book(n, 42, today);
        let json =
            serde_json::to_vec(&BookColumns::from_customers(today, &book.customers).expect("even"))
                .expect("json");
        let compact = book_wire::encode(today, &book.customers).expect("even");
        let runs = if n >= 100_000 { 3 } else { 5 };
        for (format, bytes) in [("json", &json), ("compact", &compact)] {
            let (mut decode, mut score) = (vec![], vec![]);
            for _ in 0..runs {
                let start = now_ms();
                let customers = if format == "json" {
                    let c: BookColumns = serde_json::from_slice(bytes).expect("parse");
                    c.into_customers().expect("valid")
                } else {
                    book_wire::decode(bytes).expect("valid").customers
                };
                let decoded = now_ms();
                let scored = score_book(&customers, &policy, &book.shelf, today);
                let done = now_ms();
                assert_eq!(scored.customers.len(), n);
                decode.push(decoded - start);
                score.push(done - decoded);
            }
            let (d, s) = (median(decode), median(score));
            console_log!(
                "wasm-wire n={n} format={format} bytes={} decode_ms={d:.1} score_ms={s:.1} total_ms={:.1}",
                bytes.len(),
                d + s
            );
        }
    }
}
