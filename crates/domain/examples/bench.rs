//! Scores generated books of 1k, 10k and 100k customers natively and prints
//! customers/second, one line per size:
//! `cargo run --release -p clientbook-domain --example bench --features synth`
//! Each size: the median of 7 samples, each scoring the book as many times as fill
//! 250 ms (`synth::bench_samples`, the same as `tests/bench_wasm.rs` in the browser).
//! `bench columns` times the book's columns instead (`synth::bench_columns`: building
//! them, scoring from them, rescoring from them, both), one line per size and path.

use clientbook_domain::synth::{bench_columns, bench_samples, ColumnsBench};
use std::time::Instant;

fn main() {
    let origin = Instant::now();
    let mut clock = || origin.elapsed().as_secs_f64() * 1000.0;
    let columns = std::env::args().any(|a| a == "columns");
    // Warm up first (a 20k book, about a second): the engine compiles hot wasm functions
    // with its optimising tier in the background, which a loaded machine delays, and the
    // 1k book is measured first. The native side does the same, so both are alike.
    let _ = bench_samples(20_000, 7, 4, 250.0, &mut clock);
    for n in [1_000, 10_000, 100_000] {
        if columns {
            for what in ColumnsBench::ALL {
                let r = bench_columns(n, 42, 7, 250.0, &mut clock, what);
                println!("{}", r.line(&what.kind("native")));
            }
        } else {
            println!(
                "{}",
                bench_samples(n, 42, 7, 250.0, &mut clock).line("native")
            );
        }
    }
}
