//! A survey import file, read and checked in the browser before anything is sent.
//!
//! The columns are named after the fields of the import request (`customer_id`,
//! `answered_on`, `recommend`, `overall`) and, per service attribute, `<attribute>_satisfaction`
//! and `<attribute>_importance` (both 1–5, both blank when not rated). The header may
//! list them in any order; an unknown or repeated column is refused. Every problem names
//! its row (as a spreadsheet numbers it: the header is row 1) and its column, so the
//! user can fix the file; the server's own answer (`surveys[3].recommend`) is mapped back
//! to the same terms by [`locate`].
//!
//! The browser is the only reader of this file format (the API takes JSON) and its
//! problems are words for the person holding the file; it lives here, in the domain
//! crate, so that it is pure code the fuzzer (`fuzz/`, target `survey_csv`) can reach —
//! the app's survey import panel uses it from here.

pub mod csv;

use crate::customer::{CustomerId, ServiceAttribute};
use crate::service::{ImportedSurvey, RatingInput, IMPORT_MAX_ROWS};
use chrono::NaiveDate;
use csv::{ReadProblem, Record};

/// A column of the import file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    CustomerId,
    AnsweredOn,
    Recommend,
    Overall,
    Satisfaction(ServiceAttribute),
    Importance(ServiceAttribute),
}

/// The column-name stem of an attribute (`waiting_time_satisfaction`).
pub const fn stem(a: ServiceAttribute) -> &'static str {
    match a {
        ServiceAttribute::WaitingTime => "waiting_time",
        ServiceAttribute::StaffAttitude => "staff_attitude",
        ServiceAttribute::Expertise => "expertise",
        ServiceAttribute::ProductRange => "product_range",
        ServiceAttribute::DigitalChannels => "digital_channels",
        ServiceAttribute::Fees => "fees",
        ServiceAttribute::BranchEnvironment => "branch_environment",
    }
}

impl Column {
    /// The columns every file must have.
    pub const REQUIRED: [Column; 4] = [
        Column::CustomerId,
        Column::AnsweredOn,
        Column::Recommend,
        Column::Overall,
    ];

    /// Every column, in the template's order.
    pub fn all() -> Vec<Column> {
        let mut out = Column::REQUIRED.to_vec();
        for a in ServiceAttribute::ALL {
            out.push(Column::Satisfaction(a));
            out.push(Column::Importance(a));
        }
        out
    }

    /// The name in the header.
    pub fn name(self) -> String {
        match self {
            Column::CustomerId => "customer_id".into(),
            Column::AnsweredOn => "answered_on".into(),
            Column::Recommend => "recommend".into(),
            Column::Overall => "overall".into(),
            Column::Satisfaction(a) => format!("{}_satisfaction", stem(a)),
            Column::Importance(a) => format!("{}_importance", stem(a)),
        }
    }

    /// The column a header cell names: case, surrounding spaces and spaces or hyphens
    /// instead of underscores do not matter (`Customer ID` is `customer_id`).
    pub fn from_header(cell: &str) -> Option<Column> {
        let wanted: String = cell
            .trim()
            .chars()
            .map(|c| match c {
                ' ' | '-' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        Column::all().into_iter().find(|c| c.name() == wanted)
    }

    /// The other half of an attribute's pair.
    const fn partner(self) -> Option<Column> {
        match self {
            Column::Satisfaction(a) => Some(Column::Importance(a)),
            Column::Importance(a) => Some(Column::Satisfaction(a)),
            _ => None,
        }
    }
}

/// What is wrong; rendered to words by `text::problem`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// No survey rows (an empty file, or a header alone).
    NoSurveys,
    TooManyRows {
        found: usize,
        max: usize,
    },
    UnknownColumn,
    RepeatedColumn,
    MissingColumn,
    UnclosedQuote,
    TextAfterQuote,
    CellCount {
        found: usize,
        expected: usize,
    },
    Required,
    NotCustomerId,
    NotWholeNumber,
    OutOfRange {
        lo: u8,
        hi: u8,
    },
    NotDate,
    /// One half of an attribute's pair is given, this one is blank.
    HalfRated,
    /// Not a customer of the signed-in user's book.
    NotInBook,
    InFuture {
        today: NaiveDate,
    },
    BeforeRelationship {
        since: NaiveDate,
    },
    /// The server's own words.
    Server(String),
}

/// A problem and where it is: `row` `None` is the whole file; `column` `None` the whole row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    pub row: Option<usize>,
    pub column: Option<String>,
    pub problem: Problem,
}

