//! Writes generated books as JSON columns and as the compact book, for the book-transfer
//! section of `scripts/bench.sh` (which compresses them and counts the bytes), and prints
//! the native encode and decode times, median of five:
//! `cargo run --release -p clientbook-domain --example book_wire --features synth -- DIR`
//! (or `-- --count FILE`: how many customers a compact book holds; `-- --seeds DIR`: the
//! fuzz corpus's seed books)

use clientbook_domain::book_wire;
use clientbook_domain::columns::BookColumns;
use clientbook_domain::synth::{bench_today, generate_book};
use std::time::Instant;

fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[2]
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".to_owned());
    // `--count FILE`: the number of customers in a compact book (the script's check of
    // what the server sent).
    // `--seeds DIR`: small books for the fuzz corpus (fuzz/corpus/book_wire).
    if dir == "--seeds" {
        let out = std::env::args().nth(2).expect("a directory");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 6, 15).expect("date");
        for n in [0, 1, 3] {
            let book = generate_book(n, 7, day);
            let bytes = book_wire::encode(day, &book.customers).expect("even");
            std::fs::write(format!("{out}/seed-book-{n}"), bytes).expect("write");
        }
        return;
    }
    if dir == "--count" {
        let file = std::env::args().nth(2).expect("a file");
        let bytes = std::fs::read(file).expect("read");
        println!(
            "{}",
            book_wire::decode(&bytes)
                .expect("a compact book")
                .customers
                .len()
        );
        return;
    }
    let today = bench_today();
    for n in [600, 2_000, 5_000, 100_000] {
        let book = generate_book(n, 42, today);
        let columns = BookColumns::from_customers(today, &book.customers).expect("even");
        let json = serde_json::to_vec(&columns).expect("json");
        let compact = book_wire::encode(today, &book.customers).expect("even");
        std::fs::write(format!("{dir}/synth-{n}.json"), &json).expect("write");
        std::fs::write(format!("{dir}/synth-{n}.cbk"), &compact).expect("write");
        let json_encode = median_ms(|| {
            let c = BookColumns::from_customers(today, &book.customers).expect("even");
            std::hint::black_box(serde_json::to_vec(&c).expect("json"));
        });
        let compact_encode = median_ms(|| {
            std::hint::black_box(book_wire::encode(today, &book.customers).expect("even"));
        });
        let json_decode = median_ms(|| {
            let c: BookColumns = serde_json::from_slice(&json).expect("parse");
            std::hint::black_box(c.into_customers().expect("valid"));
        });
        let compact_decode = median_ms(|| {
            std::hint::black_box(book_wire::decode(&compact).expect("valid"));
        });
        println!(
            "native-wire n={n} json_bytes={} compact_bytes={} json_encode_ms={json_encode:.2} compact_encode_ms={compact_encode:.2} json_decode_ms={json_decode:.2} compact_decode_ms={compact_decode:.2}",
            json.len(),
            compact.len()
        );
    }
}
