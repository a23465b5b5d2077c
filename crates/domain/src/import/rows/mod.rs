//! One row of an import file checked against its column set: every cell's problems
//! collected, or the row as typed values (docs/rules.md, Import). The checks that need
//! the bank's data (does this RM, product or customer number exist) are the server's.

use super::columns::{columns_of, HeaderMatch};
use super::id_card::{parse_resident_id, IdCardError};
use super::values::{parse_amount, parse_date, parse_mobile, parse_optional_text, parse_text};
use super::{ImportKind, Problem};
use crate::api::{IdType, IncomeBand};
use crate::{Gender, Money, RiskLevel};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub mod history;
pub use history::{ContactRow, MonthlyRow, SurveyRow};

/// A problem of one cell: the column's index in the kind's column set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellProblem {
    /// Index in [`columns_of`]; `None` for the row as a whole.
    pub column: Option<usize>,
    pub problem: Problem,
    pub detail: Option<String>,
}

/// A customer row that passed every check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRow {
    pub customer_no: String,
    pub name: String,
    pub id_type: IdType,
    /// A resident ID in its 18-digit form.
    pub id_number: String,
    /// The file wrote the old 15-digit form.
    pub id_was_fifteen: bool,
    pub phone: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub rm_username: String,
    pub email: Option<String>,
    pub address: Option<String>,
    pub occupation: Option<String>,
    pub income_band: IncomeBand,
    pub risk_level: Option<RiskLevel>,
    pub risk_assessed_on: Option<NaiveDate>,
    pub since: Option<NaiveDate>,
}

/// A holding row that passed every check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldingRow {
    pub account_no: String,
    pub customer_no: String,
    pub product_code: String,
    pub balance: Money,
    pub opened_on: NaiveDate,
    pub matures_on: Option<NaiveDate>,
}

/// A checked row of any kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportRow {
    Customer(CustomerRow),
    Holding(HoldingRow),
    Monthly(MonthlyRow),
    Contact(ContactRow),
    Survey(SurveyRow),
}

impl ImportRow {
    /// The row's key in the bank: the customer number, the account number, or the
    /// customer number with the history record's date (and channel).
    pub fn key(&self) -> String {
        match self {
            Self::Customer(c) => c.customer_no.clone(),
            Self::Holding(h) => h.account_no.clone(),
            Self::Monthly(m) => m.key(),
            Self::Contact(c) => c.key(),
            Self::Survey(s) => s.key(),
        }
    }

    /// The customer number a history row (monthly, contact, survey) hangs off.
    pub fn history_customer_no(&self) -> Option<&str> {
        match self {
            Self::Monthly(m) => Some(&m.customer_no),
            Self::Contact(c) => Some(&c.customer_no),
            Self::Survey(s) => Some(&s.customer_no),
            Self::Customer(_) | Self::Holding(_) => None,
        }
    }

    /// Point a history row at another customer number (one merged into another is
    /// written to the surviving customer's).
    pub fn set_history_customer_no(&mut self, no: &str) {
        match self {
            Self::Monthly(m) => no.clone_into(&mut m.customer_no),
            Self::Contact(c) => no.clone_into(&mut c.customer_no),
            Self::Survey(s) => no.clone_into(&mut s.customer_no),
            Self::Customer(_) | Self::Holding(_) => {}
        }
    }
}

/// The cells of one row, read by column index through the header.
struct Cells<'a> {
    header: &'a HeaderMatch,
    row: &'a [&'a str],
    problems: Vec<CellProblem>,
}

impl<'a> Cells<'a> {
    /// A row's cells to read, once its width matches the header (else the one problem).
    fn of(header: &'a HeaderMatch, row: &'a [&'a str]) -> Result<Self, Vec<CellProblem>> {
        match width_problem(header, row) {
            Some(p) => Err(vec![p]),
            None => Ok(Cells {
                header,
                row,
                problems: vec![],
            }),
        }
    }

    fn raw(&self, c: usize) -> &'a str {
        self.header.positions[c]
            .and_then(|p| self.row.get(p).copied())
            .unwrap_or("")
    }

    fn fail(&mut self, c: usize, problem: Problem, detail: Option<String>) {
        self.problems.push(CellProblem {
            column: Some(c),
            problem,
            detail,
        });
    }

    fn check<T>(&mut self, c: usize, parsed: Result<T, Problem>) -> Option<T> {
        parsed.map_err(|p| self.fail(c, p, None)).ok()
    }

    fn text(&mut self, c: usize) -> Option<String> {
        let raw = self.raw(c);
        self.check(c, parse_text(raw))
    }

    fn optional_text(&mut self, c: usize) -> Option<Option<String>> {
        let raw = self.raw(c);
        self.check(c, parse_optional_text(raw))
    }

    fn date(&mut self, c: usize, today: NaiveDate) -> Option<NaiveDate> {
        let raw = self.raw(c);
        self.check(c, parse_date(raw, today))
    }