impl RowProblem {
    fn file(problem: Problem) -> Self {
        RowProblem {
            row: None,
            column: None,
            problem,
        }
    }

    fn at(row: usize, column: Option<String>, problem: Problem) -> Self {
        RowProblem {
            row: Some(row),
            column,
            problem,
        }
    }
}

/// A survey read from one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedRow {
    pub row: usize,
    pub survey: ImportedSurvey,
}

/// The file, read: the surveys of the good rows and every problem, file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub rows: Vec<ParsedRow>,
    pub problems: Vec<RowProblem>,
    /// Non-blank rows after the header, good or not.
    pub data_rows: usize,
}

impl Parsed {
    /// Whether the import may be sent: rows and no problem.
    pub fn ready(&self) -> bool {
        self.problems.is_empty() && !self.rows.is_empty()
    }

    /// The request to send.
    pub fn surveys(&self) -> Vec<ImportedSurvey> {
        self.rows.iter().map(|r| r.survey.clone()).collect()
    }
}

/// The empty template: the header with every column.
pub fn template() -> String {
    let names: Vec<String> = Column::all().into_iter().map(Column::name).collect();
    format!("{}\r\n", names.join(","))
}

/// The template as a `data:` address for a download link (no script, nothing fetched).
pub fn template_href() -> String {
    let mut out = String::from("data:text/csv;charset=utf-8,");
    for b in template().bytes() {
        if b.is_ascii_alphanumeric() || b"_,-.".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The example shown beside the format: a few columns, in another order, one attribute
/// rated and one row leaving it blank.
pub const EXAMPLE: &str =
    "customer_id,answered_on,recommend,overall,waiting_time_satisfaction,waiting_time_importance
1024,2026-06-10,9,4,3,5
1031,2026-06-11,6,3,,";

/// Read an import file: the header, then one survey per non-blank row.
pub fn parse(text: &str) -> Parsed {
    let read = csv::read(text);
    let mut out = Parsed::default();
    let mut records = read.records.iter().filter(|r| !r.is_blank());
    let header = records.next();
    let columns = header.map(|h| header_columns(h, &mut out.problems));
    for p in &read.problems {
        out.problems.push(match *p {
            ReadProblem::UnclosedQuote { row } => RowProblem::at(row, None, Problem::UnclosedQuote),
            ReadProblem::TextAfterQuote { row, cell } => {
                let column = header
                    .and_then(|h| h.cells.get(cell))
                    .map(|c| c.trim().to_owned());
                RowProblem::at(row, column, Problem::TextAfterQuote)
            }
        });
    }
    let data: Vec<&Record> = records.collect();
    out.data_rows = data.len();
    match columns {
        // The header is wrong: its problems say what to fix, rows are not checked.
        Some(None) => {}
        None if out.problems.is_empty() => out.problems.push(RowProblem::file(Problem::NoSurveys)),
        None => {}
        Some(Some(columns)) => {
            if data.is_empty() && out.problems.is_empty() {
                out.problems.push(RowProblem::file(Problem::NoSurveys));
            }
            if data.len() > IMPORT_MAX_ROWS {
                out.problems.push(RowProblem::file(Problem::TooManyRows {
                    found: data.len(),
                    max: IMPORT_MAX_ROWS,
                }));
            }
            for r in data {
                if let Some(survey) = parse_row(r, &columns, &mut out.problems) {
                    out.rows.push(ParsedRow { row: r.row, survey });
                }
            }
        }
    }
    sort(&mut out.problems);
    out
}

/// The file's problems first, then by row (stable: a row's problems keep column order).
fn sort(problems: &mut [RowProblem]) {
    problems.sort_by_key(|p| p.row);
}

/// The column of each header cell; `None` when the header has a problem.
fn header_columns(header: &Record, problems: &mut Vec<RowProblem>) -> Option<Vec<Column>> {
    let before = problems.len();
    let mut columns = Vec::with_capacity(header.cells.len());
    for cell in &header.cells {
        let shown = cell.trim().to_owned();
        match Column::from_header(cell) {
            None => problems.push(RowProblem::at(
                header.row,
                Some(shown),
                Problem::UnknownColumn,
            )),
            Some(c) if columns.contains(&c) => problems.push(RowProblem::at(
                header.row,
                Some(shown),
                Problem::RepeatedColumn,
            )),
            Some(c) => columns.push(c),
        }
    }
    let mut missing: Vec<Column> = Column::REQUIRED
        .into_iter()
        .filter(|c| !columns.contains(c))
        .collect();
    missing.extend(
        columns
            .iter()
            .filter_map(|c| c.partner())
            .filter(|p| !columns.contains(p)),
    );
    for c in missing {
        problems.push(RowProblem::at(
            header.row,
            Some(c.name()),
            Problem::MissingColumn,
        ));
    }
    (problems.len() == before).then_some(columns)
}

/// A score from `lo` to `hi`, digits only.
fn score(cell: &str, lo: u8, hi: u8) -> Result<u8, Problem> {
    if cell.is_empty() {
        return Err(Problem::Required);
    }
    if !cell.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::NotWholeNumber);
    }
    let n = cell.trim_start_matches('0');
    match n.parse::<u8>() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(v),
        _ if n.is_empty() && lo == 0 => Ok(0),
        _ => Err(Problem::OutOfRange { lo, hi }),
    }
}

