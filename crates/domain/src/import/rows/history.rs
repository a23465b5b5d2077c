//! Rows of the files that add to a customer's history (docs/rules.md, Import): monthly
//! transaction aggregates, contacts and surveys. Each row names its customer by the
//! bank's customer number and is keyed by it plus its date (and, for a contact, its
//! channel), so importing the same file again changes nothing.

use super::{CellProblem, Cells};
use crate::import::columns::HeaderMatch;
use crate::import::values::{parse_amount, EARLIEST_DATE};
use crate::import::Problem;
use crate::service::{InteractionKind, InteractionOutcome, RatingInput};
use crate::{Channel, Money, ServiceAttribute};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// One month of a customer's activity, as `monthly_history` holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyRow {
    pub customer_no: String,
    /// The first day of the month.
    pub month: NaiveDate,
    pub transactions: i64,
    pub logins: i64,
    pub inflow: Money,
    pub outflow: Money,
    pub aum_end: Money,
    pub margin: Money,
}

/// One contact with a customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRow {
    pub customer_no: String,
    pub occurred_on: NaiveDate,
    pub channel: Channel,
    pub kind: InteractionKind,
    pub outcome: InteractionOutcome,
    /// Who made it; `None`: the customer's RM (or, on re-import, whoever is stored).
    pub rm_username: Option<String>,
    pub note: Option<String>,
}

/// One satisfaction survey; `ratings` empty keeps the stored ones on re-import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyRow {
    pub customer_no: String,
    pub answered_on: NaiveDate,
    pub recommend: u8,
    pub overall: u8,
    pub ratings: Vec<RatingInput>,
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl MonthlyRow {
    /// `customer_no|YYYY-MM`.
    pub fn key(&self) -> String {
        month_key(&self.customer_no, self.month)
    }
}

/// The key of a month of a customer.
pub fn month_key(customer_no: &str, month: NaiveDate) -> String {
    format!("{customer_no}|{}", month.format("%Y-%m"))
}

impl ContactRow {
    /// `customer_no|YYYY-MM-DD|channel`.
    pub fn key(&self) -> String {
        contact_key(&self.customer_no, self.occurred_on, self.channel)
    }
}

/// The key of a contact.
pub fn contact_key(customer_no: &str, on: NaiveDate, channel: Channel) -> String {
    format!("{customer_no}|{}|{channel:?}", day(on))
}

impl SurveyRow {
    /// `customer_no|YYYY-MM-DD`.
    pub fn key(&self) -> String {
        survey_key(&self.customer_no, self.answered_on)
    }
}

/// The key of a survey.
pub fn survey_key(customer_no: &str, on: NaiveDate) -> String {
    format!("{customer_no}|{}", day(on))
}

/// A month written `YYYY-MM`, `YYYY/MM` or `YYYYMM` (or a full date, taken as its
/// month), from 1900 to the month of `today`.
pub fn parse_month(raw: &str, today: NaiveDate) -> Result<NaiveDate, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let (y, m) = match (s.len(), digits.len()) {
        (7, 6) if matches!(s.as_bytes()[4], b'-' | b'/') => (&digits[..4], &digits[4..]),
        (6, 6) => (&digits[..4], &digits[4..]),
        (8 | 10, 8) => {
            let d = crate::import::values::parse_date(s, today)?;
            return Ok(d.with_day(1).unwrap_or(d));
        }
        _ => return Err(Problem::DateFormat),
    };
    let (y, m): (i32, u32) = (
        y.parse().map_err(|_| Problem::DateFormat)?,
        m.parse().map_err(|_| Problem::DateFormat)?,
    );
    let first = NaiveDate::from_ymd_opt(y, m, 1).ok_or(Problem::DateNotInCalendar)?;
    if first < EARLIEST_DATE {
        return Err(Problem::DateTooEarly);
    }
    if first > today {
        return Err(Problem::DateInFuture);
    }
    Ok(first)
}

/// A whole number from `lo` to `hi`, digits only.
pub fn parse_whole(raw: &str, lo: i64, hi: i64) -> Result<i64, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    if s.starts_with('-') && s.len() > 1 && s[1..].bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::OutOfRange);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::NotWholeNumber);
    }
    match s.parse::<i64>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(Problem::OutOfRange),
    }
}

