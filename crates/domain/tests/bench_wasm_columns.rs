//! The wasm half of the columns benchmark (`examples/bench.rs columns` natively): the
//! same generated books as `tests/bench_wasm.rs`, timed with `synth::bench_columns` —
//! building a book's columns, scoring from columns built beforehand, rescoring into the
//! previous result from them, and building then scoring — one line per size and path.
//! A file of its own so that `scripts/bench.sh`'s run of `bench_wasm` is unchanged.
#![cfg(target_arch = "wasm32")]

mod wasm_bench;

use clientbook_domain::synth::{bench_columns, bench_samples, ColumnsBench};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn scores_the_columns_of_generated_books_of_1k_10k_and_100k_customers() {
    let mut clock = wasm_bench::warmed_clock();
    for n in wasm_bench::SIZES {
        let r = bench_samples(n, 42, 7, 250.0, &mut clock);
        console_log!("{}", r.line("wasm"));
        for what in ColumnsBench::ALL {
            let r = bench_columns(n, 42, 7, 250.0, &mut clock, what);
            console_log!("{}", r.line(&what.kind("wasm")));
            assert!(r.checksum > 0, "the book was scored");
        }
    }
}
