//! `book_wire`: arbitrary bytes as a compact book (`GET /api/book/columns` with
//! `Accept: application/x-clientbook-book`). The decoder answers Ok or a named error,
//! never panics, and what it accepts encodes to a book that decodes to the same.

use clientbook_domain::book_wire::{decode, encode};

pub fn check(data: &[u8]) {
    let Ok(book) = decode(data) else {
        return;
    };
    let again = encode(book.as_of, &book.customers).expect("decoded customers share one window");
    assert_eq!(decode(&again).as_ref(), Ok(&book));
    // The encoder is deterministic (the ETag is the hash of the body).
    assert_eq!(encode(book.as_of, &book.customers).as_ref(), Ok(&again));
}