/// Most transactions or logins counted in one month.
pub const MAX_MONTHLY_COUNT: i64 = 1_000_000;

impl Cells<'_> {
    fn whole(&mut self, c: usize, lo: i64, hi: i64) -> Option<i64> {
        let raw = self.raw(c);
        match parse_whole(raw, lo, hi) {
            Ok(n) => Some(n),
            Err(p) => {
                let detail = (p == Problem::OutOfRange).then(|| format!("{lo}–{hi}"));
                self.fail(c, p, detail);
                None
            }
        }
    }

    fn optional_whole(&mut self, c: usize, lo: i64, hi: i64) -> Option<i64> {
        if self.raw(c).trim().is_empty() {
            Some(0)
        } else {
            self.whole(c, lo, hi)
        }
    }

    fn amount(&mut self, c: usize) -> Option<Money> {
        let raw = self.raw(c);
        self.check(c, parse_amount(raw))
    }

    fn optional_amount(&mut self, c: usize) -> Option<Money> {
        if self.raw(c).trim().is_empty() {
            Some(Money::ZERO)
        } else {
            self.amount(c)
        }
    }
}

/// Check one monthly aggregates row.
pub fn check_monthly(
    header: &HeaderMatch,
    row: &[&str],
    today: NaiveDate,
) -> Result<MonthlyRow, Vec<CellProblem>> {
    let mut cells = Cells::of(header, row)?;
    let customer_no = cells.text(0);
    let month = {
        let raw = cells.raw(1);
        cells.check(1, parse_month(raw, today))
    };
    let transactions = cells.whole(2, 0, MAX_MONTHLY_COUNT);
    let logins = cells.optional_whole(3, 0, MAX_MONTHLY_COUNT);
    let inflow = cells.amount(4);
    let outflow = cells.amount(5);
    let aum_end = cells.amount(6);
    let margin = cells.optional_amount(7);
    match (
        customer_no,
        month,
        transactions,
        logins,
        inflow,
        outflow,
        aum_end,
        margin,
    ) {
        (
            Some(customer_no),
            Some(month),
            Some(transactions),
            Some(logins),
            Some(inflow),
            Some(outflow),
            Some(aum_end),
            Some(margin),
        ) if cells.problems.is_empty() => Ok(MonthlyRow {
            customer_no,
            month,
            transactions,
            logins,
            inflow,
            outflow,
            aum_end,
            margin,
        }),
        _ => Err(cells.problems),
    }
}

const CHANNELS: &[(&str, Channel)] = &[
    ("branch", Channel::Branch),
    ("网点", Channel::Branch),
    ("phone", Channel::Phone),
    ("电话", Channel::Phone),
    ("message", Channel::Message),
    ("短信", Channel::Message),
    ("app", Channel::App),
    ("手机银行", Channel::App),
    ("email", Channel::Email),
    ("邮件", Channel::Email),
    ("visit", Channel::Visit),
    ("上门", Channel::Visit),
    ("event", Channel::Event),
    ("活动", Channel::Event),
];

const KINDS: &[(&str, InteractionKind)] = &[
    ("visit", InteractionKind::Visit),
    ("拜访", InteractionKind::Visit),
    ("call", InteractionKind::Call),
    ("电话", InteractionKind::Call),
    ("message", InteractionKind::Message),
    ("短信", InteractionKind::Message),
    ("event", InteractionKind::Event),
    ("活动", InteractionKind::Event),
];

const OUTCOMES: &[(&str, InteractionOutcome)] = &[
    ("interested", InteractionOutcome::Interested),
    ("有意向", InteractionOutcome::Interested),
    ("not_interested", InteractionOutcome::NotInterested),
    ("无意向", InteractionOutcome::NotInterested),
    ("follow_up_scheduled", InteractionOutcome::FollowUpScheduled),
    ("已约跟进", InteractionOutcome::FollowUpScheduled),
    ("product_purchased", InteractionOutcome::ProductPurchased),
    ("已购买", InteractionOutcome::ProductPurchased),
    ("no_answer", InteractionOutcome::NoAnswer),
    ("未接通", InteractionOutcome::NoAnswer),
    ("service_request", InteractionOutcome::ServiceRequest),
    ("服务请求", InteractionOutcome::ServiceRequest),
    ("care_delivered", InteractionOutcome::CareDelivered),
    ("关怀已送达", InteractionOutcome::CareDelivered),
];

