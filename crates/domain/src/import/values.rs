//! The values of an import file's cells: amounts in yuan to fen, dates, mobile numbers
//! and free text, each refused with the reason in [`Problem`] (docs/rules.md, Import).

use super::Problem;
use crate::Money;
use chrono::NaiveDate;

/// Dates before this are refused: no customer, holding or contact of a living bank
/// relationship is older.
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => panic!("1900-01-01 exists"),
};

/// An amount of yuan as the core systems write it: digits, an optional point and at
/// most two decimals ("1000", "1000.5", "1000.00"). Thousands separators, a currency
/// sign or word, a sign, an exponent are refused: "1,000.00元" could be a typing slip in
/// a figure the bank will trust, so it is named rather than guessed.
pub fn parse_amount(raw: &str) -> Result<Money, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    if s.starts_with('-') {
        return Err(Problem::AmountNegative);
    }
    if s.contains(',') || s.contains('，') {
        return Err(Problem::AmountThousandsSeparator);
    }
    if s.contains(['元', '¥', '￥', '$']) || s.to_ascii_uppercase().contains("CNY") {
        return Err(Problem::AmountCurrency);
    }
    if s.contains(['e', 'E']) && s.chars().all(|c| c.is_ascii_digit() || "eE.+-".contains(c)) {
        return Err(Problem::AmountExponent);
    }
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (s.ends_with('.'))
    {
        return Err(Problem::AmountNotANumber);
    }
    if frac.len() > 2 {
        return Err(Problem::AmountTooPrecise);
    }
    let yuan: i64 = int.parse().map_err(|_| Problem::AmountTooLarge)?;
    let fen_part: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
    yuan.checked_mul(100)
        .and_then(|f| f.checked_add(fen_part))
        .filter(|f| *f <= MAX_AMOUNT_FEN)
        .map(Money::from_fen)
        .ok_or(Problem::AmountTooLarge)
}

/// One trillion yuan: more than any one customer's holding.
pub const MAX_AMOUNT_FEN: i64 = 1_000_000_000_000 * 100;

/// A calendar date written YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD (what Excel and the core
/// systems write), between [`EARLIEST_DATE`] and `latest` (for dates of the past, today).
pub fn parse_date(raw: &str, latest: NaiveDate) -> Result<NaiveDate, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let shaped = match s.len() {
        8 => digits.len() == 8,
        10 => {
            digits.len() == 8
                && matches!(
                    (s.as_bytes()[4], s.as_bytes()[7]),
                    (b'-', b'-') | (b'/', b'/')
                )
        }
        _ => false,
    };
    if !shaped {
        return Err(Problem::DateFormat);
    }
    let date =
        NaiveDate::parse_from_str(&digits, "%Y%m%d").map_err(|_| Problem::DateNotInCalendar)?;
    if date < EARLIEST_DATE {
        return Err(Problem::DateTooEarly);
    }
    if date > latest {
        return Err(Problem::DateInFuture);
    }
    Ok(date)
}

/// A mainland mobile number: 11 digits starting 1[3-9]; spaces and hyphens between
/// digit groups and a +86 / 0086 prefix are dropped. Stored as the 11 digits.
pub fn parse_mobile(raw: &str) -> Result<String, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    if s.chars().any(|c| c.is_alphabetic()) {
        return Err(Problem::PhoneHasLetters);
    }
    let compact: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let national = compact
        .strip_prefix("+86")
        .or_else(|| compact.strip_prefix("0086"))
        .unwrap_or(&compact);
    let b = national.as_bytes();
    if b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
    {
        Ok(national.to_owned())
    } else {
        Err(Problem::PhoneNotMobile)
    }
}

/// Longest free text accepted in one cell.
pub const MAX_TEXT_CHARS: usize = 200;

/// Free text (a name, an address): trimmed; a line break (a quote left open in the
/// file) and a leading `=`, `+`, `-`, `@` or tab (a spreadsheet would run it as a
/// formula: `=HYPERLINK(...)`, `+cmd|...`) are refused.
pub fn parse_text(raw: &str) -> Result<String, Problem> {
    let s = raw.trim_matches(|c: char| c == ' ' || c == '\u{3000}');
    if s.is_empty() {
        return Err(Problem::Required);
    }
    if s.contains(['\n', '\r']) {
        return Err(Problem::LineBreak);
    }
    if s.starts_with(['=', '+', '-', '@', '\t']) {
        return Err(Problem::FormulaLike);
    }
    if s.chars().count() > MAX_TEXT_CHARS {
        return Err(Problem::TooLong);
    }
    Ok(s.to_owned())
}

