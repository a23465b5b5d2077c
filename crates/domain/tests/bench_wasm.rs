//! The wasm half of the scoring benchmark (the native half is `examples/bench.rs`): the
//! same generated books scored in headless Chromium, measured the same way (the median
//! of 7 samples of at least 250 ms each, `synth::bench_samples`), one line per size in
//! the format of the native example, so `scripts/bench.sh` can put them side by side.
//! Runs only with `--features synth` on wasm32; it measures, it asserts nothing about speed.
#![cfg(target_arch = "wasm32")]

mod wasm_bench;

use clientbook_domain::synth::bench_samples;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn scores_generated_books_of_1k_10k_and_100k_customers() {
    let mut clock = wasm_bench::warmed_clock();
    for n in wasm_bench::SIZES {
        let r = bench_samples(n, 42, 7, 250.0, &mut clock);
        console_log!("{}", r.line("wasm"));
        assert!(r.checksum > 0, "the book was scored");
    }
}