impl Cells<'_> {
    /// One of `choices`, required.
    fn required_choice<T: Copy>(&mut self, c: usize, choices: &[(&str, T)]) -> Option<T> {
        if self.raw(c).trim().is_empty() {
            self.fail(c, Problem::Required, None);
            return None;
        }
        // The default is never used: the cell is not empty.
        self.choice(c, choices[0].1, choices)
    }
}

/// Check one contact row.
pub fn check_contact(
    header: &HeaderMatch,
    row: &[&str],
    today: NaiveDate,
) -> Result<ContactRow, Vec<CellProblem>> {
    let mut cells = Cells::of(header, row)?;
    let customer_no = cells.text(0);
    let occurred_on = cells.date(1, today);
    let channel = cells.required_choice(2, CHANNELS);
    let kind = cells.required_choice(3, KINDS);
    let outcome = cells.required_choice(4, OUTCOMES);
    let rm_username = cells.optional_text(5);
    let note = cells.optional_text(6);
    match (
        customer_no,
        occurred_on,
        channel,
        kind,
        outcome,
        rm_username,
        note,
    ) {
        (
            Some(customer_no),
            Some(occurred_on),
            Some(channel),
            Some(kind),
            Some(outcome),
            Some(rm_username),
            Some(note),
        ) if cells.problems.is_empty() => Ok(ContactRow {
            customer_no,
            occurred_on,
            channel,
            kind,
            outcome,
            rm_username,
            note,
        }),
        _ => Err(cells.problems),
    }
}