/// A date written `2026-06-10` (or `2026/6/10`, as spreadsheets in China often write it).
pub fn date(cell: &str) -> Result<NaiveDate, Problem> {
    if cell.is_empty() {
        return Err(Problem::Required);
    }
    NaiveDate::parse_from_str(cell, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(cell, "%Y/%m/%d"))
        .map_err(|_| Problem::NotDate)
}

fn customer_id(cell: &str) -> Result<CustomerId, Problem> {
    if cell.is_empty() {
        return Err(Problem::Required);
    }
    match cell.parse::<i64>() {
        Ok(n) if n > 0 && cell.bytes().all(|b| b.is_ascii_digit()) => Ok(CustomerId(n)),
        _ => Err(Problem::NotCustomerId),
    }
}

/// The value, or `None` with its problem recorded against `column`.
fn take<T>(
    problems: &mut Vec<RowProblem>,
    row: usize,
    column: Column,
    result: Result<T, Problem>,
) -> Option<T> {
    result
        .map_err(|p| problems.push(RowProblem::at(row, Some(column.name()), p)))
        .ok()
}

fn parse_row(
    r: &Record,
    columns: &[Column],
    problems: &mut Vec<RowProblem>,
) -> Option<ImportedSurvey> {
    if r.cells.len() != columns.len() {
        problems.push(RowProblem::at(
            r.row,
            None,
            Problem::CellCount {
                found: r.cells.len(),
                expected: columns.len(),
            },
        ));
        return None;
    }
    let before = problems.len();
    let cell = |c: Column| -> &str {
        columns
            .iter()
            .position(|x| *x == c)
            .map_or("", |i| r.cells[i].trim())
    };
    let row = r.row;
    let id = take(
        problems,
        row,
        Column::CustomerId,
        customer_id(cell(Column::CustomerId)),
    );
    let on = take(
        problems,
        row,
        Column::AnsweredOn,
        date(cell(Column::AnsweredOn)),
    );
    let recommend = take(
        problems,
        row,
        Column::Recommend,
        score(cell(Column::Recommend), 0, 10),
    );
    let overall = take(
        problems,
        row,
        Column::Overall,
        score(cell(Column::Overall), 1, 5),
    );
    let mut ratings = Vec::new();
    for a in ServiceAttribute::ALL {
        let (sc, ic) = (Column::Satisfaction(a), Column::Importance(a));
        if !columns.contains(&sc) {
            continue;
        }
        let (s, i) = (cell(sc), cell(ic));
        if s.is_empty() && i.is_empty() {
            continue;
        }
        let half = |v: &str| {
            if v.is_empty() {
                Err(Problem::HalfRated)
            } else {
                score(v, 1, 5)
            }
        };
        let s = take(problems, row, sc, half(s));
        let i = take(problems, row, ic, half(i));
        if let (Some(satisfaction), Some(importance)) = (s, i) {
            ratings.push(RatingInput {
                attribute: a,
                satisfaction,
                importance,
            });
        }
    }
    if problems.len() != before {
        return None;
    }
    Some(ImportedSurvey {
        customer_id: id?,
        answered_on: on?,
        recommend: recommend?,
        overall: overall?,
        ratings,
    })
}

