//! What the wasm benchmarks share: the browser's clock, the sizes they measure and the
//! warm-up before the first of them.

use clientbook_domain::synth::bench_samples;

/// The book sizes of the scoring benchmarks, as the native example's.
#[allow(dead_code)] // not every benchmark scores books
pub const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// Milliseconds from the page's high-resolution clock (the date's where there is none).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// The clock, once the engine is warm: a 20k book is scored first (about a second), because
/// the engine compiles hot wasm functions with its optimising tier in the background,
/// which a loaded machine delays, and the 1k book is measured first. The native side does
/// the same, so both are alike.
#[allow(dead_code)] // not every benchmark scores books
pub fn warmed_clock() -> fn() -> f64 {
    let _ = bench_samples(20_000, 7, 4, 250.0, &mut now_ms);
    now_ms
}
