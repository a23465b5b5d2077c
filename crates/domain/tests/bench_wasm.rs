//! The wasm half of the scoring benchmark (the native half is `examples/bench.rs`): the
//! same generated books scored in headless Chromium, measured the same way (the median
//! of 7 samples of at least 250 ms each, `synth::bench_samples`), one line per size in
//! the format of the native example, so `scripts/bench.sh` can put them side by side.
//! Runs only with `--features synth` on wasm32; it measures, it asserts nothing about speed.
#![cfg(target_arch = "wasm32")]

use clientbook_domain::synth::bench_samples;
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
    // Warm up first (a 20k book, about a second): the engine compiles hot wasm functions
    // with its optimising tier in the background, which a loaded machine delays, and the
    // 1k book is measured first. The native side does the same, so both are alike.
    let _ = bench_samples(20_000, 7, 4, 250.0, &mut clock);
    for n in [1_000, 10_000, 100_000] {
        let r = bench_samples(n, 42, 7, 250.0, &mut clock);
        console_log!("{}", r.line("wasm"));
        assert!(r.checksum > 0, "the book was scored");
    }
}
