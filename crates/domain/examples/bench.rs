//! Scores generated books of 1k, 10k and 100k customers natively and prints
//! customers/second, one line per size:
//! `cargo run --release -p clientbook-domain --example bench --features synth`

use clientbook_domain::synth::bench_book;
use std::time::Instant;

fn main() {
    let origin = Instant::now();
    let mut clock = || origin.elapsed().as_secs_f64() * 1000.0;
    // Warm up allocator and caches once.
    bench_book(20_000, 42, &mut clock);
    // The median of five runs per size (with the fastest and slowest beside it): the
    // machine is shared, so one run says little.
    for n in [1_000, 10_000, 100_000] {
        let mut runs: Vec<_> = (0..5).map(|_| bench_book(n, 42, &mut clock)).collect();
        runs.sort_by(|a, b| a.millis.total_cmp(&b.millis));
        let (r, min, max) = (&runs[2], runs[0].millis, runs[4].millis);
        println!(
            "native n={} customers_per_sec={:.0} millis={:.2} min={:.2} max={:.2} checksum={}",
            r.customers, r.customers_per_sec, r.millis, min, max, r.checksum
        );
    }
}