/// Check one survey row: recommend 0–10, overall 1–5, each attribute's satisfaction and
/// importance 1–5, both given or both blank (the browser survey file's rules).
pub fn check_survey(
    header: &HeaderMatch,
    row: &[&str],
    today: NaiveDate,
) -> Result<SurveyRow, Vec<CellProblem>> {
    let mut cells = Cells::of(header, row)?;
    let customer_no = cells.text(0);
    let answered_on = cells.date(1, today);
    let recommend = cells.whole(2, 0, 10);
    let overall = cells.whole(3, 1, 5);
    let mut ratings = vec![];
    for (i, attribute) in ServiceAttribute::ALL.into_iter().enumerate() {
        let (sc, ic) = (4 + 2 * i, 5 + 2 * i);
        let (s, imp) = (cells.raw(sc).trim(), cells.raw(ic).trim());
        match (s.is_empty(), imp.is_empty()) {
            (true, true) => continue,
            (true, false) => cells.fail(sc, Problem::HalfRated, None),
            (false, true) => cells.fail(ic, Problem::HalfRated, None),
            (false, false) => {
                if let (Some(satisfaction), Some(importance)) =
                    (cells.whole(sc, 1, 5), cells.whole(ic, 1, 5))
                {
                    ratings.push(RatingInput {
                        attribute,
                        satisfaction: satisfaction as u8,
                        importance: importance as u8,
                    });
                }
            }
        }
    }
    match (customer_no, answered_on, recommend, overall) {
        (Some(customer_no), Some(answered_on), Some(recommend), Some(overall))
            if cells.problems.is_empty() =>
        {
            Ok(SurveyRow {
                customer_no,
                answered_on,
                recommend: recommend as u8,
                overall: overall as u8,
                ratings,
            })
        }
        _ => Err(cells.problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::columns::{match_header, template_header, HeaderLang};
    use crate::import::ImportKind;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
    }

    fn header(kind: ImportKind, lang: HeaderLang) -> HeaderMatch {
        match_header(kind, &template_header(kind, lang))
    }

    fn problems<T: std::fmt::Debug>(
        r: Result<T, Vec<CellProblem>>,
    ) -> Vec<(Option<usize>, Problem)> {
        r.expect_err("a bad row")
            .into_iter()
            .map(|p| (p.column, p.problem))
            .collect()
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_month_is_written_as_its_year_and_month_and_is_not_in_the_future() {
        let first = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(parse_month("2026-03", today()), Ok(first));
        assert_eq!(parse_month("2026/03", today()), Ok(first));
        assert_eq!(parse_month("202603", today()), Ok(first));
        assert_eq!(parse_month("2026-03-17", today()), Ok(first));
        assert_eq!(
            parse_month("2026-13", today()),
            Err(Problem::DateNotInCalendar)
        );
        assert_eq!(parse_month("2026-07", today()), Err(Problem::DateInFuture));
        assert_eq!(parse_month("1800-01", today()), Err(Problem::DateTooEarly));
        assert_eq!(parse_month("March 2026", today()), Err(Problem::DateFormat));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn counts_are_whole_numbers_in_their_range() {
        assert_eq!(parse_whole("12", 0, 100), Ok(12));
        assert_eq!(parse_whole("-5", 0, 100), Err(Problem::OutOfRange));
        assert_eq!(parse_whole("1.5", 0, 100), Err(Problem::NotWholeNumber));
        assert_eq!(parse_whole("1e3", 0, 100), Err(Problem::NotWholeNumber));
        assert_eq!(parse_whole("101", 0, 100), Err(Problem::OutOfRange));
        assert_eq!(parse_whole("", 0, 100), Err(Problem::Required));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_monthly_row_names_every_bad_cell_and_defaults_logins_and_margin() {
        let h = header(ImportKind::MonthlyFlows, HeaderLang::En);
        let ok = check_monthly(
            &h,
            &["C1", "2026-05", "14", "", "1000.00", "0", "250000", ""],
            today(),
        )
        .unwrap();
        assert_eq!(ok.logins, 0);
        assert_eq!(ok.margin, Money::ZERO);
        assert_eq!(ok.aum_end, Money::from_fen(25_000_000));
        assert_eq!(ok.key(), "C1|2026-05");
        let bad = check_monthly(
            &h,
            &[
                "C1",
                "2024-02-30",
                "-5",
                "x",
                "1,000.00元",
                "1e309",
                "-5",
                "",
            ],
            today(),
        );
        assert_eq!(
            problems(bad),
            vec![
                (Some(1), Problem::DateNotInCalendar),
                (Some(2), Problem::OutOfRange),
                (Some(3), Problem::NotWholeNumber),
                (Some(4), Problem::AmountThousandsSeparator),
                (Some(5), Problem::AmountExponent),
                (Some(6), Problem::AmountNegative),
            ]
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_contact_reads_english_or_chinese_values_and_refuses_a_formula_note() {
        let h = header(ImportKind::Contacts, HeaderLang::Zh);
        let ok = check_contact(
            &h,
            &["C1", "2026-05-02", "电话", "call", "有意向", "", "谈了定期"],
            today(),
        )
        .unwrap();
        assert_eq!(
            (ok.channel, ok.kind, ok.outcome),
            (
                Channel::Phone,
                InteractionKind::Call,
                InteractionOutcome::Interested
            )
        );
        assert_eq!(ok.key(), "C1|2026-05-02|Phone");
        let bad = check_contact(
            &h,
            &[
                "C1",
                "2026-05-02",
                "",
                "fax",
                "yes",
                "rm01",
                "=HYPERLINK(\"x\")",
            ],
            today(),
        );
        assert_eq!(
            problems(bad),
            vec![
                (Some(2), Problem::Required),
                (Some(3), Problem::UnknownValue),
                (Some(4), Problem::UnknownValue),
                (Some(6), Problem::FormulaLike),
            ]
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_survey_takes_rated_pairs_and_names_a_half_rated_attribute() {
        let h = header(ImportKind::Surveys, HeaderLang::En);
        let mut row = vec![""; 18];
        row[..4].copy_from_slice(&["C1", "2026-05-02", "9", "4"]);
        row[4] = "5";
        row[5] = "3";
        let ok = check_survey(&h, &row, today()).unwrap();
        assert_eq!(
            ok.ratings,
            vec![RatingInput {
                attribute: ServiceAttribute::WaitingTime,
                satisfaction: 5,
                importance: 3
            }]
        );
        row[2] = "11";
        row[3] = "0";
        row[7] = "2";
        assert_eq!(
            problems(check_survey(&h, &row, today())),
            vec![
                (Some(2), Problem::OutOfRange),
                (Some(3), Problem::OutOfRange),
                (Some(6), Problem::HalfRated),
            ]
        );
    }
}
