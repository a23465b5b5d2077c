//! Scores generated books of 1k, 10k and 100k customers natively and prints
//! customers/second, one line per size:
//! `cargo run --release -p clientbook-domain --example bench --features synth`

use clientbook_domain::synth::bench_book;
use std::time::Instant;

fn main() {
    let origin = Instant::now();
    let mut now_ms = || origin.elapsed().as_secs_f64() * 1000.0;
    // Warm up allocator and caches once.
    bench_book(20_000, 42, &mut now_ms);
    // The best of three runs per size: the machine is shared, the best run is the
    // least disturbed one.
    for n in [1_000, 10_000, 100_000] {
        let r = (0..3)
            .map(|_| bench_book(n, 42, &mut now_ms))
            .min_by(|a, b| a.millis.total_cmp(&b.millis))
            .expect("three runs");
        println!(
            "native n={} customers_per_sec={:.0} millis={:.2} checksum={}",
            r.customers, r.customers_per_sec, r.millis, r.checksum
        );
    }
}