    fn optional_date(&mut self, c: usize, latest: NaiveDate) -> Option<Option<NaiveDate>> {
        if self.raw(c).trim().is_empty() {
            Some(None)
        } else {
            self.date(c, latest).map(Some)
        }
    }

    /// One of `choices` (written forms, lower-cased), or the default when empty.
    fn choice<T: Copy>(&mut self, c: usize, default: T, choices: &[(&str, T)]) -> Option<T> {
        let raw = self.raw(c).trim().to_lowercase();
        if raw.is_empty() {
            return Some(default);
        }
        match choices.iter().find(|(w, _)| *w == raw) {
            Some((_, v)) => Some(*v),
            None => {
                let accepted = choices
                    .iter()
                    .map(|(w, _)| *w)
                    .collect::<Vec<_>>()
                    .join(" / ");
                self.fail(c, Problem::UnknownValue, Some(accepted));
                None
            }
        }
    }
}

/// Check the row's width against the header first: a row with too many or too few
/// fields is reported as a whole, its cells unread.
fn width_problem(header: &HeaderMatch, row: &[&str]) -> Option<CellProblem> {
    use std::cmp::Ordering;
    let problem = match row.len().cmp(&header.width) {
        Ordering::Greater => Problem::TooManyFields,
        Ordering::Less => Problem::TooFewFields,
        Ordering::Equal => return None,
    };
    Some(CellProblem {
        column: None,
        problem,
        detail: Some(format!("{} / {}", row.len(), header.width)),
    })
}

const ID_TYPES: &[(&str, IdType)] = &[
    ("resident_id_card", IdType::ResidentIdCard),
    ("身份证", IdType::ResidentIdCard),
    ("居民身份证", IdType::ResidentIdCard),
    ("passport", IdType::Passport),
    ("护照", IdType::Passport),
    ("hk_macao_permit", IdType::HongKongMacaoPermit),
    ("港澳通行证", IdType::HongKongMacaoPermit),
    ("taiwan_permit", IdType::TaiwanPermit),
    ("台湾通行证", IdType::TaiwanPermit),
    (
        "foreign_permanent_resident_card",
        IdType::ForeignPermanentResidentCard,
    ),
    ("外国人永久居留证", IdType::ForeignPermanentResidentCard),
];

const GENDERS: &[(&str, Gender)] = &[
    ("female", Gender::Female),
    ("f", Gender::Female),
    ("女", Gender::Female),
    ("male", Gender::Male),
    ("m", Gender::Male),
    ("男", Gender::Male),
];

const INCOME_BANDS: &[(&str, IncomeBand)] = &[
    ("<100k", IncomeBand::Under100k),
    ("100k-200k", IncomeBand::From100kTo200k),
    ("200k-500k", IncomeBand::From200kTo500k),
    ("500k-1m", IncomeBand::From500kTo1m),
    (">1m", IncomeBand::Over1m),
];

