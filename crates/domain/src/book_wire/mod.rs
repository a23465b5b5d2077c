//! The compact book (`GET /api/book/columns` with `Accept: application/x-clientbook-book`):
//! the same customers as [`crate::columns::BookColumns`], in a binary layout built for
//! the wire and for a fast decoder in the browser.
//!
//! The layout, byte by byte, is described in ARCHITECTURE.md ("The compact book on the
//! wire"); in short:
//!
//! - a header: the magic `CBK1`, a version byte, the as-of day, the history window, the
//!   number of customers;
//! - dictionaries: the RMs, the branches and the products (product, family, risk) held,
//!   so each customer or holding carries a small index instead;
//! - then one column after another (all ids, then all RM indices, …): customer ids as
//!   deltas from the previous one, every date as days before the as-of date, money as
//!   integer fen (whole yuan a byte shorter); every integer a LEB128 varint, signed ones
//!   zigzagged; enums as one-byte tags;
//! - where one column predicts another, only the difference (`predict.rs`): monthly AUM
//!   backwards from the holdings, outflow from inflow and the change in AUM, margin from
//!   last month's share of AUM, a maturity as whole months after the opening, a masked
//!   number as its mask's pattern (a dictionary) and the digits it shows; the two big
//!   amount columns as byte planes.
//!
//! Columns of like values side by side are what a general compressor (brotli on the wire)
//! does best with; the varints keep the raw size small for clients that do not compress.
//! [`encode`] and [`decode`] are exact inverses (property tests check it over arbitrary
//! books), and [`decode`] answers any malformed input with a [`WireError`], never a panic
//! (a fuzz target checks it: `fuzz/fuzz_targets/book_wire.rs`).

mod decode;
mod encode;
mod history;
mod predict;
mod tags;
#[cfg(test)]
mod tests;
mod varint;

pub use decode::{decode, Decoder};
pub use encode::{encode, sections};

/// The media type of the compact book.
pub const MEDIA_TYPE: &str = "application/x-clientbook-book";

/// The first bytes of every compact book.
pub const MAGIC: [u8; 4] = *b"CBK1";

/// The layout's version; a decoder refuses any other.
pub const VERSION: u8 = 2;

/// Why a compact book could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("customer {customer}: its history does not share the book's window")]
    UnevenHistory { customer: i64 },
    #[error("not a compact book (no CBK1 header)")]
    Magic,
    #[error("compact book version {0}, this reader knows version 2")]
    Version(u8),
    #[error("column `{column}` ends early")]
    Truncated { column: &'static str },
    #[error("column `{column}`: a number too large")]
    Overflow { column: &'static str },
    #[error("column `{column}`: {count} entries cannot fit in what is left")]
    Count { column: &'static str, count: u64 },
    #[error("column `{column}`: tag {value} is not known")]
    Tag { column: &'static str, value: u8 },
    #[error("column `{column}`: index {index} is past its dictionary")]
    Index { column: &'static str, index: u64 },
    #[error("column `{column}`: not a date")]
    Day { column: &'static str },
    #[error("column `{column}`: text is not UTF-8")]
    Utf8 { column: &'static str },
    #[error("{count} bytes after the last column")]
    TrailingBytes { count: usize },
}
