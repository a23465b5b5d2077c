//! Writes generated books as JSON columns and as the compact book, for the book-transfer
//! section of `scripts/bench.sh` (which compresses them and counts the bytes), and prints
//! the native encode and decode times, median of five:
//! `cargo run --release -p clientbook-domain --example book_wire --features synth -- DIR`
//! (or `-- --count FILE`: how many customers a compact book holds; `-- --seeds DIR`: the
//! fuzz corpus's seed books; `-- --sections BOOK`: what each section of the compact book
//! costs, raw and at brotli 11, for a book saved as JSON columns (`GET /api/book/columns`)
//! or `synth:N` (a generated book of N customers); needs the `brotli` command)

use clientbook_domain::book_wire;
use clientbook_domain::columns::BookColumns;
use clientbook_domain::synth::{bench_today, generate_book};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

/// `bytes` at brotli 11 (the `brotli` command), in bytes.
fn brotli_11(bytes: &[u8]) -> usize {
    let mut child = Command::new("brotli")
        .args(["-q", "11", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the brotli command");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input).expect("write"));
    let out = child.wait_with_output().expect("brotli");
    writer.join().expect("writer");
    out.stdout.len()
}

/// Prints, for each section of the compact book of `what` (a JSON columns file or
/// `synth:N`), its raw bytes, its bytes at brotli 11 alone, and what it adds to the
/// brotli 11 of the book so far (the sections before it), per customer.
fn sections(what: &str) {
    let (as_of, customers) = match what.strip_prefix("synth:") {
        Some(n) => {
            let today = bench_today();
            let book = generate_book(n.parse().expect("a number"), 42, today);
            (today, book.customers)
        }
        None => {
            let json = std::fs::read(what).expect("read");
            let columns: BookColumns = serde_json::from_slice(&json).expect("JSON columns");
            let as_of = columns.as_of;
            (as_of, columns.into_customers().expect("valid"))
        }
    };
    let n = customers.len().max(1) as f64;
    let parts = book_wire::sections(as_of, &customers).expect("even");
    println!("{what}: {} customers", customers.len());
    println!("| section | raw B | br 11 alone B | adds to br 11 B | per customer |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    let mut so_far: Vec<u8> = vec![];
    let mut before = 0i64;
    for (name, bytes) in &parts {
        so_far.extend_from_slice(bytes);
        let now = brotli_11(&so_far) as i64;
        println!(
            "| {name} | {} | {} | {} | {:.1} |",
            bytes.len(),
            brotli_11(bytes),
            now - before,
            (now - before) as f64 / n
        );
        before = now;
    }
    println!(
        "| **whole book** | {} | | {before} | **{:.1}** |",
        so_far.len(),
        before as f64 / n
    );
}

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
    if dir == "--sections" {
        for what in std::env::args().skip(2) {
            sections(&what);
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
