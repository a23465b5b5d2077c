//! Decoding the compact book in the browser a part at a time (`book_wire::Decoder`), with
//! a [`yield_now`] between parts, so rm01's book is a row of short tasks rather than one
//! long one (ARCHITECTURE.md, "The first seconds of home"). The result is
//! `book_wire::decode`'s, to the byte, or its error (the tests below check both).

use crate::yield_now::yield_now;
use clientbook_domain::api::BookResponse;
use clientbook_domain::book_wire::{Decoder, WireError};

/// `book_wire::decode(bytes)`, giving the main thread back between the book's parts.
pub async fn decode_in_slices(bytes: &[u8]) -> Result<BookResponse, WireError> {
    let mut decoder = Decoder::new(bytes)?;
    while !decoder.step()? {
        yield_now().await;
    }
    decoder.finish()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::yield_now::finish_natively as finish;
    use clientbook_domain::book_wire::{decode, encode};
    use clientbook_domain::synth::{bench_today, generate_book};

    #[test]
    fn decoding_in_slices_gives_decodes_book() {
        let today = bench_today();
        for n in [0, 1, 7, 651] {
            let book = generate_book(n, 42, today);
            let bytes = encode(today, &book.customers).expect("even");
            let sliced = finish(decode_in_slices(&bytes)).expect("valid");
            assert_eq!(sliced, decode(&bytes).expect("valid"), "{n} customers");
            assert_eq!(sliced.customers, book.customers, "{n} customers");
        }
    }

    #[test]
    fn a_malformed_book_is_decodes_error() {
        let today = bench_today();
        let bytes = encode(today, &generate_book(20, 7, today).customers).expect("even");
        // Cut in every part (header, dictionaries, each column) and past the end.
        for len in (0..bytes.len()).step_by(13) {
            let cut = &bytes[..len];
            assert_eq!(
                finish(decode_in_slices(cut)).err(),
                decode(cut).err(),
                "{len} bytes"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            finish(decode_in_slices(&longer)).err(),
            Some(WireError::TrailingBytes { count: 1 })
        );
    }
}