/// Check one customer row (`today`: the bank's date, the latest date accepted).
pub fn check_customer(
    header: &HeaderMatch,
    row: &[&str],
    today: NaiveDate,
) -> Result<CustomerRow, Vec<CellProblem>> {
    let mut cells = Cells::of(header, row)?;
    let customer_no = cells.text(0);
    let name = cells.text(1);
    let id_type = cells.choice(2, IdType::ResidentIdCard, ID_TYPES);
    let phone = {
        let raw = cells.raw(4);
        cells.check(4, parse_mobile(raw))
    };
    let gender = cells.choice(5, Gender::Unspecified, GENDERS);
    let birth_date = cells.date(6, today);
    let id = match id_type {
        Some(IdType::ResidentIdCard) => {
            let raw = cells.raw(3).trim();
            if raw.is_empty() {
                cells.fail(3, Problem::Required, None);
                None
            } else {
                match parse_resident_id(raw) {
                    Ok(id) => {
                        if birth_date.is_some_and(|b| b != id.birth_date) {
                            cells.fail(6, Problem::IdBirthDateMismatch, None);
                        }
                        Some((id.eighteen, id.was_fifteen))
                    }
                    Err(e) => {
                        let (p, d) = match e {
                            IdCardError::Length => (Problem::IdLength, None),
                            IdCardError::NotDigits => (Problem::IdNotDigits, None),
                            IdCardError::BirthDate => (Problem::IdBirthDate, None),
                            IdCardError::CheckDigit { expected } => {
                                (Problem::IdCheckDigit, Some(expected.to_string()))
                            }
                        };
                        cells.fail(3, p, d);
                        None
                    }
                }
            }
        }
        Some(_) => cells.text(3).map(|t| (t.to_uppercase(), false)),
        None => None,
    };
    let rm_username = cells.text(7);
    let email = cells.optional_text(8);
    if let Some(Some(e)) = &email {
        let ok = e.split_once('@').is_some_and(|(l, d)| {
            !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.')
        }) && !e.contains(char::is_whitespace);
        if !ok {
            cells.fail(8, Problem::EmailInvalid, None);
        }
    }
    let address = cells.optional_text(9);
    let occupation = cells.optional_text(10);
    let income_band = cells.choice(11, IncomeBand::Under100k, INCOME_BANDS);
    let risk_level = {
        let raw = cells.raw(12).trim().to_uppercase();
        match raw.as_str() {
            "" => Some(None),
            "C1" => Some(Some(RiskLevel::C1)),
            "C2" => Some(Some(RiskLevel::C2)),
            "C3" => Some(Some(RiskLevel::C3)),
            "C4" => Some(Some(RiskLevel::C4)),
            "C5" => Some(Some(RiskLevel::C5)),
            _ => {
                cells.fail(
                    12,
                    Problem::UnknownValue,
                    Some("C1 / C2 / C3 / C4 / C5".into()),
                );
                None
            }
        }
    };
    let risk_assessed_on = cells.optional_date(13, today);
    if matches!((risk_level, risk_assessed_on), (Some(Some(_)), Some(None))) {
        cells.fail(13, Problem::Required, None);
    }
    let since = cells.optional_date(14, today);
    let fields = (
        customer_no,
        name,
        id_type,
        id,
        phone,
        gender,
        birth_date,
        rm_username,
        email,
        address,
        occupation,
        income_band,
        risk_level,
        risk_assessed_on,
        since,
    );
    match fields {
        (
            Some(customer_no),
            Some(name),
            Some(id_type),
            Some((id_number, id_was_fifteen)),
            Some(phone),
            Some(gender),
            Some(birth_date),
            Some(rm_username),
            Some(email),
            Some(address),
            Some(occupation),
            Some(income_band),
            Some(risk_level),
            Some(risk_assessed_on),
            Some(since),
        ) if cells.problems.is_empty() => Ok(CustomerRow {
            customer_no,
            name,
            id_type,
            id_number,
            id_was_fifteen,
            phone,
            gender,
            birth_date,
            rm_username,
            email,
            address,
            occupation,
            income_band,
            risk_level,
            risk_assessed_on,
            since,
        }),
        _ => Err(cells.problems),
    }
}

/// Check one holding row.
pub fn check_holding(
    header: &HeaderMatch,
    row: &[&str],
    today: NaiveDate,
) -> Result<HoldingRow, Vec<CellProblem>> {
    let mut cells = Cells::of(header, row)?;
    let account_no = cells.text(0);
    let customer_no = cells.text(1);
    let product_code = cells.text(2);
    let balance = {
        let raw = cells.raw(3);
        cells.check(3, parse_amount(raw))
    };
    let opened_on = cells.date(4, today);
    // A maturity may lie in the future: up to a century ahead.
    let far = today + chrono::Days::new(36_525);
    let matures_on = cells.optional_date(5, far);
    if let (Some(o), Some(Some(m))) = (opened_on, matures_on) {
        if m < o {
            cells.fail(5, Problem::MaturityBeforeOpening, None);
        }
    }
    match (
        account_no,
        customer_no,
        product_code,
        balance,
        opened_on,
        matures_on,
    ) {
        (
            Some(account_no),
            Some(customer_no),
            Some(product_code),
            Some(balance),
            Some(opened_on),
            Some(matures_on),
        ) if cells.problems.is_empty() => Ok(HoldingRow {
            account_no,
            customer_no,
            product_code,
            balance,
            opened_on,
            matures_on,
        }),
        _ => Err(cells.problems),
    }
}

/// A cell holding a line break: a quote opened and not closed where it should be (the
/// CSV reader then runs on to the next quote). Reported before the row's width, which
/// such a quote also breaks.
fn line_break_problem(header: &HeaderMatch, row: &[&str]) -> Option<CellProblem> {
    let at = row.iter().position(|c| c.contains(['\n', '\r']))?;
    Some(CellProblem {
        column: header.positions.iter().position(|p| *p == Some(at)),
        problem: Problem::LineBreak,
        detail: None,
    })
}

/// Check a row of `kind`.
pub fn check_row(
    kind: ImportKind,
    header: &HeaderMatch,
    row: &[&str],
    today: NaiveDate,
) -> Result<ImportRow, Vec<CellProblem>> {
    debug_assert_eq!(header.positions.len(), columns_of(kind).len());
    if let Some(p) = line_break_problem(header, row) {
        return Err(vec![p]);
    }
    match kind {
        ImportKind::Customers => check_customer(header, row, today).map(ImportRow::Customer),
        ImportKind::Holdings => check_holding(header, row, today).map(ImportRow::Holding),
        ImportKind::MonthlyFlows => {
            history::check_monthly(header, row, today).map(ImportRow::Monthly)
        }
        ImportKind::Contacts => history::check_contact(header, row, today).map(ImportRow::Contact),
        ImportKind::Surveys => history::check_survey(header, row, today).map(ImportRow::Survey),
    }
}

#[cfg(test)]
mod tests;
