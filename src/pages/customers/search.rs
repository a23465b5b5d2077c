//! The list's search, keystroke by keystroke: the same match as
//! `crate::state::book_view::Query` (words against the masked name, digits against the
//! tail of the masked phone or ID number and the customer id; the export's view uses
//! `Query`, and a test holds the two to the same answers), over a column of the book's
//! names lower-cased once per book rather than once per row and keystroke. The column is
//! kept beside the book it was made from (one book at a time: the app's), so opening the
//! list again does not make it again.

use crate::book_index::BookIndex;
use std::cell::RefCell;
use std::sync::{Arc, Weak};

/// The book's names, ASCII-lower-cased, by position in the book.
pub struct SearchColumn {
    names: Vec<Box<str>>,
}

thread_local! {
    /// The column of the last book searched.
    static COLUMN: RefCell<Option<(Weak<BookIndex>, Arc<SearchColumn>)>> =
        const { RefCell::new(None) };
}

impl SearchColumn {
    /// The column of `index`, made on its first search.
    pub fn of(index: &Arc<BookIndex>) -> Arc<SearchColumn> {
        COLUMN.with_borrow_mut(|kept| {
            if let Some((book, column)) = kept {
                if book.upgrade().is_some_and(|b| Arc::ptr_eq(&b, index)) {
                    return Arc::clone(column);
                }
            }
            let column = Arc::new(SearchColumn::new(index));
            *kept = Some((Arc::downgrade(index), Arc::clone(&column)));
            column
        })
    }

    fn new(index: &BookIndex) -> SearchColumn {
        SearchColumn {
            names: index
                .book()
                .customers
                .iter()
                .map(|c| c.name.to_ascii_lowercase().into_boxed_str())
                .collect(),
        }
    }

    /// The positions of `rows` whose customer matches `search`, in the same order.
    pub fn filter(&self, index: &BookIndex, rows: &[u32], search: &Search) -> Vec<u32> {
        let text = search.text();
        if text.is_empty() {
            return rows.to_vec();
        }
        let names = &self.names;
        if search.digits() {
            rows.iter()
                .copied()
                .filter(|at| {
                    let c = index.customer(*at);
                    c.phone.ends_with(text)
                        || ends_with_ignore_case(&c.id_number, text)
                        || search.id() == Some(c.id.0)
                })
                .collect()
        } else if text.is_ascii() {
            rows.iter()
                .copied()
                .filter(|at| names[*at as usize].contains(text))
                .collect()
        } else {
            rows.iter()
                .copied()
                .filter(|at| index.customer(*at).name.contains(text))
                .collect()
        }
    }
}

/// A search as typed, read once per keystroke: the export's `Query` itself, so the two
/// read what was typed alike.
pub use crate::state::book_view::Query as Search;

fn ends_with_ignore_case(value: &str, tail: &str) -> bool {
    value.len() >= tail.len()
        && value.is_char_boundary(value.len() - tail.len())
        && value[value.len() - tail.len()..].eq_ignore_ascii_case(tail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book_index::tests::{customer, index, mock_book};
    use crate::book_index::SortOrder;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn the_column_finds_what_the_view_finds() {
        let mut book = mock_book(300);
        book.push(customer(1001, "Smith J.", "135****5678", 60_000));
        book.push(customer(1002, "SMITHSON A.", "135****0001", 60_000));
        book[3].id_number = "110105********987X".into();
        let ix = Arc::new(index(book));
        let column = SearchColumn::of(&ix);
        let all = ix.sorted(SortOrder::default());
        for q in [
            "",
            " ",
            "张",
            "李*",
            "smith",
            " SMITH ",
            "Smith J",
            "5678",
            "78",
            "987x",
            "987X",
            "1001",
            "13",
            "3",
            "nobody",
            "smith 张",
            "j.",
        ] {
            assert_eq!(
                column.filter(&ix, &all, &Search::parse(q)),
                ix.filter(&all, q),
                "search {q:?}"
            );
        }
        assert!(!ix.filter(&all, "smith").is_empty());
        assert!(!ix.filter(&all, "5678").is_empty());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_column_is_kept_for_its_book_only() {
        let a = Arc::new(index(mock_book(3)));
        let b = Arc::new(index(vec![customer(7, "Wang", "139****0007", 1)]));
        assert!(Arc::ptr_eq(&SearchColumn::of(&a), &SearchColumn::of(&a)));
        let of_b = SearchColumn::of(&b);
        assert_eq!(of_b.names.len(), 1);
        assert_eq!(&*of_b.names[0], "wang");
        assert_eq!(SearchColumn::of(&a).names.len(), 3);
    }
}
