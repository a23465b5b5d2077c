//! Compiling the book's code before the book arrives. Chromium (V8, checked in Chromium
//! 156: `--wasm-lazy-compilation` and `--wasm-dynamic-tiering` on by default; the
//! compilation-hints section `metadata.code.compilation_priority` is known but behind
//! `--wasm-compilation-hints`, off) compiles a wasm function on the main thread the first
//! time it is called. Decoding and scoring rm01's book called some 230 functions for the
//! first time, all inside the tasks that handle the book. While the book is on the
//! network, [`warm_up`] decodes and scores a tiny embedded book (12 generated customers,
//! nothing real) the same way, part by part in tasks of their own, and drops the result:
//! those functions are compiled by the time the real book arrives. It shows nothing and
//! changes no result (the real book is decoded and scored afresh); ARCHITECTURE.md, "The
//! first seconds of home".

use crate::api::book_decode::decode_in_slices;
use crate::book_index::BookIndex;
use crate::yield_now::yield_now;
use clientbook_domain::{Product, ScoringPolicy};
use std::cell::Cell;
use std::sync::Arc;

/// A compact book of 12 generated customers (`generate_book(12, 3, bench_today())`; the
/// test below writes it again with `CLIENTBOOK_WRITE_WARM_UP=1`).
const BOOK: &[u8] = include_bytes!("warm_up.cbk");
/// The generated book's shelf, as `GET /api/products` sends a shelf.
const SHELF: &str = include_str!("warm_up_shelf.json");

thread_local! {
    static STARTED: Cell<bool> = const { Cell::new(false) };
}

/// Once per page load, in the background: decode and score the embedded book. Call it as
/// the book's download starts; its first part runs in a later task.
pub fn start() {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    leptos::task::spawn_local(async {
        yield_now().await;
        warm_up().await;
    });
}

/// Decodes and scores the embedded book as the real one is (`api::book`,
/// `BookIndex::score_in_slices`), a part per task, and drops the result.
pub async fn warm_up() -> Option<usize> {
    let book = decode_in_slices(BOOK).await.ok()?;
    yield_now().await;
    let shelf: Vec<Product> = serde_json::from_str(SHELF).ok()?;
    yield_now().await;
    let index = BookIndex::score_in_slices(
        Arc::new(book),
        Arc::new(shelf),
        Arc::new(ScoringPolicy::default()),
    )
    .await;
    Some(std::hint::black_box(index.len()))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::yield_now::finish_natively as finish;
    use clientbook_domain::book_wire::encode;
    use clientbook_domain::score_book;
    use clientbook_domain::synth::{bench_today, generate_book};

    #[test]
    fn the_embedded_book_is_the_generated_one_and_warms_up() {
        let today = bench_today();
        let generated = generate_book(12, 3, today);
        let bytes = encode(today, &generated.customers).expect("even");
        let shelf = serde_json::to_string_pretty(&generated.shelf).expect("json");
        if std::env::var_os("CLIENTBOOK_WRITE_WARM_UP").is_some() {
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/state/book");
            std::fs::write(format!("{dir}/warm_up.cbk"), &bytes).expect("write");
            std::fs::write(format!("{dir}/warm_up_shelf.json"), format!("{shelf}\n"))
                .expect("write");
            return;
        }
        assert_eq!(BOOK, &bytes[..], "warm_up.cbk is stale");
        assert_eq!(SHELF.trim_end(), shelf, "warm_up_shelf.json is stale");
        // The warm-up reads everything it embeds and scores all of it, as score_book does.
        assert_eq!(finish(warm_up()), Some(12));
        let scored = score_book(
            &generated.customers,
            &ScoringPolicy::default(),
            &generated.shelf,
            today,
        );
        assert_eq!(scored.customers.len(), 12);
        // Something for every part of the decoder and the scorer to do.
        assert!(generated.customers.iter().any(|c| !c.holdings.is_empty()));
        assert!(generated.customers.iter().any(|c| !c.surveys.is_empty()));
        assert!(generated.customers.iter().any(|c| !c.complaints.is_empty()));
        assert!(generated
            .customers
            .iter()
            .flat_map(|c| &c.holdings)
            .any(|h| h.matures_on.is_some()));
    }
}
