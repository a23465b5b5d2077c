//! The rows of a file, one at a time: CSV through the `csv` crate (quotes, embedded
//! separators) from a decoding reader, or the first sheet of an XLSX workbook through
//! calamine. Rows whose every cell is empty are skipped (spreadsheets leave them). A
//! CSV row's number is its line, empty lines not counted.

use super::decode::{FileProblem, Sniffed};
use calamine::{Data, Reader};
use clientbook_domain::import::{FileEncoding, Problem};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// One row: its number in the file (the header is row 1) and its cells.
pub type Row = (i64, Vec<String>);

/// Open the file's rows.
pub fn rows(
    path: &Path,
    sniffed: Sniffed,
) -> Result<Box<dyn Iterator<Item = Result<Row, FileProblem>> + Send>, FileProblem> {
    let io = |_| FileProblem::new(Problem::NotCsvOrXlsx);
    match sniffed {
        Sniffed::Csv {
            encoding,
            delimiter,
        } => {
            let mut file = File::open(path).map_err(io)?;
            let reader: Box<dyn Read + Send> = match encoding {
                FileEncoding::Utf8Bom => {
                    file.seek(SeekFrom::Start(3)).map_err(io)?;
                    Box::new(file)
                }
                FileEncoding::Gb18030 => Box::new(
                    encoding_rs_io::DecodeReaderBytesBuilder::new()
                        .encoding(Some(encoding_rs::GB18030))
                        .build(file),
                ),
                _ => Box::new(file),
            };
            let csv = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .buffer_capacity(256 * 1024)
                .from_reader(CrlfAsLf::new(reader));
            Ok(Box::new(csv.into_records().filter_map(|r| match r {
                Ok(record) => {
                    let row = record.position().map_or(0, |p| p.line() as i64);
                    let cells: Vec<String> = record.iter().map(str::to_owned).collect();
                    (!blank(&cells)).then_some(Ok((row, cells)))
                }
                Err(e) => Some(Err(FileProblem {
                    row: e.position().map_or(0, |p| p.line() as i64),
                    problem: Problem::WrongEncoding,
                    detail: None,
                })),
            })))
        }
        Sniffed::Xlsx => xlsx_rows(path),
    }
}

/// The largest XLSX file read (docs/rules.md, Import: XLSX). The sheet streams, but the
/// workbook's shared-strings table (every distinct text of the sheet, as Excel writes
/// it) is held while it is read; a CSV of any size streams whole.
pub const XLSX_MAX_BYTES: u64 = 32 * 1024 * 1024;

/// Rows of an XLSX sheet waiting for the checker at most (the reader thread waits).
const XLSX_ROWS_AHEAD: usize = 256;

/// The first sheet's rows as they stream out of the workbook: calamine's cell reader
/// walks the sheet's XML one cell at a time on a thread of its own and hands each
/// finished row over a bounded channel, so the sheet is never held whole (what
/// `worksheet_range` does) nor copied. What calamine keeps while it reads is the
/// workbook's shared-strings table (docs/rules.md, Import: XLSX).
fn xlsx_rows(
    path: &Path,
) -> Result<Box<dyn Iterator<Item = Result<Row, FileProblem>> + Send>, FileProblem> {
    let not_xlsx = || FileProblem::new(Problem::NotCsvOrXlsx);
    if std::fs::metadata(path).map_err(|_| not_xlsx())?.len() > XLSX_MAX_BYTES {
        return Err(FileProblem {
            detail: Some(format!("{} MB", XLSX_MAX_BYTES / (1024 * 1024))),
            ..FileProblem::new(Problem::XlsxTooLarge)
        });
    }
    let mut book: calamine::Xlsx<BufReader<File>> =
        calamine::open_workbook(path).map_err(|_| not_xlsx())?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(FileProblem::new(Problem::EmptyFile))?;
    let (tx, rx) = std::sync::mpsc::sync_channel(XLSX_ROWS_AHEAD);
    std::thread::Builder::new()
        .name("xlsx-rows".into())
        .spawn(move || {
            let mut cells = match book.worksheet_cells_reader(&name) {
                Ok(c) => c,
                Err(_) => {
                    let _ = tx.send(Err(not_xlsx()));
                    return;
                }
            };
            // The row being filled: its 0-based number and cells so far.
            let mut current: Option<(u32, Vec<String>)> = None;
            let finish = |row: Option<(u32, Vec<String>)>| -> bool {
                match row {
                    Some((r, mut out)) => {
                        while out.last().is_some_and(String::is_empty) {
                            out.pop();
                        }
                        blank(&out) || tx.send(Ok((i64::from(r) + 1, out))).is_ok()
                    }
                    None => true,
                }
            };
            loop {
                match cells.next_cell() {
                    Ok(Some(cell)) => {
                        let (r, c) = cell.get_position();
                        if current.as_ref().map(|x| x.0) != Some(r)
                            && !finish(current.replace((r, vec![])))
                        {
                            return; // The checker stopped reading.
                        }
                        let out = &mut current.as_mut().expect("set above").1;
                        let c = c as usize;
                        if out.len() <= c {
                            out.resize(c + 1, String::new());
                        }
                        out[c] = cell_text(&Data::from(cell.get_value().clone()));
                    }
                    Ok(None) => {
                        finish(current.take());
                        return;
                    }
                    Err(_) => {
                        let _ = tx.send(Err(not_xlsx()));
                        return;
                    }
                }
            }
        })
        .map_err(|_| not_xlsx())?;
    Ok(Box::new(rx.into_iter()))
}

