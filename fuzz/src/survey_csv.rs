//! `survey_csv`: arbitrary bytes as a survey import file (read as text, as the browser
//! does). The reader and the parser never panic; rows are numbered as a spreadsheet
//! numbers them; what the reader reads cleanly is written back and read again to the
//! same cells; every survey the parser accepts is within the import's ranges, so the
//! app never sends what the server must refuse for range; a server field name maps back
//! to a row without panicking.

use clientbook_domain::service::IMPORT_MAX_ROWS;
use clientbook_domain::survey_csv::{csv, locate, parse};
use std::collections::HashSet;

/// The cells as a spreadsheet would save them: every cell quoted, quotes doubled.
fn write(records: &[csv::Record]) -> String {
    let mut out = String::new();
    for record in records {
        let cells: Vec<String> = record
            .cells
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let read = csv::read(&text);
    for (i, record) in read.records.iter().enumerate() {
        assert_eq!(record.row, i + 1, "records are numbered from 1 without gaps");
        assert!(!record.cells.is_empty(), "a record has at least one cell");
    }
    // Round trip, where the separator cannot be guessed differently (a tab or a line
    // break inside a cell may change the guess from the first line).
    let plain = read
        .records
        .iter()
        .all(|r| r.cells.iter().all(|c| !c.contains(['\t', '\r', '\n'])));
    if read.problems.is_empty() && plain {
        let again = csv::read(&write(&read.records));
        assert!(again.problems.is_empty(), "what was written reads cleanly");
        assert_eq!(again.records, read.records, "written and read back alike");
    }

    let parsed = parse(&text);
    assert!(parsed.rows.len() <= IMPORT_MAX_ROWS);
    assert!(parsed.rows.len() <= parsed.data_rows);
    if parsed.ready() {
        assert!(parsed.problems.is_empty() && !parsed.rows.is_empty());
    }
    let mut last = 1;
    for row in &parsed.rows {
        assert!(row.row > last, "rows after the header, in file order");
        last = row.row;
        let s = &row.survey;
        assert!(s.recommend <= 10, "recommend {}", s.recommend);
        assert!((1..=5).contains(&s.overall), "overall {}", s.overall);
        let mut seen = HashSet::new();
        for r in &s.ratings {
            assert!((1..=5).contains(&r.satisfaction) && (1..=5).contains(&r.importance));
            assert!(seen.insert(r.attribute), "an attribute rated twice");
        }
    }
    for p in &parsed.problems {
        if let Some(row) = p.row {
            // An unclosed quote is on the row after the last whole record.
            assert!(row >= 1 && row <= read.records.len() + 1, "problem row {row}");
        }
    }
    let first_line = text.lines().next().unwrap_or_default();
    for field in [
        "surveys[0].recommend".to_owned(),
        format!("surveys[{}].ratings[0].satisfaction", parsed.rows.len()),
        first_line.to_owned(),
    ] {
        let _ = locate(&field, "refused", &parsed.rows);
    }
}