/// Optional free text: empty is `None`, else as [`parse_text`].
pub fn parse_optional_text(raw: &str) -> Result<Option<String>, Problem> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse_text(raw).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn amounts_are_yuan_with_at_most_two_decimals_and_become_fen() {
        assert_eq!(parse_amount("1000"), Ok(Money::from_fen(100_000)));
        assert_eq!(parse_amount(" 1000.5 "), Ok(Money::from_fen(100_050)));
        assert_eq!(parse_amount("0.07"), Ok(Money::from_fen(7)));
        assert_eq!(parse_amount("0"), Ok(Money::ZERO));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_issues_bad_amounts_are_refused_each_with_its_own_reason() {
        assert_eq!(
            parse_amount("1,000.00元"),
            Err(Problem::AmountThousandsSeparator)
        );
        assert_eq!(parse_amount("1000.00元"), Err(Problem::AmountCurrency));
        assert_eq!(parse_amount("¥5"), Err(Problem::AmountCurrency));
        assert_eq!(parse_amount("-5"), Err(Problem::AmountNegative));
        assert_eq!(parse_amount("1e309"), Err(Problem::AmountExponent));
        assert_eq!(parse_amount("1.234"), Err(Problem::AmountTooPrecise));
        assert_eq!(parse_amount("12abc"), Err(Problem::AmountNotANumber));
        assert_eq!(parse_amount("1."), Err(Problem::AmountNotANumber));
        assert_eq!(parse_amount(".5"), Err(Problem::AmountNotANumber));
        assert_eq!(
            parse_amount("99999999999999999999"),
            Err(Problem::AmountTooLarge)
        );
        assert_eq!(parse_amount(""), Err(Problem::Required));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn dates_must_be_days_of_the_calendar_from_1900_to_today() {
        let today = day(2026, 6, 15);
        assert_eq!(parse_date("2024-02-29", today), Ok(day(2024, 2, 29)));
        assert_eq!(parse_date("2024/02/29", today), Ok(day(2024, 2, 29)));
        assert_eq!(parse_date("20240229", today), Ok(day(2024, 2, 29)));
        assert_eq!(
            parse_date("2024-02-30", today),
            Err(Problem::DateNotInCalendar)
        );
        assert_eq!(parse_date("1800-01-01", today), Err(Problem::DateTooEarly));
        assert_eq!(parse_date("2026-06-16", today), Err(Problem::DateInFuture));
        assert_eq!(parse_date("15/06/2024", today), Err(Problem::DateFormat));
        assert_eq!(parse_date("2024-2-3", today), Err(Problem::DateFormat));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn mobiles_are_eleven_digits_and_letters_are_named() {
        assert_eq!(parse_mobile("138 0013 8000"), Ok("13800138000".into()));
        assert_eq!(parse_mobile("+86 138-0013-8000"), Ok("13800138000".into()));
        assert_eq!(parse_mobile("1380013800O"), Err(Problem::PhoneHasLetters));
        assert_eq!(parse_mobile("010-12345678"), Err(Problem::PhoneNotMobile));
        assert_eq!(parse_mobile("12800138000"), Err(Problem::PhoneNotMobile));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn formula_payloads_and_line_breaks_are_refused_in_text() {
        assert_eq!(
            parse_text("=HYPERLINK(\"http://x\",\"y\")"),
            Err(Problem::FormulaLike)
        );
        assert_eq!(parse_text("+cmd|' /C calc'!A0"), Err(Problem::FormulaLike));
        assert_eq!(parse_text("@SUM(A1)"), Err(Problem::FormulaLike));
        assert_eq!(parse_text("张三\n李四"), Err(Problem::LineBreak));
        assert_eq!(parse_text("  张三丰 "), Ok("张三丰".into()));
        assert_eq!(parse_optional_text("  "), Ok(None));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn every_amount_written_with_two_decimals_reads_back_exactly(fen in 0i64..MAX_AMOUNT_FEN) {
                let written = format!("{}.{:02}", fen / 100, fen % 100);
                prop_assert_eq!(parse_amount(&written), Ok(Money::from_fen(fen)));
            }

            #[test]
            fn no_text_is_ever_accepted_as_an_amount_with_a_minus_or_a_comma(s in "[0-9]{0,6}[-,][0-9]{0,6}") {
                prop_assert!(parse_amount(&s).is_err());
            }

            #[test]
            fn any_accepted_text_never_starts_like_a_formula(s in "\\PC{0,30}") {
                if let Ok(t) = parse_text(&s) {
                    prop_assert!(!t.starts_with(['=', '+', '-', '@']));
                }
            }
        }
    }
}