/// A reader that turns each CR LF into LF. The csv crate numbers a record by the line it
/// starts on, and after a CR LF (what Excel on Windows writes) it starts the next record
/// before it has counted the LF: every row would be numbered one too low, the first data
/// row as 1, the header's number. A lone CR is left as it is.
struct CrlfAsLf<R> {
    inner: R,
    out: Vec<u8>,
    at: usize,
    /// A CR that ended the last chunk read, not yet known to precede an LF.
    held_cr: bool,
    ended: bool,
}

impl<R: Read> CrlfAsLf<R> {
    fn new(inner: R) -> Self {
        CrlfAsLf {
            inner,
            out: Vec::with_capacity(64 * 1024),
            at: 0,
            held_cr: false,
            ended: false,
        }
    }

    fn fill(&mut self) -> std::io::Result<()> {
        let mut raw = [0u8; 64 * 1024];
        let n = self.inner.read(&mut raw)?;
        self.out.clear();
        self.at = 0;
        if n == 0 {
            self.ended = true;
            if std::mem::take(&mut self.held_cr) {
                self.out.push(b'\r');
            }
            return Ok(());
        }
        for &b in &raw[..n] {
            if std::mem::take(&mut self.held_cr) && b != b'\n' {
                self.out.push(b'\r');
            }
            if b == b'\r' {
                self.held_cr = true;
            } else {
                self.out.push(b);
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for CrlfAsLf<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() {
            if self.ended || buf.is_empty() {
                return Ok(0);
            }
            self.fill()?;
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// A cell as text: numbers as Excel shows them in general format (an integral float
/// without its ".0", so a phone stored as a number reads back), dates as YYYY-MM-DD.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        // Excel's serial day (1900 system): days since 1899-12-30.
        Data::DateTime(d) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(d.as_f64().max(0.0) as u64)))
            .map_or_else(|| d.to_string(), |t| t.format("%Y-%m-%d").to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn rows_of(bytes: &[u8]) -> Vec<Row> {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(bytes).unwrap();
        let sniffed = super::super::decode::sniff(f.path()).unwrap();
        rows(f.path(), sniffed)
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn gbk_text_reads_back_as_unicode_with_quoted_separators_kept() {
        let gbk = encoding_rs::GBK
            .encode("客户号,地址\nC1,\"北京市,朝阳区\"\n,\n\nC2,上海\n")
            .0;
        assert_eq!(
            rows_of(&gbk),
            vec![
                (1, vec!["客户号".to_owned(), "地址".to_owned()]),
                (2, vec!["C1".to_owned(), "北京市,朝阳区".to_owned()]),
                // An empty line is not counted (the CSV reader skips it).
                (4, vec!["C2".to_owned(), "上海".to_owned()]),
            ]
        );
    }

    #[test]
    fn rows_of_a_windows_file_are_numbered_as_the_same_file_with_unix_line_ends() {
        let numbers: Vec<i64> = rows_of(b"a,b\r\nx,y\r\nz,w\r\n")
            .iter()
            .map(|r| r.0)
            .collect();
        assert_eq!(numbers, vec![1, 2, 3]);
        // Empty lines and a line break inside a quoted cell count alike in both.
        let windows = "a,b\r\nx,y\r\n\r\nz,w\r\n\"p\r\nq\",r\r\ns,t";
        let unix = windows.replace("\r\n", "\n");
        assert_eq!(rows_of(windows.as_bytes()), rows_of(unix.as_bytes()));
    }

    #[test]
    fn crlf_split_across_reads_is_still_one_line_end() {
        let mut out = String::new();
        let chunks: Vec<&[u8]> = vec![b"a\r", b"\nb\r", b"c\r"];
        let mut r = CrlfAsLf::new(std::io::Read::chain(
            std::io::Read::chain(chunks[0], chunks[1]),
            chunks[2],
        ));
        r.read_to_string(&mut out).unwrap();
        assert_eq!(out, "a\nb\rc\r");
    }

    #[test]
    fn a_bom_is_not_part_of_the_first_header() {
        assert_eq!(
            rows_of("\u{feff}a;b\n1;2\n".as_bytes())[0].1,
            vec!["a", "b"]
        );
    }

    #[test]
    fn an_xlsx_sheet_reads_numbers_and_dates_as_written() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "phone").unwrap();
        sheet.write_string(0, 1, "balance").unwrap();
        sheet.write_number(1, 0, 13800138000.0).unwrap();
        sheet.write_number(1, 1, 1234.5).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert_eq!(
            rows_of(&bytes),
            vec![
                (1, vec!["phone".to_owned(), "balance".to_owned()]),
                (2, vec!["13800138000".to_owned(), "1234.5".to_owned()]),
            ]
        );
    }

    #[test]
    fn an_xlsx_over_the_limit_is_refused_naming_it_before_it_is_opened() {
        let f = tempfile::NamedTempFile::new().unwrap();
        f.as_file().set_len(XLSX_MAX_BYTES + 1).unwrap();
        let Err(p) = rows(f.path(), Sniffed::Xlsx) else {
            panic!("read an XLSX over the limit")
        };
        assert_eq!(
            (p.problem, p.detail.as_deref()),
            (Problem::XlsxTooLarge, Some("32 MB"))
        );
    }
}
