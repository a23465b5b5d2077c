//! A small CSV reader (RFC 4180 as spreadsheets write it): cells separated by commas,
//! or by tabs when the text was pasted from a spreadsheet; cells in double quotes may
//! hold separators, line breaks and doubled quotes; lines end in CRLF, LF or CR; a
//! leading byte-order mark is dropped. Records are numbered as a spreadsheet numbers its
//! rows (the first record is row 1, a line break inside quotes does not start a row), so
//! a problem can be found in the file the user has open.

/// One record of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Row number, 1-based, counting blank rows.
    pub row: usize,
    pub cells: Vec<String>,
}

impl Record {
    /// A row with nothing in it (also `,,,`, as spreadsheets export an empty row).
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// What the reader could not make sense of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadProblem {
    /// A quote opened on this row is never closed: the rest of the file is one cell.
    UnclosedQuote { row: usize },
    /// Text after the closing quote of a cell (`"abc"x`); `cell` is 0-based.
    TextAfterQuote { row: usize, cell: usize },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Read {
    pub records: Vec<Record>,
    pub problems: Vec<ReadProblem>,
}

/// Tab when the first non-blank line has tabs and no comma (a spreadsheet's clipboard),
/// else comma.
fn separator(text: &str) -> char {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.contains('\t') && !first.contains(',') {
        '\t'
    } else {
        ','
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    CellStart,
    Plain,
    Quoted,
    AfterQuote,
}

/// Split `text` into records of cells. Cells are kept as written (not trimmed).
pub fn read(text: &str) -> Read {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = separator(text);
    let mut out = Read::default();
    let mut row = 1;
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut state = State::CellStart;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if state == State::Quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    state = State::AfterQuote;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        if c == '\r' || c == '\n' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            cells.push(std::mem::take(&mut cell));
            out.records.push(Record {
                row,
                cells: std::mem::take(&mut cells),
            });
            row += 1;
            state = State::CellStart;
            continue;
        }
        if c == sep {
            cells.push(std::mem::take(&mut cell));
            state = State::CellStart;
            continue;
        }
        match state {
            State::CellStart if c == '"' => state = State::Quoted,
            State::AfterQuote => {
                out.problems.push(ReadProblem::TextAfterQuote {
                    row,
                    cell: cells.len(),
                });
                cell.push(c);
                state = State::Plain;
            }
            _ => {
                cell.push(c);
                state = State::Plain;
            }
        }
    }
    match state {
        State::Quoted => out.problems.push(ReadProblem::UnclosedQuote { row }),
        // The text ended with a line break (or was empty): no record is open.
        State::CellStart if cells.is_empty() => {}
        _ => {
            cells.push(cell);
            out.records.push(Record { row, cells });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(read: &Read) -> Vec<(usize, Vec<&str>)> {
        read.records
            .iter()
            .map(|r| (r.row, r.cells.iter().map(String::as_str).collect()))
            .collect()
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn plain_rows_split_on_commas_whatever_the_line_ends() {
        for text in ["a,b\r\n1,2\r\n", "a,b\n1,2\n", "a,b\r1,2", "a,b\n1,2"] {
            let r = read(text);
            assert_eq!(
                cells(&r),
                vec![(1, vec!["a", "b"]), (2, vec!["1", "2"])],
                "{text:?}"
            );
            assert!(r.problems.is_empty());
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn quoted_cells_keep_separators_quotes_and_line_breaks_on_one_row() {
        let r = read("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\nlast,,\n");
        assert_eq!(
            cells(&r),
            vec![
                (1, vec!["a", "b", "c"]),
                (2, vec!["x, y", "say \"hi\"", "two\r\nlines"]),
                (3, vec!["last", "", ""]),
            ]
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_byte_order_mark_is_dropped_and_blank_rows_still_count() {
        let r = read("\u{feff}a\n\n,\n1\n");
        assert_eq!(
            cells(&r),
            vec![
                (1, vec!["a"]),
                (2, vec![""]),
                (3, vec!["", ""]),
                (4, vec!["1"])
            ]
        );
        assert!(r.records[1].is_blank() && r.records[2].is_blank());
        assert!(!r.records[3].is_blank());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn text_pasted_from_a_spreadsheet_is_split_on_tabs() {
        let r = read("a\tb\n1\t\"2,5\"\n");
        assert_eq!(cells(&r), vec![(1, vec!["a", "b"]), (2, vec!["1", "2,5"])]);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_unclosed_quote_and_text_after_a_quote_are_named_by_row() {
        let r = read("a,b\n1,\"2\n3,4\n");
        assert_eq!(r.problems, vec![ReadProblem::UnclosedQuote { row: 2 }]);
        assert_eq!(cells(&r), vec![(1, vec!["a", "b"])]);
        let r = read("a,b\n\"1\"x,2\n");
        assert_eq!(
            r.problems,
            vec![ReadProblem::TextAfterQuote { row: 2, cell: 0 }]
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn empty_text_has_no_records() {
        assert_eq!(read(""), Read::default());
        assert_eq!(read("\u{feff}"), Read::default());
    }
}
