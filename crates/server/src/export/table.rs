//! The cells of an export and their two formats: UTF-8 CSV with a BOM (the `csv` crate),
//! and XLSX (`rust_xlsxwriter`). Text is never taken for a formula by a spreadsheet: in
//! CSV a text cell starting with `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'`;
//! in XLSX every text cell is written as a string, never a formula.

use crate::error::AppError;
use chrono::{Datelike, NaiveDate};
use clientbook_domain::Money;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::{Deserialize, Serialize};

/// What the user asked the file to be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    #[default]
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// The language of the column headings (the values are the data's own).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadingLang {
    #[default]
    En,
    Zh,
}

/// A column: its heading in each language.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub en: &'static str,
    pub zh: &'static str,
}

pub const fn column(en: &'static str, zh: &'static str) -> Column {
    Column { en, zh }
}

impl Column {
    pub fn heading(&self, lang: HeadingLang) -> &'static str {
        match lang {
            HeadingLang::En => self.en,
            HeadingLang::Zh => self.zh,
        }
    }
}

/// One cell. Numbers are written by us from numbers, so only text can carry a formula.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// In yuan with two decimals (the fen are exact in the text of a CSV).
    Money(Money),
    /// A ratio or score, shown with one decimal.
    Figure(f64),
    Date(NaiveDate),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn opt_text(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Empty, Cell::text)
    }

    pub fn opt_figure(v: Option<f64>) -> Cell {
        v.map_or(Cell::Empty, Cell::Figure)
    }

    /// The cell as CSV text, neutralised.
    pub fn csv_text(&self) -> String {
        match self {
            Cell::Text(s) => neutralise(s),
            Cell::Int(i) => i.to_string(),
            Cell::Money(m) => yuan(*m),
            Cell::Figure(f) => format!("{f:.1}"),
            Cell::Date(d) => d.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// `-1234567` fen → `-12345.67`, exactly (no float on the way).
pub fn yuan(m: Money) -> String {
    let fen = m.fen();
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// A spreadsheet reads a cell starting with one of these as a formula (tab and CR too,
/// as some strip them first): such text gets a leading apostrophe, which shows it as text.
pub fn neutralise(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// Byte order mark: Excel on a Chinese Windows reads a CSV without one as GBK.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// The BOM and the heading row: the first chunk of a CSV.
pub fn csv_head(columns: &[Column], lang: HeadingLang) -> Result<Vec<u8>, AppError> {
    let mut buf = Vec::with_capacity(256);
    buf.extend_from_slice(BOM);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(buf);
    writer
        .write_record(columns.iter().map(|c| neutralise(c.heading(lang))))
        .map_err(AppError::internal)?;
    writer.into_inner().map_err(AppError::internal)
}

/// Rows as CSV: one chunk of a streamed body.
pub fn csv_rows<'a>(rows: impl IntoIterator<Item = &'a [Cell]>) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .has_headers(false)
        .from_writer(Vec::with_capacity(64 * 1024));
    for cells in rows {
        writer
            .write_record(cells.iter().map(Cell::csv_text))
            .map_err(AppError::internal)?;
    }
    writer.into_inner().map_err(AppError::internal)
}

/// A whole table as CSV (small exports).
pub fn csv_bytes(
    columns: &[Column],
    lang: HeadingLang,
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, AppError> {
    let mut out = csv_head(columns, lang)?;
    out.extend(csv_rows(rows.iter().map(Vec::as_slice))?);
    Ok(out)
}

/// The rows of a worksheet's grid: XLSX has 1,048,576, one of them the headings.
pub const XLSX_MAX_ROWS: u64 = 1_048_575;

/// A whole table as an XLSX workbook of one sheet.
pub fn xlsx_bytes(
    sheet: &str,
    columns: &[Column],
    lang: HeadingLang,
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, AppError> {
    let mut book = XlsxSheet::new(sheet, columns, lang)?;
    book.write_rows(rows)?;
    book.finish()
}

/// A workbook of one sheet written a batch of rows at a time: the rows go to the
/// worksheet's temporary file as they come (rust_xlsxwriter's constant-memory mode,
/// Cargo.toml), so only the batch in hand and the finished, compressed file are ever in
/// memory. Blocking: used off the async threads.
pub struct XlsxSheet {
    book: Workbook,
    /// The next row of the grid (row 0 holds the headings).
    next_row: u32,
    money: Format,
    figure: Format,
    date: Format,
}

impl XlsxSheet {
    pub fn new(sheet: &str, columns: &[Column], lang: HeadingLang) -> Result<Self, AppError> {
        Self::start(sheet, columns, lang).map_err(AppError::internal)
    }

    fn start(sheet: &str, columns: &[Column], lang: HeadingLang) -> Result<Self, XlsxError> {
        let mut book = Workbook::new();
        // Rows are written in order, each once: the worksheet keeps them in a temporary
        // file instead of memory.
        let ws = book.add_worksheet_with_constant_memory()?;
        ws.set_name(sheet)?;
        let bold = Format::new().set_bold();
        for (c, col) in columns.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, col.heading(lang), &bold)?;
            ws.set_column_width(c as u16, 14)?;
        }
        ws.set_freeze_panes(1, 0)?;
        Ok(XlsxSheet {
            book,
            next_row: 1,
            money: Format::new().set_num_format("#,##0.00"),
            figure: Format::new().set_num_format("0.0"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        })
    }

    /// The next rows of the sheet, after those already written.
    pub fn write_rows(&mut self, rows: &[Vec<Cell>]) -> Result<(), AppError> {
        self.write(rows).map_err(AppError::internal)
    }

    fn write(&mut self, rows: &[Vec<Cell>]) -> Result<(), XlsxError> {
        let ws = self.book.worksheet_from_index(0)?;
        for cells in rows {
            let r = self.next_row;
            for (c, cell) in cells.iter().enumerate() {
                let c = c as u16;
                match cell {
                    // A string cell: whatever it starts with, never a formula.
                    Cell::Text(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    Cell::Int(i) => {
                        ws.write_number(r, c, *i as f64)?;
                    }
                    // XLSX numbers are doubles: a fen amount below 2^53 shows its two
                    // decimals exactly.
                    Cell::Money(m) => {
                        ws.write_number_with_format(r, c, m.fen() as f64 / 100.0, &self.money)?;
                    }
                    Cell::Figure(f) => {
                        ws.write_number_with_format(r, c, *f, &self.figure)?;
                    }
                    Cell::Date(d) => {
                        let excel = rust_xlsxwriter::ExcelDateTime::from_ymd(
                            u16::try_from(d.year()).unwrap_or(1900),
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        ws.write_datetime_with_format(r, c, &excel, &self.date)?;
                    }
                    Cell::Empty => {}
                }
            }
            self.next_row += 1;
        }
        Ok(())
    }

    /// The finished file.
    pub fn finish(mut self) -> Result<Vec<u8>, AppError> {
        self.book.save_to_buffer().map_err(AppError::internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_a_spreadsheet_would_run_is_shown_as_text_in_csv() {
        for evil in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(Cell::text(evil).csv_text(), format!("'{evil}"));
        }
        assert_eq!(Cell::text("王小明").csv_text(), "王小明");
        assert_eq!(Cell::text("a=b").csv_text(), "a=b");
        // Numbers are ours, not text: a negative NPS stays a number.
        assert_eq!(Cell::Figure(-12.5).csv_text(), "-12.5");
        assert_eq!(Cell::Int(-3).csv_text(), "-3");
    }

    #[test]
    fn money_is_exact_yuan_with_two_decimals() {
        assert_eq!(yuan(Money::from_fen(123_456)), "1234.56");
        assert_eq!(yuan(Money::from_fen(5)), "0.05");
        assert_eq!(yuan(Money::from_fen(-105)), "-1.05");
        assert_eq!(yuan(Money::from_fen(i64::MIN)), "-92233720368547758.08");
    }

    #[test]
    fn a_csv_starts_with_a_bom_and_quotes_what_needs_it() {
        let cols = [column("Name", "姓名"), column("Note", "备注")];
        let bytes = csv_bytes(
            &cols,
            HeadingLang::Zh,
            &[vec![Cell::text("王*"), Cell::text("a,\"b\"\nc")]],
        )
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, "\u{feff}姓名,备注\r\n王*,\"a,\"\"b\"\"\nc\"\r\n");
    }

    #[test]
    fn an_xlsx_is_a_zip_with_the_formula_as_a_shared_string() {
        let cols = [column("Note", "备注")];
        let bytes = xlsx_bytes(
            "Notes",
            &cols,
            HeadingLang::En,
            &[vec![Cell::text("=HYPERLINK(\"http://x\")")]],
        )
        .unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }

    /// The sheet's XML inside a workbook.
    fn sheet_xml(bytes: Vec<u8>) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml
    }

    #[test]
    fn an_xlsx_written_in_batches_holds_every_row_in_order() {
        let cols = [column("No", "序号"), column("Name", "姓名")];
        let rows: Vec<Vec<Cell>> = (0..5)
            .map(|i| vec![Cell::Int(i), Cell::text(format!("name{i}"))])
            .collect();
        let mut sheet = XlsxSheet::new("Rows", &cols, HeadingLang::En).unwrap();
        for batch in rows.chunks(2) {
            sheet.write_rows(batch).unwrap();
        }
        let xml = sheet_xml(sheet.finish().unwrap());
        // Headings in row 1, then the five rows in rows 2–6, nothing after.
        for (i, row) in (2..=6).enumerate() {
            assert!(xml.contains(&format!("<row r=\"{row}\"")), "row {row}");
            assert!(xml.contains(&format!("name{i}")), "name{i}");
        }
        assert!(!xml.contains("<row r=\"7\""));
        let at = |s: &str| xml.find(s).unwrap();
        assert!(at("name0") < at("name2") && at("name2") < at("name4"));
    }
}
