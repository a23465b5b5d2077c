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
//! The parser lives in the app, not in the domain crate: the API takes JSON, so the
//! browser is the only reader of this file format, and its problems are words for the
//! person holding the file rather than rules of the bank.

use super::csv::{self, ReadProblem, Record};
use chrono::NaiveDate;
use clientbook_domain::customer::{CustomerId, ServiceAttribute};
use clientbook_domain::service::{ImportedSurvey, RatingInput, IMPORT_MAX_ROWS};

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
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Problems as (row, column, problem), for short assertions.
    fn found(p: &Parsed) -> Vec<(Option<usize>, Option<&str>, &Problem)> {
        p.problems
            .iter()
            .map(|p| (p.row, p.column.as_deref(), &p.problem))
            .collect()
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_documented_example_reads_without_a_problem() {
        let p = parse(EXAMPLE);
        assert_eq!(found(&p), vec![]);
        assert!(p.ready());
        assert_eq!(p.rows.len(), 2);
        let first = &p.rows[0];
        assert_eq!(first.row, 2);
        assert_eq!(first.survey.customer_id, CustomerId(1024));
        assert_eq!(first.survey.answered_on, day(2026, 6, 10));
        assert_eq!((first.survey.recommend, first.survey.overall), (9, 4));
        assert_eq!(
            first.survey.ratings,
            vec![RatingInput {
                attribute: ServiceAttribute::WaitingTime,
                satisfaction: 3,
                importance: 5
            }]
        );
        assert!(p.rows[1].survey.ratings.is_empty(), "blank pair: not rated");
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_template_names_every_column_and_is_a_valid_header() {
        let t = template();
        assert!(t.starts_with("customer_id,answered_on,recommend,overall,"));
        assert!(t.contains("branch_environment_importance"));
        assert_eq!(
            t.trim_end().split(',').count(),
            4 + 2 * ServiceAttribute::ALL.len()
        );
        assert!(template_href().ends_with("branch_environment_importance%0D%0A"));
        // A header alone: nothing to import, but no header problem.
        assert_eq!(found(&parse(&t)), vec![(None, None, &Problem::NoSurveys)]);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_header_may_come_in_any_order_with_any_case_and_a_byte_order_mark() {
        let text = "\u{feff}Overall,Recommend,\"Answered On\",fees_importance,FEES_SATISFACTION,Customer ID\r\n\
                    4,10,2026/6/9,5,2,77\r\n\r\n";
        let p = parse(text);
        assert_eq!(found(&p), vec![]);
        let s = &p.rows[0].survey;
        assert_eq!(s.customer_id, CustomerId(77));
        assert_eq!(s.answered_on, day(2026, 6, 9));
        assert_eq!((s.recommend, s.overall), (10, 4));
        assert_eq!(
            s.ratings,
            vec![RatingInput {
                attribute: ServiceAttribute::Fees,
                satisfaction: 2,
                importance: 5
            }]
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn unknown_repeated_and_missing_columns_are_named_and_rows_are_not_checked() {
        let p = parse("customer_id,recommend,mood,recommend,fees_satisfaction\n1,x,y,z,9\n");
        assert_eq!(
            found(&p),
            vec![
                (Some(1), Some("mood"), &Problem::UnknownColumn),
                (Some(1), Some("recommend"), &Problem::RepeatedColumn),
                (Some(1), Some("answered_on"), &Problem::MissingColumn),
                (Some(1), Some("overall"), &Problem::MissingColumn),
                (Some(1), Some("fees_importance"), &Problem::MissingColumn),
            ]
        );
        assert!(!p.ready());
        assert_eq!(p.data_rows, 1);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_bad_cell_is_named_by_row_and_column() {
        let text =
            "customer_id,answered_on,recommend,overall,expertise_satisfaction,expertise_importance
1,2026-06-10,9,4,,
abc,2026-13-01,11,0,3,
\n\
3,2026-06-10,9.5,,6,2
4,2026-06-10,9
";
        let p = parse(text);
        assert_eq!(
            found(&p),
            vec![
                (Some(3), Some("customer_id"), &Problem::NotCustomerId),
                (Some(3), Some("answered_on"), &Problem::NotDate),
                (
                    Some(3),
                    Some("recommend"),
                    &Problem::OutOfRange { lo: 0, hi: 10 }
                ),
                (
                    Some(3),
                    Some("overall"),
                    &Problem::OutOfRange { lo: 1, hi: 5 }
                ),
                (Some(3), Some("expertise_importance"), &Problem::HalfRated),
                (Some(5), Some("recommend"), &Problem::NotWholeNumber),
                (Some(5), Some("overall"), &Problem::Required),
                (
                    Some(5),
                    Some("expertise_satisfaction"),
                    &Problem::OutOfRange { lo: 1, hi: 5 }
                ),
                (
                    Some(6),
                    None,
                    &Problem::CellCount {
                        found: 3,
                        expected: 6
                    }
                ),
            ]
        );
        assert_eq!(p.rows.len(), 1, "only the good row becomes a survey");
        assert_eq!(p.data_rows, 4);
        assert!(!p.ready());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn scores_are_whole_numbers_in_range_and_leading_zeros_are_fine() {
        assert_eq!(score("0", 0, 10), Ok(0));
        assert_eq!(score("00", 0, 10), Ok(0));
        assert_eq!(score("010", 0, 10), Ok(10));
        assert_eq!(score("0", 1, 5), Err(Problem::OutOfRange { lo: 1, hi: 5 }));
        assert_eq!(
            score("300", 0, 10),
            Err(Problem::OutOfRange { lo: 0, hi: 10 })
        );
        assert_eq!(
            score("99999999999", 1, 5),
            Err(Problem::OutOfRange { lo: 1, hi: 5 })
        );
        assert_eq!(score("-1", 0, 10), Err(Problem::NotWholeNumber));
        assert_eq!(score("", 0, 10), Err(Problem::Required));
        assert_eq!(customer_id("0"), Err(Problem::NotCustomerId));
        assert_eq!(customer_id("+5"), Err(Problem::NotCustomerId));
        assert_eq!(customer_id("42"), Ok(CustomerId(42)));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_empty_file_or_a_broken_quote_is_explained() {
        assert_eq!(found(&parse("")), vec![(None, None, &Problem::NoSurveys)]);
        assert_eq!(
            found(&parse("\n\n")),
            vec![(None, None, &Problem::NoSurveys)]
        );
        let p = parse("customer_id,answered_on,recommend,overall\n1,2026-06-10,\"9,4\n");
        assert_eq!(found(&p), vec![(Some(2), None, &Problem::UnclosedQuote)]);
        let p = parse("customer_id,answered_on,recommend,overall\n1,2026-06-10,\"9\"x,4\n");
        assert_eq!(
            found(&p)[0],
            (Some(2), Some("recommend"), &Problem::TextAfterQuote)
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn more_rows_than_one_import_takes_are_refused() {
        let mut text = String::from("customer_id,answered_on,recommend,overall\n");
        for _ in 0..=IMPORT_MAX_ROWS {
            text.push_str("1,2026-06-10,9,4\n");
        }
        let p = parse(&text);
        assert_eq!(
            found(&p),
            vec![(
                None,
                None,
                &Problem::TooManyRows {
                    found: IMPORT_MAX_ROWS + 1,
                    max: IMPORT_MAX_ROWS
                }
            )]
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn customers_outside_the_book_and_dates_outside_the_relationship_are_caught_before_sending() {
        let text = "customer_id,answered_on,recommend,overall
1,2026-06-10,9,4
2,2026-06-10,9,4
1,2026-07-01,9,4
1,2019-12-31,9,4
";
        let mut p = parse(text);
        let since = day(2020, 1, 1);
        check_against_book(
            &mut p,
            |id| (id == CustomerId(1)).then_some(since),
            day(2026, 6, 30),
        );
        assert_eq!(
            found(&p),
            vec![
                (Some(3), Some("customer_id"), &Problem::NotInBook),
                (
                    Some(4),
                    Some("answered_on"),
                    &Problem::InFuture {
                        today: day(2026, 6, 30)
                    }
                ),
                (
                    Some(5),
                    Some("answered_on"),
                    &Problem::BeforeRelationship { since }
                ),
            ]
        );
        assert!(!p.ready());
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_servers_field_names_map_back_to_rows_and_columns() {
        let text = "customer_id,answered_on,recommend,overall,fees_satisfaction,fees_importance,expertise_satisfaction,expertise_importance
1,2026-06-10,9,4,,,3,5

2,2026-06-10,9,4,2,2,3,5
";
        let p = parse(text);
        assert!(p.ready());
        let at = |field: &str| {
            let r = locate(field, "bad", &p.rows);
            (r.row, r.column)
        };
        assert_eq!(
            at("surveys[0].recommend"),
            (Some(2), Some("recommend".into()))
        );
        assert_eq!(
            at("surveys[1].customer_id"),
            (Some(4), Some("customer_id".into()))
        );
        // Row 1 rated expertise only: its rating 0 is expertise.
        assert_eq!(
            at("surveys[0].ratings[0].importance"),
            (Some(2), Some("expertise_importance".into()))
        );
        // Row 4 rated both: ratings are sent in the attributes' order, expertise first.
        assert_eq!(
            at("surveys[1].ratings[0].satisfaction"),
            (Some(4), Some("expertise_satisfaction".into()))
        );
        assert_eq!(
            at("surveys[1].ratings[1].importance"),
            (Some(4), Some("fees_importance".into()))
        );
        assert_eq!(at("surveys[1]"), (Some(4), None));
        assert_eq!(at("surveys"), (None, None));
        assert_eq!(at("surveys[9].overall"), (None, None));
        assert_eq!(
            locate("surveys", "bad", &p.rows).problem,
            Problem::Server("bad".into())
        );
    }
}