/// The checks the server makes against the book, made before sending: the customer is
/// in the signed-in user's book (`since_of` gives when their relationship began), and
/// the date is neither after `today` nor before that.
pub fn check_against_book(
    parsed: &mut Parsed,
    since_of: impl Fn(CustomerId) -> Option<NaiveDate>,
    today: NaiveDate,
) {
    let mut found = Vec::new();
    for r in &parsed.rows {
        let s = &r.survey;
        match since_of(s.customer_id) {
            None => found.push(RowProblem::at(
                r.row,
                Some(Column::CustomerId.name()),
                Problem::NotInBook,
            )),
            Some(_) if s.answered_on > today => found.push(RowProblem::at(
                r.row,
                Some(Column::AnsweredOn.name()),
                Problem::InFuture { today },
            )),
            Some(since) if s.answered_on < since => found.push(RowProblem::at(
                r.row,
                Some(Column::AnsweredOn.name()),
                Problem::BeforeRelationship { since },
            )),
            Some(_) => {}
        }
    }
    if !found.is_empty() {
        parsed.problems.extend(found);
        sort(&mut parsed.problems);
    }
}

/// Where a problem the server named (`surveys[3].ratings[0].importance`) is in the file,
/// given the rows sent, in order.
pub fn locate(field: &str, problem: &str, sent: &[ParsedRow]) -> RowProblem {
    let server = Problem::Server(problem.to_owned());
    let Some((index, rest)) = field
        .strip_prefix("surveys[")
        .and_then(|s| s.split_once(']'))
        .and_then(|(i, rest)| Some((i.parse::<usize>().ok()?, rest)))
    else {
        return RowProblem::file(server);
    };
    let Some(sent_row) = sent.get(index) else {
        return RowProblem::file(server);
    };
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let column = match rest
        .strip_prefix("ratings[")
        .and_then(|s| s.split_once(']'))
    {
        Some((k, part)) => {
            let attribute = k
                .parse::<usize>()
                .ok()
                .and_then(|k| sent_row.survey.ratings.get(k))
                .map(|r| r.attribute);
            match (attribute, part) {
                (Some(a), ".importance") => Some(Column::Importance(a).name()),
                (Some(a), _) => Some(Column::Satisfaction(a).name()),
                (None, _) => None,
            }
        }
        None if rest.is_empty() => None,
        None => Some(rest.to_owned()),
    };
    RowProblem::at(sent_row.row, column, server)
}

#[cfg(test)]
mod tests;
