//! The wasm half of the scoring benchmark (the native half is `examples/bench.rs`): the
//! same generated books scored in headless Chromium, one line per size in the format of
//! the native example, so `scripts/bench.sh` can put them side by side.
//! Runs only with `--features synth` on wasm32; it measures, it asserts nothing about speed.
#![cfg(target_arch = "wasm32")]

use clientbook_domain::synth::bench_book;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

#[wasm_bindgen_test]
fn scores_generated_books_of_1k_10k_and_100k_customers() {
    let mut clock = now_ms;
    // Warm up: let the engine tier the module up to its optimising compiler first.
    bench_book(20_000, 42, &mut clock);
    for n in [1_000, 10_000, 100_000] {
        let mut runs: Vec<_> = (0..5).map(|_| bench_book(n, 42, &mut clock)).collect();
        runs.sort_by(|a, b| a.millis.total_cmp(&b.millis));
        let (r, min, max) = (&runs[2], runs[0].millis, runs[4].millis);
        console_log!(
            "wasm n={} customers_per_sec={:.0} millis={:.2} min={:.2} max={:.2} checksum={}",
            r.customers,
            r.customers_per_sec,
            r.millis,
            min,
            max,
            r.checksum
        );
        assert!(r.checksum > 0, "the book was scored");
    }
}
